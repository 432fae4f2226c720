// Bedrock through the Converse API (real BedrockRuntimeClient; a custom endpoint points it at the local
// emulator in tests). Three jobs: plan a chain from a request (forced tool use, so the answer is JSON in the
// tool's input schema, then validated like any chain), caption an image, and write question-answer pairs
// about an image and its labelled regions. Images go as JPEG content blocks, shrunk to Bedrock's limits.
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConverseCommand,
  type ContentBlock,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { fromIni } from '@aws-sdk/credential-providers';
import sharp from 'sharp';
import { z } from 'zod';
import type { BedrockSettings } from '../../../shared/api/chains';
import type { Region } from '../../../shared/chains/regions';
import { chainSchema, STEP_DESCRIPTIONS, STEP_OPS, type Chain } from '../../../shared/chains/schema';
import { checkChain, type ChainContext } from '../../../shared/chains/validate';
import { StudioError } from '../../../shared/errors';
import { decodeRgb } from '../../media/convert-image';
import type { EngineImage } from '../segmenter';
import { planText, regionsText } from './prompt-text';

/** Bedrock takes images up to 8000 px a side and 3.75 MB; Claude models see at most ~1568 px anyway. */
const IMAGE_MAX_SIDE = 1568;
export const PLAN_TOOL = 'submit_chain';

export type BedrockPlan =
  | { ok: true; chain: Chain; notes: string[]; warnings: string[] }
  | { ok: false; reasons: string[]; notes: string[] };

export interface QaPair {
  question: string;
  answer: string;
}

export function createBedrockClient(settings: BedrockSettings): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.profile ? { credentials: fromIni({ profile: settings.profile }) } : {}),
    maxAttempts: 3,
  });
}

const PLAN_SYSTEM = `You plan visual prompt chains for a segmentation studio. A chain is an ordered list of steps; call the ${PLAN_TOOL} tool with it. Steps:
${STEP_OPS.map((op) => `- ${op}: ${STEP_DESCRIPTIONS[op]}`).join('\n')}
A chain starts with detection, makes prompts from boxes before 'segment', and may filter, dedupe and map labels.`;

const qaSchema = z.object({
  pairs: z.array(z.object({ question: z.string().min(1), answer: z.string().min(1) })),
});

export class BedrockVisionLanguage {
  constructor(
    private readonly client: BedrockRuntimeClient,
    readonly modelId: string,
  ) {}

