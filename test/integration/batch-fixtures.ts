// A studio running batch jobs against the SageMaker emulator through the real SDK client: a project of small
// generated frames, Settings naming a Grounded-SAM endpoint that answers one fixed box per phrase (so a test
// is about the queue, the client and the store, with faults injected at the emulator), and the per-image
// account a test asserts.
import { join } from 'node:path';
import type { Studio } from '../../electron/studio/create-studio';
import type { BatchItem, BatchJob } from '../../shared/api/batch';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../shared/api/endpoints';
import type { Annotation, ImageRecord, StudioEvent } from '../../shared/domain';
import { fixedGroundedContainer } from '../../scripts/emulators/sagemaker/fixed-container';
import { startSagemakerEmulator, type SagemakerEmulator } from '../../scripts/emulators/sagemaker/server';
import { useEmulatorKeys } from '../helpers/aws-env';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller, type ApiCall } from '../helpers/studio-server';

export const ENDPOINT = 'grounded-sam';
/** One detect-text step on the endpoint: each image done gets exactly one proposal. */
export const CHAIN = { name: 'cars', steps: [{ op: 'detect-text', text: 'car', model: ENDPOINT }] };

export interface BatchRig {
  studio: Studio;
  emulator: SagemakerEmulator;
  call: ApiCall;
  project: string;
  /** The first page of the project's images (100). */
  images: ImageRecord[];
  events: StudioEvent[];
  close(): Promise<void>;
}

export async function writeFrames(folder: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++)
    await makeImage(folder, `frame-${String(i).padStart(5, '0')}.png`, {
      width: 32,
      height: 24,
      format: 'png',
      pattern: i,
    });
}

/** `images` frames in a project made in `projectDir` (default `dir`), the endpoint settings given on top. */
export async function batchRig(
  dir: string,
  images: number,
  endpoint: { requestTimeoutSec?: number; jobConcurrency?: number } = {},
  options: { projectDir?: string; computeMs?: number } = {},
): Promise<BatchRig> {
  useEmulatorKeys();
  const emulator = await startSagemakerEmulator({
    containers: { [ENDPOINT]: fixedGroundedContainer({ delayMs: options.computeMs }) },
  });
  const studio = createTestStudio(dir, { env: { VISPROMPT_MODELS_DIR: join(dir, 'no-models') } });
  const events: StudioEvent[] = [];
  studio.events.subscribe((e) => events.push(e));
  const { call } = studioCaller(() => studio);
  await writeFrames(join(dir, 'frames'), images);
  const made = await projectWithImages(call, options.projectDir ?? dir, join(dir, 'frames'));
  await call('settings.update', {
    endpoints: {
      ...DEFAULT_ENDPOINT_SETTINGS,
      endpointUrl: emulator.url,
      groundedSamEndpoint: ENDPOINT,
      ...endpoint,
    },
  });
  return {
    studio,
    emulator,
    call,
    ...made,
    events,
    async close() {
      await studio.close();
      await emulator.close();
    },
  };
}

export async function runJob(
  rig: BatchRig,
  settings: { maxAttempts: number; concurrency?: number },
): Promise<BatchJob> {
  const job = await rig.call<BatchJob>('batch.create', {
    project: rig.project,
    chain: CHAIN,
    images: { all: true },
    settings,
  });
  return settledJob(rig, job.id);
}

/** Polls the job until no run of it is going on. */
export async function settledJob(rig: BatchRig, jobId: number): Promise<BatchJob> {
  for (;;) {
    const job = await rig.call<BatchJob>('batch.get', { project: rig.project, jobId });
    if (job.status !== 'running' && job.status !== 'queued') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function itemsOf(rig: BatchRig, jobId: number): Promise<BatchItem[]> {
  return (await rig.call<{ items: BatchItem[] }>('batch.items', { project: rig.project, jobId, limit: 1000 }))
    .items;
}

/** The job's proposals per image, in job order: 1 per image done, 0 otherwise; more is a duplicate. */
export async function proposalsPerImage(rig: BatchRig, jobId: number): Promise<number[]> {
  const out: number[] = [];
  for (const { imageId } of await itemsOf(rig, jobId)) {
    const list = await rig.call<Annotation[]>('annotations.list', { project: rig.project, imageId });
    out.push(list.filter((a) => a.jobId === jobId).length);
  }
  return out;
}

/** What the endpoint was asked, by outcome: 200s and the statuses of the injected failures. */
export const statuses = (emulator: SagemakerEmulator) =>
  emulator.invocations.reduce<Record<number, number>>(
    (acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }),
    {},
  );
