// Tiny deterministic SAM-shaped ONNX models, built with onnx-proto, with the exact input/output names and shapes
// of the standard split export, so tests prove the engine's whole path against answers they can compute:
//
// Encoder: average pooling of the normalised, padded 1024x1024 frame in 16x16 cells -> [1, 3, 64, 64], tiled to
//   256 channels (channel k = colour k % 3). 'sam-nchw-1024' takes that frame as [1, 3, 1024, 1024]; the
//   'sam-hwc-in-graph' one takes [H, W, 3] 0..255 and normalises and pads inside the graph, like samexporter.
// Decoder (SAM_DECODER below): evaluates, in the 1024-frame, per output token c and pixel centre g:
//   L_c(g) = min( max(R2_c - d2(g, nearest fg point), boxDepth(g)), d2(g, nearest bg point) - NEG_R2 )
//   with R2_c = SAM_DECODER.radii[c]^2 + has_mask_input * max(mask_input), and boxDepth > 0 inside the box
//   given by the points labelled 2 and 3. `masks` holds L at every original pixel (grid from orig_im_size), or
//   on the 256x256 low-res grid for the 'low-res' variant; `low_res_masks` holds L on the 256 grid;
//   iou_predictions_c = scores[c] + 0.01 * (number of padding points) + 0.001 * mean(image_embeddings).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { onnx } from 'onnx-proto';
import onnxProto from 'onnx-proto';
import {
  MANIFEST,
  modelEntry,
  modelFile,
  parseManifest,
  type Manifest,
  type ModelEntry,
} from '../../electron/inference/models/manifest';

// onnx-proto is CommonJS assigning `module.exports` at run time: Node's ESM loader (tsx) sees no named exports.
const { AttributeProto, ModelProto, TensorProto } = onnxProto.onnx;

export const SAM_MEAN = [123.675, 116.28, 103.53] as const;
export const SAM_STD = [58.395, 57.12, 57.375] as const;

/** What the test decoder computes (see the header); radii in 1024-frame pixels, token 0 = single-mask token. */
export const SAM_DECODER = {
  radii: [50, 20, 40, 60],
  scores: [0.6, 0.7, 0.9, 0.8],
  negativeRadius: 20,
  padBonus: 0.01,
  embeddingWeight: 0.001,
  /** Added to every logit outside all regions when nothing is there at all. */
  far: 1e8,
} as const;

type Attr = number | number[] | { f: number };

/** A small graph builder: each op returns the name of its (single) output. */
class Graph {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private next = 0;

  private name(prefix: string): string {
    return `${prefix}_${this.next++}`;
  }

  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    const out = output ?? this.name(type.toLowerCase());
    const attribute = Object.entries(attrs).map(([name, v]): onnx.IAttributeProto => {
      if (Array.isArray(v)) return { name, type: AttributeProto.AttributeType.INTS, ints: v };
      if (typeof v === 'object') return { name, type: AttributeProto.AttributeType.FLOAT, f: v.f };
      return { name, type: AttributeProto.AttributeType.INT, i: v };
    });
    this.nodes.push({ opType: type, input: inputs, output: [out], attribute, name: out });
    return out;
  }

  floats(values: readonly number[], dims: number[] = [values.length]): string {
    const name = this.name('f');
    this.initializers.push({ name, dims, dataType: TensorProto.DataType.FLOAT, floatData: [...values] });
    return name;
  }

  ints(values: readonly number[], dims: number[] = [values.length]): string {
    const name = this.name('i');
    this.initializers.push({ name, dims, dataType: TensorProto.DataType.INT64, int64Data: [...values] });
    return name;
  }

  scalar(value: number): string {
    return this.floats([value], []);
  }
}

function valueInfo(name: string, shape: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: TensorProto.DataType.FLOAT,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function encodeModel(
  graph: Graph,
  inputs: onnx.IValueInfoProto[],
  outputs: onnx.IValueInfoProto[],
): Uint8Array {
  const model = ModelProto.create({
    irVersion: 7,
    producerName: 'visprompt-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'sam-test',
      node: graph.nodes,
      initializer: graph.initializers,
      input: inputs,
      output: outputs,
    },
  });
  return ModelProto.encode(model).finish();
}

