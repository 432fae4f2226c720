// A local SageMaker Runtime: POST /endpoints/{name}/invocations on 127.0.0.1 (random port), SigV4-checked with
// fixed test credentials, answering from in-process containers with the service's own status codes, headers
// and error bodies (protocol.ts), so the real SDK client runs unmodified against it. Faults per endpoint
// (faults.ts) make it slow, throttled, broken or wrong on purpose.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAGEMAKER_PAYLOAD_LIMIT } from '../../../shared/endpoints/payload';
import { rleFromCounts } from '../../../shared/geometry/rle';
import { parseS3Uri } from '../../../shared/endpoints/async';
import { AsyncEndpoint } from './async-endpoint';
import { ContainerError, type Container } from './container';
import { FaultTable, faultSchema, type Fault } from './faults';
import { StudioError } from '../../../shared/errors';
import { AWS_ERRORS, EMULATOR_ACCOUNT, sendAwsError, sendInvokeResult, sendModelError } from './protocol';
import { TEST_CREDENTIALS, verifySigV4, type EmulatorCredentials } from './sigv4';

export interface EmulatorOptions {
  containers: Record<string, Container>;
  /** Asynchronous inference endpoints (POST /endpoints/{name}/async-invocations), reading and writing S3. */
  asyncEndpoints?: AsyncEndpoint[];
  region?: string;
  credentials?: EmulatorCredentials;
  port?: number;
  /** How long SageMaker waits for a container before answering ModelError (60 s, as the service). */
  containerTimeoutMs?: number;
  /** One line per invocation (the CLI prints them; tests leave it out). */
  log?: (line: string) => void;
}

export interface Invocation {
  endpoint: string;
  status: number;
  /** Time spent in the container (the model's compute), excluding injected latency. */
  computeMs: number;
  requestBytes: number;
}

export interface SagemakerEmulator {
  /** http://127.0.0.1:PORT: the `endpoint` to give the SDK client. */
  url: string;
  region: string;
  faults: FaultTable;
  invocations: Invocation[];
  /** The async endpoints by name (their queues and what became of each request). */
  asyncEndpoints: Record<string, AsyncEndpoint>;
  close(): Promise<void>;
}

/** SageMaker's words when a container does not answer in time (a ModelError with original status 0). */
const CONTAINER_TIMEOUT_MESSAGE =
  'Your invocation timed out while waiting for a response from container primary. Review the latency metrics ' +
  'for each container in Amazon CloudWatch, resolve the issue, and try again.';

const INVOKE = /^\/endpoints\/([^/]+)\/invocations$/;
const INVOKE_ASYNC = /^\/endpoints\/([^/]+)\/async-invocations$/;
const FAULTS = /^\/_emulator\/faults\/([^/]+)$/;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (and dropping) past the limit so the client sees our answer, not a reset connection.
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Every mask of a SAM or Grounded-SAM answer replaced by an empty one of half the size. */
function shrinkMasks(json: string): string {
  const halve = (rle: { size: [number, number] }) => {
    const size: [number, number] = [Math.max(1, rle.size[0] >> 1), Math.max(1, rle.size[1] >> 1)];
    return rleFromCounts({ size, counts: [size[0] * size[1]] });
  };
  const body = JSON.parse(json) as {
    masks?: { rle: { size: [number, number] } }[][];
    detections?: { rle?: { size: [number, number] } }[];
  };
  for (const m of body.masks?.flat() ?? []) m.rle = halve(m.rle);
  for (const d of body.detections ?? []) if (d.rle) d.rle = halve(d.rle);
  return JSON.stringify(body);
}

