// The Bedrock client (real BedrockRuntimeClient, SigV4-signed) against the local emulator: plans validated or
// refused with reasons, captions and QA pairs from the templates, retries and named errors for faults; and the
// studio routing requests through Bedrock once its settings point at the emulator.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockVisionLanguage, createBedrockClient } from '../../electron/inference/bedrock/converse';
import { bedrockQaGenerator } from '../../electron/inference/bedrock/qa-generator';
import type { Studio } from '../../electron/studio/create-studio';
import type { PlanResult } from '../../shared/api/chains';
import { COCO_CLASSES } from '../../shared/coco-classes';
import type { Region } from '../../shared/chains/regions';
import type { ChainContext } from '../../shared/chains/validate';
import { startBedrockEmulator, type BedrockEmulator } from '../../scripts/emulators/bedrock/server';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';
import { useEmulatorKeys } from '../helpers/aws-env';
import { hasSharedAssets, sharedPath } from '../helpers/shared-assets';
import { studioErrorOf } from '../helpers/studio-error';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';
import { BoxFillSegmenter, DRIVING_IMAGES } from './chains-fixtures';

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const ctx: ChainContext = {
  detectors: [{ name: 'picodet-s-320-coco', classes: COCO_CLASSES }],
  segmenters: ['classical-v1'],
  labels: ['vehicle'],
};
const image = { sha256: 'x', path: DRIVING_IMAGES[0]!, width: 1280, height: 720 };
const regions: Region[] = [
  { label: 'car', score: 0.9, box: [100, 300, 400, 500] },
  { label: 'car', score: 0.8, box: [900, 320, 1100, 460] },
  { label: 'person', score: 0.7, box: [600, 300, 640, 420] },
];

describe.skipIf(!hasSharedAssets)('Bedrock client against the emulator', () => {
  let emulator: BedrockEmulator;
  let client: BedrockRuntimeClient;
  let vision: BedrockVisionLanguage;
  beforeAll(async () => {
    emulator = await startBedrockEmulator();
    client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 3,
    });
    vision = new BedrockVisionLanguage(client, MODEL);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
  });

  it('plans a chain, validated, with the emulator saying it is not a language model', async () => {
    const plan = await vision.plan('segment all cars and pedestrians', ctx, image);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.chain.steps.map((s) => s.op)).toEqual([
      'detect-class',
      'boxes-to-prompts',
      'segment',
      'dedupe',
    ]);
    expect(plan.notes.join(' ')).toContain('Bedrock emulator: no language model ran.');
    expect(emulator.calls.at(-1)).toEqual({ modelId: MODEL, status: 200, kind: 'plan' });
  });

  it.each<[string, 'invalid-json' | 'unknown-step', string]>([
    ['an answer that is not JSON', 'invalid-json', "The model's plan is not valid JSON:"],
    ['a plan with an unknown step', 'unknown-step', "step 2 asks for 'teleport-boxes', which is not a step"],
  ])('refuses %s with the reason', async (_name, fault, reason) => {
    emulator.inject(fault);
    const plan = await vision.plan('segment all cars', ctx);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reasons[0]).toContain(reason);
  });

  it('refuses a plan that cannot run here (no segmenter)', async () => {
    const plan = await vision.plan('segment all cars', { ...ctx, segmenters: [] });
    expect(plan).toMatchObject({ ok: false, reasons: ['step 3 (segment): no segmenter is available'] });
  });

  it('captions, answers and writes QA pairs from the labelled regions', async () => {
    expect(await vision.caption(image, regions)).toBe(
      'The image shows 2 cars and 1 person.\nBedrock emulator: no language model ran. This answer comes from the deterministic offline planner and templates of VisPrompt Studio.',
    );
    expect(await vision.answer(image, regions, 'How many cars are there?')).toMatch(
      /^2 cars\.\nBedrock emulator/,
    );
    expect(await vision.qaPairs(image, regions)).toEqual([
      { question: 'How many cars are in the image?', answer: '2' },
      { question: 'How many people are in the image?', answer: '1' },
      { question: 'Where is the largest car?', answer: 'It is on the left of the image.' },
      { question: 'Where is the largest person?', answer: 'It is in the middle of the image.' },
    ]);
  });

  it('writes the dataset export QA from the objects of an image, ignore regions left out', async () => {
    const generate = bedrockQaGenerator(vision);
    const pairs = await generate({
      path: image.path,
      width: 1280,
      height: 720,
      objects: [
        { category: 'car', shape: { kind: 'box', box: [100, 300, 400, 500] } },
        {
          category: 'bus',
          shape: {
            kind: 'polygon',
            rings: [
              [
                [900, 300],
                [1100, 300],
                [1100, 460],
              ],
            ],
          },
        },
        { category: 'DontCare', shape: { kind: 'box', box: [0, 0, 50, 50] }, ignore: true },
      ],
    });
    expect(pairs).toEqual([
      { question: 'How many buses are in the image?', answer: '1' },
      { question: 'How many cars are in the image?', answer: '1' },
      { question: 'Where is the largest bus?', answer: 'It is on the right of the image.' },
      { question: 'Where is the largest car?', answer: 'It is on the left of the image.' },
    ]);
  });

  it('retries a 5xx and a throttle, then gives up with named errors', async () => {
    const before = emulator.calls.length;
    emulator.inject('server-error');
    emulator.inject('throttle');
    expect((await vision.plan('segment cars', ctx)).ok).toBe(true);
    expect(emulator.calls.slice(before).map((c) => c.status)).toEqual([500, 429, 200]);

    emulator.inject('server-error', 3);
    const down = await studioErrorOf(vision.plan('segment cars', ctx));
    expect(down.code).toBe('endpoint_unavailable');
    expect(down.message).toContain('InternalServerException, HTTP 500');

    emulator.inject('throttle', 3);
    const busy = await studioErrorOf(vision.caption(image, regions));
    expect(busy.code).toBe('endpoint_unavailable');
    expect(busy.message).toBe(
      `Bedrock is throttling requests to ${MODEL} (still after retries); try again shortly.`,
    );
  });

  it('refuses requests signed with the wrong secret', async () => {
    const wrong = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'not-the-secret' },
    });
    const err = await studioErrorOf(new BedrockVisionLanguage(wrong, MODEL).plan('segment cars', ctx));
    wrong.destroy();
    expect(err.code).toBe('endpoint_failed');
    expect(err.message).toContain('InvalidSignatureException');
  });

  it('builds its client from the settings (endpoint, region)', async () => {
    const saved = { ...process.env };
    useEmulatorKeys();
    try {
      const c = createBedrockClient({
        modelId: MODEL,
        region: 'eu-west-1',
        endpoint: emulator.url,
        profile: null,
      });
      expect(await c.config.region()).toBe('eu-west-1');
      expect((await new BedrockVisionLanguage(c, MODEL).plan('detect buses', ctx)).ok).toBe(true);
      c.destroy();
    } finally {
      process.env = saved;
    }
  });
});