/** [1, 3, 1024, 1024] normalised and padded -> image_embeddings [1, 256, 64, 64]. */
function poolToEmbedding(g: Graph, frame: string): string {
  const pooled = g.op('AveragePool', [frame], { kernel_shape: [16, 16], strides: [16, 16] });
  const tiled = g.op('Tile', [pooled, g.ints([1, 86, 1, 1])]);
  return g.op('Slice', [tiled, g.ints([0]), g.ints([256]), g.ints([1])], {}, 'image_embeddings');
}

export function samTestEncoder(variant: 'sam-hwc-in-graph' | 'sam-nchw-1024'): Uint8Array {
  const g = new Graph();
  const out = valueInfo('image_embeddings', [1, 256, 64, 64]);
  if (variant === 'sam-nchw-1024') {
    poolToEmbedding(g, 'input_image');
    return encodeModel(g, [valueInfo('input_image', [1, 3, 1024, 1024])], [out]);
  }
  // [H, W, 3] 0..255 -> normalise -> [1, 3, H, W] -> zero pad right/bottom to 1024 (normalise first, as SAM).
  const normalised = g.op('Div', [g.op('Sub', ['input_image', g.floats(SAM_MEAN)]), g.floats(SAM_STD)]);
  const chw = g.op('Unsqueeze', [g.op('Transpose', [normalised], { perm: [2, 0, 1] }), g.ints([0])]);
  const hw = g.op('Slice', [g.op('Shape', [chw]), g.ints([2]), g.ints([4]), g.ints([0])]);
  const pads = g.op('Concat', [g.ints([0, 0, 0, 0, 0, 0]), g.op('Sub', [g.ints([1024, 1024]), hw])], {
    axis: 0,
  });
  poolToEmbedding(g, g.op('Pad', [chw, pads]));
  return encodeModel(g, [valueInfo('input_image', ['H', 'W', 3])], [out]);
}

export type DecoderMaskOutput = 'original' | 'low-res';

/**
 * The prompt half both test decoders share: points and labels of the [1, N, 2] / [1, N] inputs, and the logits
 * of the header's formula, L_c(g) = min(max(R2_c - d2(g, nearest fg point), boxDepth(g)), d2(g, nearest bg
 * point) - NEG_R2), on a grid of pixel centres; `radii2` holds R2_c as a [T] tensor.
 */
function promptField(g: Graph, radii2: string, tokens: number) {
  const idx = (i: number) => g.ints([i], []);
  const one = g.scalar(1);
  const far = g.scalar(SAM_DECODER.far);
  const pts = g.op('Squeeze', ['point_coords', g.ints([0])]); // [N, 2]
  const px = g.op('Gather', [pts, idx(0)], { axis: 1 }); // [N]
  const py = g.op('Gather', [pts, idx(1)], { axis: 1 });
  const labels = g.op('Squeeze', ['point_labels', g.ints([0])]); // [N]
  const isLabel = (v: number) => g.op('Cast', [g.op('Equal', [labels, g.scalar(v)])], { to: 1 });
  const [isPos, isNeg, isTopLeft, isBottomRight, isPad] = [1, 0, 2, 3, -1].map(isLabel) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const column = (v: string) => g.op('Unsqueeze', [v, g.ints([1, 2])]); // [N] -> [N, 1, 1]
  const penalty = (is: string) => column(g.op('Mul', [g.op('Sub', [one, is]), far]));
  const [pxCol, pyCol, posPenalty, negPenalty] = [column(px), column(py), penalty(isPos), penalty(isNeg)];
  const sumOf = (a: string, b: string) => g.op('ReduceSum', [g.op('Mul', [a, b])], { keepdims: 0 });
  const [x1, y1, x2, y2] = [
    sumOf(px, isTopLeft),
    sumOf(py, isTopLeft),
    sumOf(px, isBottomRight),
    sumOf(py, isBottomRight),
  ];
  const radii2Col = g.op('Reshape', [radii2, g.ints([tokens, 1, 1])]);
  const negR2 = g.scalar(SAM_DECODER.negativeRadius ** 2);

  /** Depth inside the box of the points labelled 2 and 3, [H, W] (negative outside; no box: negative). */
  const boxDepth = (gx: string, gy: string): string => {
    const gxRow = g.op('Unsqueeze', [gx, g.ints([0])]); // [1, W]
    const gyCol = g.op('Unsqueeze', [gy, g.ints([1])]); // [H, 1]
    return g.op('Min', [
      g.op('Min', [g.op('Sub', [gxRow, x1]), g.op('Sub', [x2, gxRow])]),
      g.op('Min', [g.op('Sub', [gyCol, y1]), g.op('Sub', [y2, gyCol])]),
    ]);
  };

  /** Logits [T, H, W] on the grid of pixel centres gx [W], gy [H] (1024-frame). */
  const logits = (gx: string, gy: string): string => {
    const dx = g.op('Sub', [g.op('Unsqueeze', [gx, g.ints([0, 1])]), pxCol]); // [N, 1, W]
    const dy = g.op('Sub', [g.op('Unsqueeze', [gy, g.ints([0, 2])]), pyCol]); // [N, H, 1]
    const d2 = g.op('Add', [g.op('Mul', [dx, dx]), g.op('Mul', [dy, dy])]); // [N, H, W]
    const nearest = (pen: string) => g.op('ReduceMin', [g.op('Add', [d2, pen])], { axes: [0], keepdims: 0 });
    const disc = g.op('Sub', [radii2Col, g.op('Unsqueeze', [nearest(posPenalty), g.ints([0])])]);
    const inside = g.op('Max', [disc, g.op('Unsqueeze', [boxDepth(gx, gy), g.ints([0])])]);
    const carve = g.op('Sub', [nearest(negPenalty), negR2]);
    return g.op('Min', [inside, g.op('Unsqueeze', [carve, g.ints([0])])]);
  };
  return { logits, boxDepth, isPad };
}

