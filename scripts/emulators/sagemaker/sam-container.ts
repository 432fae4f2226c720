// The 'sam' endpoint: our SAM wire contract answered by a local Segmenter (classical engine, local SAM, ...),
// and embedding mode answered by a local SAM-family image encoder when one is given.
import type { EngineImage, Segmenter } from '../../../electron/inference/segmenter';
import { samFrame } from '../../../electron/inference/local-sam/prompt';
import { float32ToFloat16 } from '../../../shared/endpoints/float16';
import {
  SAM_MODES,
  samRequestSchema,
  unsupportedModeMessage,
  type SamPrompt,
  type WireMask,
} from '../../../shared/endpoints/wire';
import { jsonReply, parseJsonBody, ContainerError, type Container } from './container';
import type { RequestImages } from './request-images';

/** A SAM image encoder: the embedding of an upright image (e.g. 1x256x64x64 float32). */
export interface EmbeddingEncoder {
  modelId: string;
  encode(image: EngineImage, signal: AbortSignal): Promise<{ data: Float32Array; dims: number[] }>;
}

export interface SamContainerOptions {
  segmenter: Segmenter;
  encoder?: EmbeddingEncoder;
  images: RequestImages;
}

const bytesOf = (a: Float32Array | Uint16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export function samContainer({ segmenter, encoder, images }: SamContainerOptions): Container {
  return async (request) => {
    const raw = parseJsonBody(request);
    // A mode it does not offer (an extension such as "propagate") gets the wire contract's own answer.
    const mode = (raw as { mode?: unknown } | null)?.mode;
    if (typeof mode === 'string' && !(SAM_MODES as readonly string[]).includes(mode))
      throw new ContainerError(400, unsupportedModeMessage(mode));
    const parsed = samRequestSchema.safeParse(raw);
    if (!parsed.success)
      throw new ContainerError(
        400,
        `Invalid SAM request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const body = parsed.data;
    const image = await images.fromBase64(body.image);
    if (body.mode === 'embedding') {
      if (!encoder)
        throw new ContainerError(400, 'This endpoint has no image encoder: embedding mode is off.');
      const { data, dims } = await encoder.encode(image, request.signal);
      const frame = samFrame(image.width, image.height);
      const raw = body.dtype === 'float16' ? float32ToFloat16(data) : data;
      return jsonReply({
        model: encoder.modelId,
        embedding: bytesOf(raw).toString('base64'),
        dtype: body.dtype,
        shape: dims,
        input_size: [frame.resizedHeight, frame.resizedWidth],
      });
    }
    const masks: WireMask[][] = [];
    for (const prompt of body.prompts) {
      const result = await segmenter.segment(image, toSegmentPrompt(prompt), {
        multimask: body.multimask,
        signal: request.signal,
      });
      masks.push(result.candidates.map((c) => ({ rle: c.rle, score: c.score, box: c.box })));
    }
    return jsonReply({ model: segmenter.modelId, masks });
  };
}

function toSegmentPrompt(p: SamPrompt) {
  return {
    points: (p.points ?? []).map((point, i) => ({ point, positive: p.labels![i] === 1 })),
    box: p.box ?? null,
    previous: p.mask ? { rle: p.mask } : null,
  };
}
