// The image encoder runs in a worker thread: a SAM encoder takes seconds on CPU, and neither the main loop
// nor the decoder's clicks may wait behind it. The worker's code is a plain CommonJS string run with
// `eval: true` rather than a file, so the same code runs under vitest, tsx and the electron-vite bundle (a .ts
// worker file would need the tsx loader from source and its own bundle entry in the build). It only owns the
// onnxruntime session; pixels, tensors and contracts are prepared and checked here on the TypeScript side.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { StudioError } from '../../../shared/errors';
import type { ModelFile } from '../models/manifest';
import { checkContract } from '../models/onnx-session';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.onnxruntime);
let session;
parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'load') {
      session = await ort.InferenceSession.create(msg.path, {
        executionProviders: ['cpu'],
        intraOpNumThreads: msg.threads,
      });
      parentPort.postMessage({
        type: 'loaded',
        inputMetadata: session.inputMetadata,
        outputMetadata: session.outputMetadata,
      });
    } else if (msg.type === 'run') {
      const outputs = await session.run({ [msg.input]: new ort.Tensor('float32', msg.data, msg.dims) });
      // Copied: onnxruntime may own the outputs' memory, and only our own buffers can be transferred.
      const results = {};
      for (const name of msg.outputs) {
        const out = outputs[name];
        results[name] = { data: new Float32Array(out.data), dims: out.dims };
      }
      const buffers = Object.values(results).map((r) => r.data.buffer);
      parentPort.postMessage({ type: 'result', outputs: results }, buffers);
    }
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: err && err.message ? err.message : String(err) });
  }
});
`;

type Reply =
  | {
      type: 'loaded';
      inputMetadata: InferenceSession['inputMetadata'];
      outputMetadata: InferenceSession['outputMetadata'];
    }
  | { type: 'result'; outputs: Record<string, EncoderOutput> }
  | { type: 'error'; message: string };

export interface EncoderOutput {
  data: Float32Array;
  dims: number[];
}

export function cancelled(what: string): StudioError {
  return new StudioError('cancelled', `${what} was cancelled.`);
}

/**
 * One worker with one encoder session; runs one encoding at a time, in call order. A cancelled encoding that
 * has not reached the worker is dropped; one already running is left to finish, because terminating a worker
 * while onnxruntime runs crashes the whole process (a Napi::Error thrown during teardown, measured with
 * onnxruntime-node 1.30), so the caller gets its result (to cache) and waiters are released by the engine.
 */
export class EncoderWorker {
  private worker: Worker | null = null;
  private loaded: Promise<void> | null = null;
  private pending: ((reply: Reply) => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly contract: Pick<ModelFile, 'inputs' | 'outputs'>,
    private readonly threads: number,
  ) {}

  /** Starts the worker and loads the model (model_invalid when corrupt or off-contract); idempotent. */
  load(): Promise<void> {
    this.loaded ??= this.start().catch((err: unknown) => {
      this.terminate();
      throw err;
    });
    return this.loaded;
  }

  /** Runs the encoder for its first output; `signal` cancels it only while it waits for its turn or the load. */
  async encode(data: Float32Array, dims: number[], signal?: AbortSignal): Promise<EncoderOutput> {
    const name = this.contract.outputs[0]!.name;
    return (await this.encodeAll(data, dims, signal))[name]!;
  }

  /** Runs the encoder for every output of its contract (SAM 2's three feature maps), by output name. */
  encodeAll(
    data: Float32Array,
    dims: number[],
    signal?: AbortSignal,
  ): Promise<Record<string, EncoderOutput>> {
    const run = this.queue.then(async () => {
      if (signal?.aborted) throw cancelled('Encoding the image');
      await this.load();
      if (signal?.aborted) throw cancelled('Encoding the image');
      const reply = await this.request({
        type: 'run',
        input: this.contract.inputs[0]!.name,
        outputs: this.contract.outputs.map((o) => o.name),
        data,
        dims,
      });
      if (reply.type === 'error')
        throw new StudioError('engine_failed', `The image encoder failed: ${reply.message}`);
      if (reply.type !== 'result')
        throw new StudioError('internal', `Encoder worker answered ${reply.type}.`);
      return reply.outputs;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for the encoding in progress (see the class comment), then ends the worker. */
  async stop(): Promise<void> {
    await this.queue;
    this.terminate();
  }

  private terminate(): void {
    const worker = this.worker;
    this.worker = null;
    this.loaded = null;
    this.settle({ type: 'error', message: 'the encoder worker has stopped' });
    void worker?.terminate();
  }

  private async start(): Promise<void> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Resolved here so the worker loads the same onnxruntime-node as this module, wherever it runs from.
      workerData: { onnxruntime: createRequire(import.meta.url).resolve('onnxruntime-node') },
    });
    this.worker = worker;
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.settle({ type: 'error', message: err.message }));
    worker.on('exit', () => {
      if (this.worker === worker) this.terminate();
    });
    const reply = await this.request({ type: 'load', path: this.path, threads: this.threads });
    if (reply.type === 'error')
      throw new StudioError(
        'model_invalid',
        `The model ${this.path} could not be loaded (corrupt or not ONNX): ${reply.message}`,
        { path: this.path },
      );
    if (reply.type !== 'loaded') throw new StudioError('internal', `Encoder worker answered ${reply.type}.`);
    checkContract(reply, this.contract, this.path);
  }

  private request(message: Record<string, unknown>): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.resolve({ type: 'error', message: 'the encoder worker has stopped' });
    return new Promise((resolve) => {
      this.pending = resolve;
      const transfer = message.data instanceof Float32Array ? [message.data.buffer as ArrayBuffer] : [];
      worker.postMessage(message, transfer);
    });
  }

  private settle(reply: Reply): void {
    const pending = this.pending;
    this.pending = null;
    pending?.(reply);
  }
}