/** Pixel centres of the 256x256 low-res grid in the 1024 frame. */
const lowResGrid = (g: Graph) => g.floats(Array.from({ length: 256 }, (_, i) => (i + 0.5) * 4));

/** The decoder described in the header; `masks` at original size, or at 256x256 for 'low-res'. */
export function samTestDecoder(maskOutput: DecoderMaskOutput = 'original'): Uint8Array {
  const g = new Graph();
  const idx = (i: number) => g.ints([i], []);
  const one = g.scalar(1);

  // Squared radii per token, grown by the fed-back mask.
  const maskMax = g.op('ReduceMax', ['mask_input'], { keepdims: 0 });
  const radii2 = g.op('Add', [
    g.floats(SAM_DECODER.radii.map((r) => r * r)),
    g.op('Mul', ['has_mask_input', maskMax]),
  ]);
  const { logits, isPad } = promptField(g, radii2, SAM_DECODER.radii.length);

  // The original-size grid from orig_im_size = [h, w]: pixel centres scaled by 1024 / max(h, w).
  const h = g.op('Gather', ['orig_im_size', idx(0)]);
  const w = g.op('Gather', ['orig_im_size', idx(1)]);
  const scale = g.op('Div', [g.scalar(1024), g.op('Max', [h, w])]);
  const centres = (n: string) =>
    g.op('Mul', [g.op('Add', [g.op('Range', [g.scalar(0), n, one]), g.scalar(0.5)]), scale]);
  const grid256 = lowResGrid(g);

  const lowRes = g.op('Unsqueeze', [logits(grid256, grid256), g.ints([0])], {}, 'low_res_masks');
  if (maskOutput === 'original')
    g.op('Unsqueeze', [logits(centres(w), centres(h)), g.ints([0])], {}, 'masks');
  else g.op('Identity', [lowRes], {}, 'masks');

  const padCount = g.op('ReduceSum', [isPad], { keepdims: 0 });
  const embeddingMean = g.op('ReduceMean', ['image_embeddings'], { keepdims: 0 });
  g.op(
    'Add',
    [
      g.floats(SAM_DECODER.scores, [1, 4]),
      g.op('Add', [
        g.op('Mul', [padCount, g.scalar(SAM_DECODER.padBonus)]),
        g.op('Mul', [embeddingMean, g.scalar(SAM_DECODER.embeddingWeight)]),
      ]),
    ],
    {},
    'iou_predictions',
  );

  return encodeModel(
    g,
    [
      valueInfo('image_embeddings', [1, 256, 64, 64]),
      valueInfo('point_coords', [1, 'N', 2]),
      valueInfo('point_labels', [1, 'N']),
      valueInfo('mask_input', [1, 1, 256, 256]),
      valueInfo('has_mask_input', [1]),
      valueInfo('orig_im_size', [2]),
    ],
    [
      valueInfo('masks', [1, 4, 'H', 'W']),
      valueInfo('iou_predictions', [1, 4]),
      valueInfo('low_res_masks', [1, 4, 256, 256]),
    ],
  );
}

