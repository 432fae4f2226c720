// A local Bedrock Runtime emulator: POST /model/{modelId}/converse on 127.0.0.1, SigV4-verified like AWS, in
// the restJson1 shape the real BedrockRuntimeClient parses, over HTTP/2 (h2c) as that client speaks to Bedrock. No language model can run here, so it answers from
// the studio's documented deterministic parts and says so in every answer:
//   - a plan request (the submit_chain tool forced) -> the offline planner (shared/chains/planner.ts) over the
//     request and the detectors/labels the prompt lists, as a toolUse block;
//   - a question with labelled regions -> the templates (shared/chains/templates.ts): captions from the label
//     counts, question-answer pairs as JSON, 'how many' / 'is there' answered by counting.
// Faults for reliability tests (programmatic, or PUT /_emulator/faults {fault, times}): 'invalid-json' (a plan
// answered as broken JSON text), 'unknown-step' (a plan with a step that does not exist), 'server-error' (500
// InternalServerException), 'throttle' (429 ThrottlingException).
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type Http2ServerRequest as IncomingMessage,
  type Http2ServerResponse as ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { PLAN_TOOL } from '../../../electron/inference/bedrock/converse';
import { readPlanText, readRegionsText } from '../../../electron/inference/bedrock/prompt-text';
import { planChain } from '../../../shared/chains/planner';
import { templateAnswer, templateCaption, templateQa } from '../../../shared/chains/templates';
import { TEST_CREDENTIALS, verifySigV4, type EmulatorCredentials } from '../sagemaker/sigv4';

export const EMULATOR_NOTE =
  'Bedrock emulator: no language model ran. This answer comes from the deterministic offline planner and templates of VisPrompt Studio.';

export const BEDROCK_FAULTS = ['invalid-json', 'unknown-step', 'server-error', 'throttle'] as const;
export type BedrockFault = (typeof BEDROCK_FAULTS)[number];

const ERRORS = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ThrottlingException: 429,
  InternalServerException: 500,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  UnknownOperationException: 404,
} as const;
type ErrorName = keyof typeof ERRORS;

export interface BedrockEmulatorOptions {
  port?: number;
  credentials?: EmulatorCredentials;
  log?: (line: string) => void;
}

export interface BedrockEmulator {
  url: string;
  /** The next `times` converse calls meet `fault`. */
  inject(fault: BedrockFault, times?: number): void;
  clearFaults(): void;
  /** Converse calls answered so far (faults included), by outcome status. */
  readonly calls: { modelId: string; status: number; kind: 'plan' | 'ask' }[];
  close(): Promise<void>;
}

const CONVERSE = /^\/model\/([^/]+)\/converse$/;
const FAULTS_PATH = '/_emulator/faults';

const requestSchema = z.object({
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.array(z.record(z.string(), z.unknown())).min(1),
      }),
    )
    .min(1),
  toolConfig: z
    .object({ tools: z.array(z.object({ toolSpec: z.object({ name: z.string() }).optional() }).loose()) })
    .loose()
    .optional(),
});

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(bytes);
}

