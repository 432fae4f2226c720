// The local detector: PP-PicoDet-S 320 COCO-80 in onnxruntime-node (CPU). Pixels come from decodeRgb (EXIF
// orientation applied, bounded decode); NMS is ours, class-wise. The session runs on onnxruntime's own threads
// (session.run is async), so the event loop only does the resize, the tensor fill and the decoding.
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { classIndex, COCO_CLASSES } from '../../../shared/coco-classes';
import { StudioError } from '../../../shared/errors';
import { nms } from '../../../shared/geometry/nms';
import { decodeRgb } from '../../media/convert-image';
import { modelFile, type ModelEntry } from '../models/manifest';
import { openOnnxModel } from '../models/onnx-session';
import type { Detection, DetectOptions, Detector, EngineImage } from '../segmenter';
import { decodePicodet, PICODET_SIZE, picodetInput } from './picodet-decode';

export const DEFAULT_SCORE_THRESHOLD = 0.4;
const NMS_IOU = 0.5;
const MAX_DETECTIONS = 100;

export interface PicoDetOptions {
  /** The manifest entry: its id is the model id recorded in model runs, its file the I/O contract. */
  entry: ModelEntry;
  modelPath: string;
  /** Images above this many megapixels are refused before decoding (the studio's import limit). */
  maxMegapixels?: number;
}

export class PicoDetDetector implements Detector {
  readonly engine = 'picodet-onnx';
  readonly modelId: string;
  readonly classes = COCO_CLASSES;
  private session: Promise<InferenceSession> | undefined;

  constructor(private readonly options: PicoDetOptions) {
    this.modelId = options.entry.id;
  }

  /** Loads the model now instead of on the first call (its errors surface here too). */
  load(): Promise<InferenceSession> {
    this.session ??= openOnnxModel(this.options.modelPath, modelFile(this.options.entry, 'model'), {
      // Two cores shared with the UI, a segmenter and a server: one inference thread is plenty for 8 ms.
      intraOpNumThreads: 1,
    }).catch((err: unknown) => {
      this.session = undefined;
      throw err;
    });
    return this.session;
  }

  async detect(image: EngineImage, options: DetectOptions): Promise<Detection[]> {
    const classIds = options.classes ? new Set(options.classes.map((c) => this.classId(c))) : undefined;
    const scoreThreshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
    const session = await this.load();
    options.signal?.throwIfAborted();
    const pixels = await decodeRgb(image.path, { maxMegapixels: this.options.maxMegapixels });
    const small = await sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: 3 },
    })
      .resize(PICODET_SIZE, PICODET_SIZE, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
    options.signal?.throwIfAborted();
    const input = new Tensor('float32', picodetInput(small), [1, 3, PICODET_SIZE, PICODET_SIZE]);
    const outputs = await session.run({ [session.inputNames[0]!]: input });
    options.signal?.throwIfAborted();
    // The contract lists class scores per stride first (0..3), then the box distributions (4..7).
    const tensors = modelFile(this.options.entry, 'model').outputs.map(
      (o) => outputs[o.name]!.data as Float32Array,
    );
    const raw = decodePicodet(tensors.slice(0, 4), tensors.slice(4, 8), COCO_CLASSES.length, {
      width: pixels.width,
      height: pixels.height,
      scoreThreshold,
      classIds,
    });
    return nms(raw, { iouThreshold: NMS_IOU, maxDetections: MAX_DETECTIONS }).map((d) => ({
      label: COCO_CLASSES[d.classId]!,
      classId: d.classId,
      score: d.score,
      box: d.box,
    }));
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session) await (await session.catch(() => undefined))?.release();
  }

  private classId(name: string): number {
    const id = classIndex(COCO_CLASSES, name);
    if (id < 0)
      throw new StudioError(
        'invalid_input',
        `'${name}' is not a class the detector knows. It finds the 80 COCO classes: ${COCO_CLASSES.join(', ')}.`,
      );
    return id;
  }
}