describe.skipIf(!hasSharedAssets)('studio routing through Bedrock', () => {
  const tmp = makeTempDir('vps-bedrock-');
  let emulator: BedrockEmulator;
  let studio: Studio;
  let project: string;
  const saved = { ...process.env };
  const { call } = studioCaller(() => studio);

  beforeAll(async () => {
    useEmulatorKeys();
    emulator = await startBedrockEmulator();
    studio = createTestStudio(tmp.dir, {
      env: { VISPROMPT_MODELS_DIR: sharedPath('models') },
      chainEngines: { segmenters: [new BoxFillSegmenter()] },
    });
    const folder = sharedPath('data', 'driving-sample', 'bdd100k_ins_seg');
    project = (await projectWithImages(call, tmp.dir, folder)).project;
    await call('chains.updateBedrockSettings', { modelId: MODEL, endpoint: emulator.url });
  });
  afterAll(async () => {
    process.env = saved;
    await studio?.close();
    await emulator?.close();
    tmp.cleanup();
  });

  it('plans through Bedrock and says so', async () => {
    const plan = await call<PlanResult>('chains.plan', { project, request: 'Mask every car', imageId: 1 });
    expect(plan).toMatchObject({ route: 'chain', answeredBy: MODEL, problems: [] });
    expect(plan.chain!.steps[0]).toMatchObject({ op: 'detect-class', classes: ['car'] });
    expect(plan.notes[0]).toContain('Bedrock emulator');
  });

  it('answers a question through the vision-language path with what the detector found', async () => {
    const plan = await call<PlanResult>('chains.plan', {
      project,
      request: 'How many cars are there?',
      imageId: 1,
    });
    expect(plan).toMatchObject({ route: 'question', answeredBy: MODEL, chain: null });
    expect(plan.answer).toMatch(/^\d+ cars?\.\nBedrock emulator/);
    expect(emulator.calls.at(-1)).toMatchObject({ kind: 'ask', status: 200 });
  });

  it('shows a rejected Bedrock plan with its reason', async () => {
    emulator.inject('unknown-step');
    const plan = await call<PlanResult>('chains.plan', { project, request: 'segment cars' });
    expect(plan.chain).toBeNull();
    expect(plan.problems[0]).toContain("'teleport-boxes', which is not a step");
  });
});
