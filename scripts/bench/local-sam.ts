// `npx tsx scripts/bench/local-sam.ts`: the 'sam-onnx' engine's own per-click cost at 1280x720, outside the
// ONNX run: coordinate mapping, low-res upscaling (for graphs that stop at 256x256) or thresholding of the
// full-size logits, candidate ranking, RLE encoding, and the JSON a transport sends to the renderer. The
// decoder outputs come from the test decoder (test/helpers/sam-test-models.ts), which has SAM's real input and
// output shapes ([1, 4, 720, 1280] masks), run once per prompt. Also: whole segment() and prepare() with the
// test models (their ONNX time is not a real model's). Prints one JSON object.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { EmbeddingCache } from '../../electron/inference/embedding-cache';
import { createLocalSamSegmenter } from '../../electron/inference/local-sam';
import { samCandidates } from '../../electron/inference/local-sam/masks';
import { encoderInput, type SamPreprocess } from '../../electron/inference/local-sam/preprocess';
import { decoderPrompt, maskInput, samFrame } from '../../electron/inference/local-sam/prompt';
import { MANIFEST, modelEntry } from '../../electron/inference/models/manifest';
import type { SegmentPrompt } from '../../electron/inference/segmenter';
import { makeImage } from '../../test/helpers/images';
import { samTestDecoder, writeSamTestModels } from '../../test/helpers/sam-test-models';
import { makeTempDir } from '../../test/helpers/temp-dir';
import { median } from './lib/stats';

const [width, height] = [1280, 720];
const frame = samFrame(width, height);
const p = (x: number, y: number, positive = true) => ({ point: [x, y] as [number, number], positive });
// A small, a medium and a large object: a click, a click with a negative one, a box.
const prompts: SegmentPrompt[] = [
  { points: [p(300, 400)], box: null, previous: null },
  { points: [p(640, 360), p(700, 360, false)], box: null, previous: null },
  { points: [], box: [200, 150, 1000, 650], previous: null },
];

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

/**
 * Median ms of `fn` over `runs` calls after a few warm-ups: wall time, and CPU time of this process (the
 * machine is shared, so wall time also counts waiting for a core; CPU time counts only our work).
 */
async function timeMs(fn: () => unknown, runs = 60): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: round(median(wall)), cpu: round(median(cpu)) };
}

async function decoderOutputs(session: InferenceSession, prompt: SegmentPrompt) {
  const points = decoderPrompt(prompt, frame);
  const previous = maskInput(null);
  const f32 = (data: Float32Array, dims: number[]) => new Tensor('float32', data, dims);
  const out = await session.run({
    image_embeddings: f32(new Float32Array(256 * 64 * 64), [1, 256, 64, 64]),
    point_coords: f32(points.coords, [1, points.count, 2]),
    point_labels: f32(points.labels, [1, points.count]),
    mask_input: f32(previous.mask, [1, 1, 256, 256]),
    has_mask_input: f32(Float32Array.of(previous.has), [1]),
    orig_im_size: f32(Float32Array.of(height, width), [2]),
  });
  return {
    outputs: {
      masks: out.masks!.data as Float32Array,
      maskDims: out.masks!.dims,
      scores: out.iou_predictions!.data as Float32Array,
      lowRes: out.low_res_masks!.data as Float32Array,
    },
    singlePoint: points.singlePoint,
  };
}

/** Per-click cost outside ONNX for every prompt, multimask (3 candidates) or not (1). */
async function perClick(maskOutput: 'original' | 'low-res', multimask: boolean) {
  const session = await InferenceSession.create(Buffer.from(samTestDecoder(maskOutput)));
  const cases = [];
  for (const prompt of prompts) cases.push(await decoderOutputs(session, prompt));
  await session.release();
  // One after the other: timeMs awaits, and interleaved loops would time each other.
  const times: { wall: number; cpu: number }[] = [];
  for (const [i, { outputs, singlePoint }] of cases.entries())
    times.push(
      await timeMs(() => {
        decoderPrompt(prompts[i]!, frame);
        const { candidates } = samCandidates(outputs, frame, multimask, singlePoint);
        return JSON.stringify(candidates);
      }),
    );
  const json = cases.map(({ outputs, singlePoint }) =>
    JSON.stringify(samCandidates(outputs, frame, multimask, singlePoint).candidates),
  );
  return {
    wallMsPerPrompt: times.map((t) => t.wall),
    cpuMsPerPrompt: times.map((t) => t.cpu),
    medianWallMs: median(times.map((t) => t.wall)),
    medianCpuMs: median(times.map((t) => t.cpu)),
    transportJsonBytes: json.map((s) => s.length),
  };
}

async function wholeEngine() {
  const tmp = makeTempDir('vps-bench-sam-');
  try {
    const entry = writeSamTestModels(tmp.dir, modelEntry(MANIFEST, 'mobile-sam'), 'sam-hwc-in-graph');
    const path = await makeImage(tmp.dir, 'frame.jpg', { width, height, format: 'jpeg', texture: true });
    const image = {
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
      path,
      width,
      height,
    };
    const cache = new EmbeddingCache({ maxMemoryMB: 256, dir: join(tmp.dir, 'cache') });
    const sam = createLocalSamSegmenter({ entry, modelDir: tmp.dir, cache });
    // First prepare: decode, resize, tensor, worker transfer, test encoder, cache write (memory + disk).
    let start = performance.now();
    await sam.prepare(image);
    const firstPrepareMs = round(performance.now() - start);
    cache.clearMemory();
    start = performance.now();
    await sam.prepare(image);
    const prepareFromDiskMs = round(performance.now() - start);
    const preparedMs = (await timeMs(() => sam.prepare(image))).wall;
    const segmentMs: number[] = [];
    for (const prompt of prompts)
      segmentMs.push((await timeMs(() => sam.segment(image, prompt, { multimask: true }), 20)).wall);
    await sam.dispose();
    return { firstPrepareMs, prepareFromDiskMs, preparedMs, segmentMsWithTestDecoder: segmentMs };
  } finally {
    tmp.cleanup();
  }
}

/** What prepare() does on the main thread: the encoder's input tensor from the resized pixels. */
async function mainThreadPreprocess() {
  const rgb = new Uint8Array(frame.resizedWidth * frame.resizedHeight * 3).map((_, i) => (i * 31) % 256);
  const run = (variant: SamPreprocess) => () =>
    encoderInput(variant, rgb, frame.resizedWidth, frame.resizedHeight);
  return {
    hwcInGraphMs: (await timeMs(run('sam-hwc-in-graph'), 20)).cpu,
    nchw1024Ms: (await timeMs(run('sam-nchw-1024'), 20)).cpu,
  };
}

const results = {
  size: `${width}x${height}`,
  prompts: ['click (small)', 'click + negative click (medium)', 'box (large)'],
  perClickOutsideOnnx: {
    fullSizeMasks3Candidates: await perClick('original', true),
    fullSizeMasks1Candidate: await perClick('original', false),
    lowResMasksUpscaled3Candidates: await perClick('low-res', true),
  },
  prepareMainThreadCpuMs: await mainThreadPreprocess(),
  engineWithTestModels: await wholeEngine(),
  embeddingBytes: 256 * 64 * 64 * 4,
  rssMB: round(process.memoryUsage().rss / 2 ** 20, 0),
  loadAverage1m: round(loadavg()[0]!, 1),
  targetPerClickMedianMs: 8,
};
console.log(JSON.stringify(results));
