// The 'grounded-sam' endpoint: Grounded-SAM's wire contract answered by the local COCO-80 detector (PicoDet)
// plus a local Segmenter for the masks. Phrases become class queries (phrases.ts); colour words keep only the
// objects whose masked pixels have that colour (colours.ts). What it cannot find is listed in `unmatched`.
import { decodeRgb } from '../../../electron/media/convert-image';
import type { Detection, Detector, Segmenter } from '../../../electron/inference/segmenter';
import { groundedRequestSchema, splitPhrases, type WireDetection } from '../../../shared/endpoints/wire';
import { rleToMask } from '../../../shared/geometry/rle';
import type { Rle } from '../../../shared/domain';
import { colourShares, isColour } from './colours';
import { ContainerError, jsonReply, parseJsonBody, type Container } from './container';
import { parsePhrase, type PhraseQuery } from './phrases';
import type { RequestImages } from './request-images';

export interface GroundedContainerOptions {
  detector: Detector;
  segmenter: Segmenter;
  images: RequestImages;
}

export function groundedContainer({ detector, segmenter, images }: GroundedContainerOptions): Container {
  return async (request) => {
    const parsed = groundedRequestSchema.safeParse(parseJsonBody(request));
    if (!parsed.success)
      throw new ContainerError(
        400,
        `Invalid Grounded-SAM request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const body = parsed.data;
    const image = await images.fromBase64(body.image);
    const queries: PhraseQuery[] = [];
    const unmatched: string[] = [];
    for (const phrase of splitPhrases(body.text)) {
      const q = parsePhrase(phrase);
      if (q) queries.push(q);
      else unmatched.push(phrase);
    }
    const classes = [...new Set(queries.flatMap((q) => q.classes))];
    const found: Detection[] = classes.length
      ? await detector.detect(image, { classes, scoreThreshold: body.box_threshold, signal: request.signal })
      : [];
    const pixels = queries.some((q) => q.colours.length) ? await decodeRgb(image.path) : null;

    const detections: WireDetection[] = [];
    for (const d of found) {
      let rle: Rle | undefined;
      const needMask = body.with_masks || pixels !== null;
      if (needMask) {
        const result = await segmenter.segment(
          image,
          { points: [], box: d.box, previous: null },
          { multimask: false, signal: request.signal },
        );
        rle = result.candidates[0]?.rle;
      }
      for (const q of queries) {
        if (!q.classes.includes(d.label)) continue;
        if (pixels && !hasColours(q, d, rle, pixels)) continue;
        detections.push({
          label: q.phrase,
          score: d.score,
          box: d.box,
          ...(body.with_masks && rle ? { rle } : {}),
        });
      }
    }
    detections.sort((a, b) => b.score - a.score);
    return jsonReply({
      model: `emulated-grounded-sam(${detector.modelId}+${segmenter.modelId})`,
      detections,
      unmatched,
    });
  };
}

function hasColours(
  q: PhraseQuery,
  d: Detection,
  rle: Rle | undefined,
  pixels: { data: Uint8Array; width: number },
): boolean {
  const mask = rle ? rleToMask(rle) : null;
  const inside = mask ? (x: number, y: number) => mask.data[y * mask.width + x] === 1 : () => true;
  const shares = colourShares(pixels.data, pixels.width, { box: d.box, inside });
  return q.colours.every((c) => isColour(c, shares));
}