// SAM 2 test graphs, with the I/O of the samexporter SAM 2 export in the manifest (entry 'sam2-hiera-tiny'):
//
// Encoder: `image` [1, 3, 1024, 1024] (the square frame, normalised) average-pooled in 4x4, 8x8 and 16x16 cells
//   and tiled over the channels (channel k = colour k % 3): high_res_feats_0 [1, 32, 256, 256],
//   high_res_feats_1 [1, 64, 128, 128], image_embed [1, 256, 64, 64].
// Decoder (SAM2_DECODER): on the 256x256 grid of the square (cell centres (i + 0.5) * 4), per token c:
//   without a mask (has_mask_input 0): P_c(g), the SAM test decoder's prompt logits with radii SAM2_DECODER.radii;
//   with one: min(mask_input(g), boxDepth(g)), the fed-back mask inside the prompt's box (same for every token);
//   then everything is cut where the frame is dark: min(L, gain * (high_res_feats_0[0, 0](g) - floor)), i.e.
//   a cell whose mean normalised red is under `floor` is background. masks [1, 3, 256, 256];
//   iou_predictions = scores + weight * (mean(image_embed) + mean(high_res_feats_1)).
// So a mask prompted with its own logits comes back where the frame shows something, and an object whose
// region is painted black (red 0 -> -2.118 normalised) comes back empty.
export const SAM2_DECODER = {
  radii: [20, 40, 60],
  scores: [0.7, 0.9, 0.8],
  darkFloor: -2.05,
  darkGain: 100,
  featureWeight: 0.001,
} as const;

const SAM2_FEATURES = [
  ['high_res_feats_0', 4, 32, 256],
  ['high_res_feats_1', 8, 64, 128],
  ['image_embed', 16, 256, 64],
] as const;

export function sam2TestEncoder(): Uint8Array {
  const g = new Graph();
  for (const [name, cell, channels] of SAM2_FEATURES) {
    const pooled = g.op('AveragePool', ['image'], { kernel_shape: [cell, cell], strides: [cell, cell] });
    const tiled = g.op('Tile', [pooled, g.ints([1, Math.ceil(channels / 3), 1, 1])]);
    g.op('Slice', [tiled, g.ints([0]), g.ints([channels]), g.ints([1])], {}, name);
  }
  return encodeModel(
    g,
    [valueInfo('image', [1, 3, 1024, 1024])],
    SAM2_FEATURES.map(([name, , channels, side]) => valueInfo(name, [1, channels, side, side])),
  );
}

export function sam2TestDecoder(): Uint8Array {
  const g = new Graph();
  const one = g.scalar(1);
  const { radii, scores } = SAM2_DECODER;
  const { logits, boxDepth } = promptField(g, g.floats(radii.map((r) => r * r)), radii.length);
  const grid = lowResGrid(g);
  const has = 'has_mask_input'; // [1]: broadcasts over [T, 256, 256]
  const mask = g.op('Reshape', ['mask_input', g.ints([256, 256])]);
  const withMask = g.op('Min', [mask, boxDepth(grid, grid)]); // [256, 256]
  const chosen = g.op('Add', [
    g.op('Mul', [has, withMask]),
    g.op('Mul', [g.op('Sub', [one, has]), logits(grid, grid)]),
  ]); // [T, 256, 256]
  const red = g.op('Reshape', [
    g.op('Slice', ['high_res_feats_0', g.ints([0]), g.ints([1]), g.ints([1])]),
    g.ints([256, 256]),
  ]);
  const light = g.op('Mul', [
    g.op('Sub', [red, g.scalar(SAM2_DECODER.darkFloor)]),
    g.scalar(SAM2_DECODER.darkGain),
  ]);
  g.op('Unsqueeze', [g.op('Min', [chosen, light]), g.ints([0])], {}, 'masks');
  const mean = (name: string) => g.op('ReduceMean', [name], { keepdims: 0 });
  g.op(
    'Add',
    [
      g.floats(scores, [1, scores.length]),
      g.op('Mul', [
        g.op('Add', [mean('image_embed'), mean('high_res_feats_1')]),
        g.scalar(SAM2_DECODER.featureWeight),
      ]),
    ],
    {},
    'iou_predictions',
  );
  return encodeModel(
    g,
    [
      valueInfo('image_embed', [1, 256, 64, 64]),
      valueInfo('high_res_feats_0', [1, 32, 256, 256]),
      valueInfo('high_res_feats_1', [1, 64, 128, 128]),
      valueInfo('point_coords', ['num_labels', 'num_points', 2]),
      valueInfo('point_labels', ['num_labels', 'num_points']),
      valueInfo('mask_input', ['num_labels', 1, 256, 256]),
      valueInfo('has_mask_input', ['num_labels']),
    ],
    [valueInfo('masks', ['B', 'C', 256, 256]), valueInfo('iou_predictions', ['B', 'C'])],
  );
}