export async function startSagemakerEmulator(options: EmulatorOptions): Promise<SagemakerEmulator> {
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? TEST_CREDENTIALS;
  const containerTimeoutMs = options.containerTimeoutMs ?? 60_000;
  const faults = new FaultTable();
  const invocations: Invocation[] = [];
  const inflight = new Set<AbortController>();

  async function invoke(req: IncomingMessage, res: ServerResponse, endpoint: string, signal: AbortSignal) {
    const body = await readBody(req, SAGEMAKER_PAYLOAD_LIMIT);
    const auth = await verifySigV4(
      { method: req.method!, path: req.url!, headers: req.headers, body: body ?? Buffer.alloc(0) },
      credentials,
      'sagemaker',
    );
    // An over-long body cannot be hashed as sent; AWS refuses the size first, and so do we.
    if (body === null)
      return sendAwsError(
        res,
        'ValidationError',
        `Request payload is larger than the ${SAGEMAKER_PAYLOAD_LIMIT} bytes InvokeEndpoint accepts.`,
      );
    if (auth) return sendAwsError(res, auth.error, auth.message);
    const container = Object.hasOwn(options.containers, endpoint) ? options.containers[endpoint] : undefined;
    if (!container)
      return sendAwsError(
        res,
        'ValidationError',
        `Endpoint ${endpoint} of account ${EMULATOR_ACCOUNT} not found.`,
      );

    const fault: Fault = faults.take(endpoint) ?? {};
    const injected = (status: number) =>
      invocations.push({ endpoint, status, computeMs: 0, requestBytes: body.length });
    if (fault.latencyMs) await sleep(Math.min(fault.latencyMs, containerTimeoutMs), signal);
    if (signal.aborted) return;
    if ((fault.latencyMs ?? 0) > containerTimeoutMs) {
      injected(424);
      return sendModelError(res, endpoint, region, 0, CONTAINER_TIMEOUT_MESSAGE);
    }
    if (fault.error) {
      injected(AWS_ERRORS[fault.error]);
      return sendAwsError(res, fault.error, `Injected ${fault.error} for endpoint ${endpoint}.`);
    }
    if (fault.modelError) {
      injected(424);
      return sendModelError(res, endpoint, region, fault.modelError.status, fault.modelError.message);
    }

    const started = performance.now();
    try {
      const reply = await container({
        body,
        contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
        accept: req.headers.accept,
        signal,
      });
      invocations.push({
        endpoint,
        status: 200,
        computeMs: performance.now() - started,
        requestBytes: body.length,
      });
      let out = reply.body;
      if (fault.wrongMaskSize) out = Buffer.from(shrinkMasks(out.toString('utf8')));
      if (fault.malformedBody) out = out.subarray(0, out.length >> 1);
      sendInvokeResult(res, out, reply.contentType);
    } catch (err) {
      // A container refuses bad input with 400 and fails with 500, as the reference handler does.
      const status =
        err instanceof ContainerError
          ? err.status
          : err instanceof StudioError && err.code === 'invalid_input'
            ? 400
            : 500;
      const message = err instanceof Error ? err.message : String(err);
      invocations.push({
        endpoint,
        status,
        computeMs: performance.now() - started,
        requestBytes: body.length,
      });
      sendModelError(res, endpoint, region, status, message);
    }
  }

  const asyncEndpoints = Object.fromEntries((options.asyncEndpoints ?? []).map((e) => [e.name, e]));

  /** InvokeEndpointAsync: the request's body is in S3 already; queue it and say where its answer will be. */
  async function invokeAsync(req: IncomingMessage, res: ServerResponse, endpoint: string) {
    const body = (await readBody(req, 64 * 1024)) ?? Buffer.alloc(0);
    const auth = await verifySigV4(
      { method: req.method!, path: req.url!, headers: req.headers, body },
      credentials,
      'sagemaker',
    );
    if (auth) return sendAwsError(res, auth.error, auth.message);
    const target = Object.hasOwn(asyncEndpoints, endpoint) ? asyncEndpoints[endpoint] : undefined;
    if (!target)
      return sendAwsError(
        res,
        'ValidationError',
        Object.hasOwn(options.containers, endpoint)
          ? `Endpoint ${endpoint} is not an asynchronous endpoint (it has no AsyncInferenceConfig).`
          : `Endpoint ${endpoint} of account ${EMULATOR_ACCOUNT} not found.`,
      );
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const input = parseS3Uri(header('x-amzn-sagemaker-inputlocation') ?? '');
    if (!input || !header('x-amzn-sagemaker-inputlocation')?.startsWith('s3://'))
      return sendAwsError(res, 'ValidationError', 'InputLocation must be an s3:// URI.');
    const fault: Fault = faults.take(endpoint) ?? {};
    if (fault.error)
      return sendAwsError(res, fault.error, `Injected ${fault.error} for endpoint ${endpoint}.`);
    if (fault.queueFull || target.full)
      return sendAwsError(res, 'ThrottlingException', `The queue of endpoint ${endpoint} is full.`);
    const ttlSec = Number(header('x-amzn-sagemaker-requestttlseconds') ?? 21_600);
    const inferenceId = header('x-amzn-sagemaker-inference-id') || randomUUID();
    const where = target.locations(header('x-amzn-sagemaker-filename'));
    target.enqueue({ inferenceId, input, filename: where.filename, ttlSec, fault, queuedAt: Date.now() });
    const reply = Buffer.from(JSON.stringify({ InferenceId: inferenceId }));
    res.writeHead(202, {
      'content-type': 'application/json',
      'content-length': reply.length,
      'x-amzn-requestid': randomUUID(),
      'x-amzn-sagemaker-outputlocation': `s3://${where.output.bucket}/${where.output.key}`,
      'x-amzn-sagemaker-failurelocation': `s3://${where.failure.bucket}/${where.failure.key}`,
    });
    res.end(reply);
  }

  async function control(req: IncomingMessage, res: ServerResponse, endpoint: string) {
    if (req.method === 'DELETE') faults.clear(endpoint);
    else {
      const parsed = faultSchema.safeParse(JSON.parse((await readBody(req, 64 * 1024))?.toString() || '{}'));
      if (!parsed.success) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        return res.end(parsed.error.message);
      }
      faults.set(endpoint, parsed.data);
    }
    res.writeHead(204).end();
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const abort = new AbortController();
    inflight.add(abort);
    // The client went away (its timeout fired): stop waiting and computing for it.
    res.on('close', () => {
      abort.abort();
      inflight.delete(abort);
    });
    const invokeMatch = req.method === 'POST' ? INVOKE.exec(path) : null;
    const asyncMatch = req.method === 'POST' ? INVOKE_ASYNC.exec(path) : null;
    const faultMatch = FAULTS.exec(path);
    const work = invokeMatch
      ? invoke(req, res, decodeURIComponent(invokeMatch[1]!), abort.signal).then(() =>
          options.log?.(`${req.method} ${path} -> ${res.statusCode}`),
        )
      : asyncMatch
        ? invokeAsync(req, res, decodeURIComponent(asyncMatch[1]!)).then(() =>
            options.log?.(`${req.method} ${path} -> ${res.statusCode}`),
          )
        : faultMatch && (req.method === 'PUT' || req.method === 'DELETE')
          ? control(req, res, decodeURIComponent(faultMatch[1]!))
          : Promise.resolve(
              sendJsonNotFound(
                res,
                `No operation ${req.method} ${path} (this emulator serves InvokeEndpoint and InvokeEndpointAsync).`,
              ),
            );
    work.catch((err: unknown) => {
      if (!res.headersSent) sendAwsError(res, 'InternalFailure', String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    faults,
    invocations,
    asyncEndpoints,
    async close() {
      for (const e of Object.values(asyncEndpoints)) e.close();
      for (const a of inflight) a.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJsonNotFound(res: ServerResponse, message: string): void {
  res.writeHead(404, {
    'content-type': 'application/json',
    'x-amzn-errortype': 'UnknownOperationException',
  });
  res.end(JSON.stringify({ message }));
}
