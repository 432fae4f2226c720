// An asynchronous inference endpoint of the emulator, as SageMaker runs one: InvokeEndpointAsync only queues the
// request (its body is an object in S3); N emulated instances take requests in order, each after a queue delay,
// read the input from S3, run the container and write its answer to the output folder (or the error to the
// failure folder) under the request's file name. A request that waited longer than its time to live expires
// with a failure object. Faults (faults.ts) make the queue full, the model fail, or the output never appear.
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StudioError } from '../../../shared/errors';
import { ContainerError, type Container } from './container';
import type { Fault } from './faults';

export interface AsyncEndpointOptions {
  container: Container;
  /** A client of the S3 server holding the requests and taking the answers. */
  s3: S3Client;
  /** AsyncInferenceConfig's S3OutputPath and S3FailurePath, as bucket + key prefix. */
  output: { bucket: string; prefix: string };
  failure: { bucket: string; prefix: string };
  /** Emulated instances serving the queue (each one request at a time). */
  instances?: number;
  /** Time a request spends in SageMaker's queue before an instance may take it. */
  queueDelayMs?: number;
  /** Requests queued or running at most; more are refused (ThrottlingException), as a full queue is. */
  maxQueue?: number;
  /**
   * An instance holds each request at least this long, reading its input and writing its answer included: a
   * fixed service time, so the endpoint's capacity is exactly instances / serviceMs whatever S3 costs here.
   */
  serviceMs?: number;
}

export interface QueuedAsync {
  inferenceId: string;
  input: { bucket: string; key: string };
  filename: string;
  ttlSec: number;
  fault: Fault;
  queuedAt: number;
}

/** What happened to each request, for tests and the bench. */
export interface AsyncOutcome {
  inferenceId: string;
  inputKey: string;
  outcome: 'output' | 'failure' | 'dropped' | 'expired';
  /** Queue wait and container time. */
  waitedMs: number;
  computeMs: number;
}

const outKey = (prefix: string, name: string) => `${prefix.replace(/\/?$/, '/')}${name}`.replace(/^\//, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AsyncEndpoint {
  readonly outcomes: AsyncOutcome[] = [];
  /** Every request queued, in order (a request sent twice is here twice). */
  readonly received: { inferenceId: string; inputKey: string }[] = [];
  private readonly queue: QueuedAsync[] = [];
  private running = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly o: AsyncEndpointOptions,
  ) {}

  get instances(): number {
    return this.o.instances ?? 1;
  }

  /** Queued plus running now. */
  get depth(): number {
    return this.queue.length + this.running;
  }

  get full(): boolean {
    return this.depth >= (this.o.maxQueue ?? Infinity);
  }

  /** Where the request's answer or error will be written. */
  locations(filename: string | undefined) {
    const name = filename || `${randomUUID()}.out`;
    return {
      filename: name,
      output: { bucket: this.o.output.bucket, key: outKey(this.o.output.prefix, name) },
      failure: {
        bucket: this.o.failure.bucket,
        key: outKey(this.o.failure.prefix, name.replace(/\.out$/, '') + '-error.out'),
      },
    };
  }

  enqueue(request: QueuedAsync): void {
    this.received.push({ inferenceId: request.inferenceId, inputKey: request.input.key });
    this.queue.push(request);
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.closed && this.running < this.instances && this.queue.length) {
      const next = this.queue.shift()!;
      this.running++;
      void this.serve(next).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async serve(r: QueuedAsync): Promise<void> {
    const delay = (this.o.queueDelayMs ?? 0) - (Date.now() - r.queuedAt);
    if (delay > 0) await sleep(delay);
    if (this.closed) return;
    const { output, failure } = this.locations(r.filename);
    const waitedMs = Date.now() - r.queuedAt;
    const record = (outcome: AsyncOutcome['outcome'], computeMs: number) =>
      void this.outcomes.push({
        inferenceId: r.inferenceId,
        inputKey: r.input.key,
        outcome,
        waitedMs,
        computeMs,
      });
    if (waitedMs > r.ttlSec * 1000) {
      await this.put(failure, `Request ${r.inferenceId} expired after ${r.ttlSec} s in the queue.`);
      return record('expired', 0);
    }
    const started = performance.now();
    let answer: { body: Buffer; ok: boolean };
    try {
      if (r.fault.latencyMs) await sleep(r.fault.latencyMs);
      if (r.fault.modelError) throw new ContainerError(r.fault.modelError.status, r.fault.modelError.message);
      const body = await this.read(r.input);
      const reply = await this.o.container({
        body,
        contentType: 'application/json',
        accept: 'application/json',
        signal: new AbortController().signal,
      });
      answer = {
        body: r.fault.malformedBody ? reply.body.subarray(0, reply.body.length >> 1) : reply.body,
        ok: true,
      };
    } catch (err) {
      const status =
        err instanceof ContainerError
          ? err.status
          : err instanceof StudioError && err.code === 'invalid_input'
            ? 400
            : 500;
      const message = err instanceof Error ? err.message : String(err);
      answer = { body: Buffer.from(`Received server error (${status}) from model: ${message}`), ok: false };
    }
    const computeMs = performance.now() - started;
    if (r.fault.dropOutput) return record('dropped', computeMs);
    if (this.closed) return;
    await this.put(answer.ok ? output : failure, answer.body);
    const rest = (this.o.serviceMs ?? 0) - (performance.now() - started);
    if (rest > 0) await sleep(rest);
    record(answer.ok ? 'output' : 'failure', computeMs);
  }

  private async read(input: { bucket: string; key: string }): Promise<Buffer> {
    try {
      const out = await this.o.s3.send(new GetObjectCommand({ Bucket: input.bucket, Key: input.key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      throw new ContainerError(
        400,
        `Could not read the input s3://${input.bucket}/${input.key}: ${(err as Error).name}`,
      );
    }
  }

  private async put(loc: { bucket: string; key: string }, body: Buffer | string): Promise<void> {
    await this.o.s3
      .send(new PutObjectCommand({ Bucket: loc.bucket, Key: loc.key, Body: body }))
      .catch(() => undefined); // The S3 server went away (closing): nothing to answer to.
  }
}