function sendError(res: ServerResponse, name: ErrorName, message: string) {
  send(
    res,
    ERRORS[name],
    { message },
    { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<BedrockEmulator> {
  const credentials = options.credentials ?? TEST_CREDENTIALS;
  const faults: BedrockFault[] = [];
  const calls: BedrockEmulator['calls'] = [];

  async function converse(req: IncomingMessage, res: ServerResponse, modelId: string) {
    const started = performance.now();
    const body = await readBody(req);
    // HTTP/2 carries the host as :authority; the client signed it as 'host'. The verifier decodes each path
    // segment before the signer encodes it again, which matches AWS's canonical path (the sent path encoded
    // once more) only for plain names; model ids carry ':' (sent as %3A), so segments are encoded once first.
    const headers = { ...req.headers, host: req.headers.host ?? req.headers[':authority'] };
    const path = req.url.split('?')[0]!.split('/').map(encodeURIComponent).join('/');
    const auth = await verifySigV4({ method: req.method, path, headers, body }, credentials, 'bedrock');
    if (auth) return sendError(res, auth.error, auth.message);
    let parsed: z.infer<typeof requestSchema>;
    try {
      parsed = requestSchema.parse(JSON.parse(body.toString('utf8')));
    } catch (err) {
      return sendError(res, 'ValidationException', `Malformed Converse request: ${(err as Error).message}`);
    }
    const text = parsed.messages
      .filter((m) => m.role === 'user')
      .flatMap((m) => m.content.flatMap((c) => (typeof c.text === 'string' ? [c.text] : [])))
      .join('\n');
    const plan = parsed.toolConfig?.tools.some((t) => t.toolSpec?.name === PLAN_TOOL) ?? false;
    const kind = plan ? 'plan' : 'ask';
    const fault = faults.shift();
    const record = (status: number) => calls.push({ modelId, status, kind });
    if (fault === 'throttle') {
      record(429);
      return sendError(
        res,
        'ThrottlingException',
        'Too many requests, please wait before trying again. (injected)',
      );
    }
    if (fault === 'server-error') {
      record(500);
      return sendError(
        res,
        'InternalServerException',
        'The server encountered an internal error. (injected)',
      );
    }

    let content: Record<string, unknown>[];
    let stopReason = 'end_turn';
    if (plan) {
      const prompt = readPlanText(text);
      if (!prompt)
        return sendError(
          res,
          'ValidationException',
          'The emulator reads plan requests in the studio format only.',
        );
      const closed = prompt.ctx.detectors.find((d) => d.classes !== null);
      const planned = planChain(prompt.request, {
        // No class detector: every phrase goes to the grounded one (or is refused).
        classes: closed?.classes ?? [],
        grounded: prompt.ctx.detectors.some((d) => d.classes === null),
        labels: prompt.ctx.labels,
      });
      if (!planned.ok) content = [{ text: `${EMULATOR_NOTE}\nNo plan: ${planned.reason}` }];
      else if (fault === 'invalid-json')
        content = [
          {
            text: `${EMULATOR_NOTE} (injected fault: broken JSON)\n${JSON.stringify(planned.chain).slice(0, 40)}`,
          },
        ];
      else {
        const steps: unknown[] = [...planned.chain.steps];
        if (fault === 'unknown-step') steps.splice(1, 0, { op: 'teleport-boxes', distance: 3 });
        content = [
          { text: [EMULATOR_NOTE, ...planned.notes].join('\n') },
          {
            toolUse: {
              toolUseId: `tooluse_${randomUUID()}`,
              name: PLAN_TOOL,
              input: { ...planned.chain, steps },
            },
          },
        ];
        stopReason = 'tool_use';
      }
    } else {
      const prompt = readRegionsText(text);
      if (!prompt)
        return sendError(
          res,
          'ValidationException',
          'The emulator answers questions with labelled regions only.',
        );
      const { question, regions, width } = prompt;
      if (/question-answer pairs/i.test(question))
        content = [{ text: JSON.stringify({ pairs: templateQa(regions, width), note: EMULATOR_NOTE }) }];
      else if (/^describe the image/i.test(question))
        content = [{ text: templateCaption(regions) }, { text: EMULATOR_NOTE }];
      else content = [{ text: templateAnswer(question, regions) }, { text: EMULATOR_NOTE }];
    }
    record(200);
    const out = content.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c))).join('');
    send(res, 200, {
      output: { message: { role: 'assistant', content } },
      stopReason,
      usage: {
        inputTokens: tokens(text),
        outputTokens: tokens(out),
        totalTokens: tokens(text) + tokens(out),
      },
      metrics: { latencyMs: Math.round(performance.now() - started) },
    });
  }

  async function control(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'DELETE') faults.length = 0;
    else {
      const input = z
        .object({ fault: z.enum(BEDROCK_FAULTS), times: z.number().int().positive().max(1000).default(1) })
        .safeParse(JSON.parse((await readBody(req)).toString('utf8') || '{}'));
      if (!input.success) return send(res, 400, { message: input.error.message });
      for (let i = 0; i < input.data.times; i++) faults.push(input.data.fault);
    }
    res.writeHead(204).end();
  }

  const sessions = new Set<Http2Session>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const match = req.method === 'POST' ? CONVERSE.exec(path) : null;
    const work = match
      ? converse(req, res, decodeURIComponent(match[1]!)).then(() =>
          options.log?.(`POST ${path} -> ${res.statusCode}`),
        )
      : path === FAULTS_PATH && (req.method === 'PUT' || req.method === 'DELETE')
        ? control(req, res)
        : Promise.resolve(
            sendError(
              res,
              'UnknownOperationException',
              `No operation ${req.method} ${path} (this emulator serves Converse).`,
            ),
          );
    work.catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 'InternalServerException', String(err));
      else res.destroy();
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    clearFaults() {
      faults.length = 0;
    },
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions) session.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
