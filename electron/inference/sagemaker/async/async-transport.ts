// JSON requests over SageMaker Asynchronous Inference, as a JsonTransport (invoke-json.ts), so the SAM,
// embedding and Grounded-SAM engines run unchanged on an async endpoint: the request body goes to S3 under its
// content hash (uploaded once), InvokeEndpointAsync queues it, HeadObject polls the output and failure
// locations, and the answer is read back and checked against the same wire contract. Requests are recorded in
// a ledger before and after sending, so a studio that stopped collects an answer instead of asking again.
import { createHash, randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { z } from 'zod';
import { requestKey, type S3Location } from '../../../../shared/endpoints/async';
import { StudioError } from '../../../../shared/errors';
import { parseAnswer, type InvokeOptions, type InvokeResult, type JsonTransport } from '../invoke-json';
import { realRetryEnv } from '../retry';
import { awaitAnswer, type PollPolicy } from './await-answer';
import { invokeAsync } from './invoke-async';
import { memoryLedger, type AsyncLedger, type LedgerEntry } from './ledger';
import { getObjectBytes, headObject, uploadOnce } from './s3-objects';

/** Answers are JSON of our wire contract: an embedding is 2-3 MB; anything far larger is not ours. */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;
/** Past the request's TTL and invocation timeout, SageMaker writes nothing more: a margin for clock skew. */
const LATE_MARGIN_MS = 15_000;

export interface AsyncTransportOptions {
  runtime: SageMakerRuntimeClient;
  s3: S3Client;
  bucket: string;
  prefix: string;
  ttlSec: number;
  invocationTimeoutSec: number;
  ledger?: AsyncLedger;
  poll?: PollPolicy;
  now?: () => number;
}

export interface AsyncStats {
  /** Requests queued with InvokeEndpointAsync. */
  sent: number;
  /** Answers collected for requests a ledger already knew (sent by a run that stopped). */
  collectedFromLedger: number;
  /** Request bytes uploaded to S3 (0 for a request object already there). */
  uploadedBytes: number;
  answerBytes: number;
  failures: number;
}

export class AsyncTransport implements JsonTransport {
  readonly stats: AsyncStats = {
    sent: 0,
    collectedFromLedger: 0,
    uploadedBytes: 0,
    answerBytes: 0,
    failures: 0,
  };
  private readonly ledger: AsyncLedger;
  private readonly now: () => number;
  /** How long answers have taken lately (a moving average): the first look waits most of it. */
  private typicalMs: number | null = null;

  constructor(private readonly o: AsyncTransportOptions) {
    this.ledger = o.ledger ?? memoryLedger();
    this.now = o.now ?? Date.now;
  }

  /** Closes both clients' connections. */
  destroy(): void {
    this.o.runtime.destroy();
    this.o.s3.destroy();
  }

  async invoke<S extends z.ZodType>(
    endpoint: string,
    body: unknown,
    schema: S,
    options: InvokeOptions = {},
  ): Promise<InvokeResult<z.output<S>>> {
    const bytes = Buffer.from(JSON.stringify(body));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const input: S3Location = { bucket: this.o.bucket, key: requestKey(this.o.prefix, sha256) };
    const call = { signal: options.signal, retry: options.retry, retryEnv: options.retryEnv };

    let entry = this.ledger.find(endpoint, input.key);
    let where = entry && (await this.whereFromLedger(entry, options.signal));
    if (where) this.stats.collectedFromLedger++;
    else {
      this.stats.uploadedBytes += await uploadOnce(this.o.s3, input, bytes, 'application/json', call);
      entry = {
        endpoint,
        inputKey: input.key,
        // Fresh per sending: an earlier attempt's failure object never answers this one.
        inferenceId: `${sha256.slice(0, 16)}-${randomUUID().slice(0, 8)}`,
        output: null,
        failure: null,
        sentAt: this.now(),
        collectedAt: null,
      };
      // Recorded before sending: a stop between the two finds the request by its predictable answer name.
      this.ledger.put(entry);
      const queued = await invokeAsync(
        this.o.runtime,
        endpoint,
        {
          input,
          inferenceId: entry.inferenceId,
          filename: answerName(entry),
          ttlSec: this.o.ttlSec,
          invocationTimeoutSec: this.o.invocationTimeoutSec,
        },
        call,
      ).catch((err: unknown) => {
        this.ledger.remove(endpoint, input.key);
        throw err;
      });
      this.stats.sent++;
      entry = { ...entry, inferenceId: queued.inferenceId, output: queued.output, failure: queued.failure };
      this.ledger.put(entry);
      where = { output: queued.output, failure: queued.failure };
    }

    const asked = this.now();
    const answer = await awaitAnswer(this.o.s3, where, {
      signal: options.signal,
      poll: this.o.poll,
      endpoint,
      deadlineAt: this.lateAt(entry!),
      env: { ...realRetryEnv, now: this.now },
      // Asking S3 before an answer can be there only costs calls: wait most of the usual time first.
      firstWaitMs: this.typicalMs === null ? 0 : 0.7 * this.typicalMs,
    }).catch((err: unknown) => {
      // Nothing will come: the next attempt sends it again.
      if (err instanceof StudioError && err.code === 'endpoint_unavailable')
        this.ledger.remove(endpoint, input.key);
      throw err;
    });
    const took = this.now() - asked;
    this.typicalMs = this.typicalMs === null ? took : 0.9 * this.typicalMs + 0.1 * took;
    const answerBytes = await getObjectBytes(this.o.s3, answer.location, MAX_ANSWER_BYTES, call);
    this.stats.answerBytes += answerBytes.byteLength;
    if (answer.kind === 'failure') {
      this.stats.failures++;
      this.ledger.remove(endpoint, input.key);
      throw new StudioError(
        'endpoint_failed',
        `The model behind endpoint '${endpoint}' failed the request ${entry!.inferenceId}: ` +
          `${Buffer.from(answerBytes).toString('utf8').slice(0, 2000) || 'no message'}`,
        { endpoint, inferenceId: entry!.inferenceId },
      );
    }
    const value = parseAnswer(endpoint, answerBytes, schema);
    this.ledger.put({ ...entry!, collectedAt: this.now() });
    return { value, attempts: 1, requestBytes: bytes.byteLength, responseBytes: answerBytes.byteLength };
  }

  /**
   * Where a request the ledger knows will be answered: its recorded locations, or, when the stop came while it
   * was being sent, the answer name it was given in the endpoint's output folder. null when it must be sent
   * (again): it was never recorded as sent and nothing can answer it any more, or its answer is gone.
   */
  private async whereFromLedger(
    entry: LedgerEntry,
    signal?: AbortSignal,
  ): Promise<{ output: S3Location; failure: S3Location | null } | null> {
    if (entry.output) {
      if (entry.collectedAt === null) return { output: entry.output, failure: entry.failure };
      // Collected before: read again while the object is there (a lifecycle rule may have removed it).
      return (await headObject(this.o.s3, entry.output, { signal })) !== null
        ? { output: entry.output, failure: null }
        : null;
    }
    const folder = this.ledger.outputFolder(entry.endpoint);
    if (!folder || this.now() >= this.lateAt(entry)) return null;
    return { output: { bucket: folder.bucket, key: `${folder.folder}${answerName(entry)}` }, failure: null };
  }

  private lateAt(entry: LedgerEntry): number {
    return entry.sentAt + (this.o.ttlSec + this.o.invocationTimeoutSec) * 1000 + LATE_MARGIN_MS;
  }
}

/** The answer's file name (SageMaker's Filename), known before sending: a stopped studio finds it by this. */
const answerName = (entry: LedgerEntry) => `${entry.inferenceId}.out`;