/**
 * The SAM 2 test pair written where the studio looks for the manifest's 'sam2-hiera-tiny' (its folder under
 * `modelsDir`), under the entry's file names: the entry itself needs no change (its sizes and checksums are
 * open). Returns the folder.
 */
export function writeSam2TestModels(modelsDir: string): string {
  const entry = modelEntry(MANIFEST, 'sam2-hiera-tiny');
  const dir = join(modelsDir, entry.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, modelFile(entry, 'encoder').file), sam2TestEncoder());
  writeFileSync(join(dir, modelFile(entry, 'decoder').file), sam2TestDecoder());
  return dir;
}

/**
 * Writes a test encoder + decoder pair under `dir` with the file names of `entry` and returns the entry with
 * its preprocess variant set, ready for createLocalSamSegmenter({ entry, modelDir: dir, ... }).
 */
export function writeSamTestModels(
  dir: string,
  entry: ModelEntry,
  variant: 'sam-hwc-in-graph' | 'sam-nchw-1024',
  maskOutput: DecoderMaskOutput = 'original',
): ModelEntry {
  mkdirSync(dir, { recursive: true });
  const encoder = modelFile(entry, 'encoder');
  writeFileSync(join(dir, encoder.file), samTestEncoder(variant));
  writeFileSync(join(dir, modelFile(entry, 'decoder').file), samTestDecoder(maskOutput));
  // The manifest's encoder contract follows the variant: [H, W, 3] in-graph, [1, 3, 1024, 1024] outside.
  const input =
    variant === 'sam-hwc-in-graph'
      ? { name: 'input_image', type: 'float32' as const, shape: ['H', 'W', 3] }
      : { name: 'input_image', type: 'float32' as const, shape: [1, 3, 1024, 1024] };
  return {
    ...entry,
    preprocess: variant,
    files: entry.files.map((f) => (f.part === 'encoder' ? { ...f, inputs: [input] } : f)),
  };
}

/**
 * MobileSAM's test pair (HWC variant) written to `modelsDir`/mobile-sam, and the studio's manifest with it in
 * MobileSAM's place. The pair is not MobileSAM's real size, so its file sizes are left open, as for sam-vit-b.
 */
export function writeSamTestManifest(modelsDir: string): Manifest {
  const entry = writeSamTestModels(
    join(modelsDir, 'mobile-sam'),
    modelEntry(MANIFEST, 'mobile-sam'),
    'sam-hwc-in-graph',
  );
  return parseManifest({
    version: 1,
    models: MANIFEST.models.map((m) =>
      m.id === 'mobile-sam' ? { ...entry, files: entry.files.map((f) => ({ ...f, sizeBytes: null })) } : m,
    ),
  });
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** Appends field 1000 (bytes) to a serialized ModelProto so the file has exactly `size` bytes. */
export function padOnnx(path: string, size: number): void {
  const model = readFileSync(path);
  const tag = varint((1000 << 3) | 2);
  let n = size - model.length - tag.length - 1;
  while (tag.length + varint(n).length + n + model.length !== size) n--;
  writeFileSync(path, Buffer.concat([model, Buffer.from([...tag, ...varint(n)]), Buffer.alloc(n)]));
}