  /**
   * A chain for `request`, validated against what can run here. An answer that is not JSON, names an unknown
   * step or breaks the chain rules is refused with the reasons; text the model adds comes back as notes.
   */
  async plan(request: string, ctx: ChainContext, image?: EngineImage): Promise<BedrockPlan> {
    const content: ContentBlock[] = [{ text: planText(request, ctx) }];
    if (image) content.push(await imageBlock(image));
    const out = await this.converse({
      system: [{ text: PLAN_SYSTEM }],
      messages: [{ role: 'user', content }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: PLAN_TOOL,
              description: 'Submit the planned chain.',
              inputSchema: { json: z.toJSONSchema(chainSchema, { io: 'input' }) as never },
            },
          },
        ],
        toolChoice: { tool: { name: PLAN_TOOL } },
      },
      inferenceConfig: { temperature: 0, maxTokens: 2000 },
    });
    const blocks = out.output?.message?.content ?? [];
    const notes = blocks.flatMap((b) => (b.text ? [b.text.trim()] : [])).filter(Boolean);
    const tool = blocks.find((b) => b.toolUse?.name === PLAN_TOOL)?.toolUse;
    let proposed: unknown = tool?.input;
    if (proposed === undefined) {
      // Some models answer in text despite the forced tool: accept a JSON chain there too.
      const parsed = parseJsonText(notes.join('\n'));
      if (!parsed.ok)
        return { ok: false, reasons: [`The model's plan is not valid JSON: ${parsed.error}`], notes };
      proposed = parsed.value;
      notes.length = 0;
    }
    const check = checkChain(proposed, ctx);
    return check.ok
      ? { ok: true, chain: check.chain, notes, warnings: check.warnings }
      : { ok: false, reasons: check.reasons, notes };
  }

  /** One or two sentences about the image, told what its labelled regions are. */
  async caption(image: EngineImage, regions: readonly Region[]): Promise<string> {
    return this.ask(image, regions, 'Describe the image in one or two sentences for a dataset caption.');
  }

  /** The model's answer to a question about the image. */
  async answer(image: EngineImage, regions: readonly Region[], question: string): Promise<string> {
    return this.ask(image, regions, question);
  }

  /** Question-answer pairs about the image and its labelled regions, for instruction datasets. */
  async qaPairs(image: EngineImage, regions: readonly Region[], count = 5): Promise<QaPair[]> {
    const text = await this.ask(
      image,
      regions,
      `Write ${count} question-answer pairs about this image and its labelled regions that a person could check by looking. Answer with JSON only: {"pairs": [{"question": "...", "answer": "..."}]}`,
    );
    const parsed = parseJsonText(text);
    const pairs = parsed.ok ? qaSchema.safeParse(parsed.value) : undefined;
    if (!pairs?.success) {
      throw new StudioError(
        'endpoint_failed',
        `Bedrock model ${this.modelId} did not answer with question-answer pairs as JSON${parsed.ok ? '' : ` (${parsed.error})`}.`,
      );
    }
    return pairs.data.pairs;
  }

  private async ask(image: EngineImage, regions: readonly Region[], question: string): Promise<string> {
    const out = await this.converse({
      messages: [
        {
          role: 'user',
          content: [await imageBlock(image), { text: `${regionsText(image, regions)}\n${question}` }],
        },
      ],
      inferenceConfig: { temperature: 0, maxTokens: 1000 },
    });
    const text = (out.output?.message?.content ?? [])
      .flatMap((b) => (b.text ? [b.text] : []))
      .join('\n')
      .trim();
    if (!text)
      throw new StudioError('endpoint_failed', `Bedrock model ${this.modelId} gave an empty answer.`);
    return text;
  }

  private async converse(input: Omit<ConverseCommandInput, 'modelId'>): Promise<ConverseCommandOutput> {
    try {
      return await this.client.send(new ConverseCommand({ modelId: this.modelId, ...input }));
    } catch (err) {
      throw bedrockError(err, this.modelId);
    }
  }
}

async function imageBlock(image: EngineImage): Promise<ContentBlock> {
  const pixels = await decodeRgb(image.path, { maxSide: IMAGE_MAX_SIDE });
  const bytes = await sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { image: { format: 'jpeg', source: { bytes } } };
}

/** JSON from a model's text: the whole text, or a ```json fenced block in it. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidate = (fenced ?? text).trim();
  try {
    return { ok: true, value: JSON.parse(candidate) };
  } catch (err) {
    const shown = candidate.length > 80 ? `${candidate.slice(0, 80)}…` : candidate;
    return { ok: false, error: `${(err as Error).message} in '${shown}'` };
  }
}

/** SDK failures as studio errors a user can act on. */
export function bedrockError(err: unknown, modelId: string): StudioError {
  if (err instanceof StudioError) return err;
  if (err instanceof BedrockRuntimeServiceException) {
    const status = err.$metadata.httpStatusCode;
    switch (err.name) {
      case 'ThrottlingException':
      case 'ServiceQuotaExceededException':
        return new StudioError(
          'endpoint_unavailable',
          `Bedrock is throttling requests to ${modelId} (still after retries); try again shortly.`,
        );
      case 'AccessDeniedException':
      case 'UnrecognizedClientException':
        return new StudioError(
          'unauthorized',
          `Bedrock refused the credentials for ${modelId}: ${err.message}`,
        );
      case 'ResourceNotFoundException':
        return new StudioError(
          'model_missing',
          `Bedrock has no model ${modelId} in this region: ${err.message}`,
        );
      case 'ModelNotReadyException':
      case 'ServiceUnavailableException':
      case 'InternalServerException':
        return new StudioError(
          'endpoint_unavailable',
          `Bedrock could not answer (${err.name}, HTTP ${status}) after retries: ${err.message}`,
        );
    }
    return new StudioError(
      'endpoint_failed',
      `Bedrock model ${modelId} failed (${err.name}): ${err.message}`,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StudioError('endpoint_unavailable', `Bedrock could not be reached: ${message}`);
}
