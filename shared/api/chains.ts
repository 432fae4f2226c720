// The chains group: plan a chain from a request (or answer a question about the image), check, save and run
// chains on one image or many, inspect, resume, replay and compare runs. Chains travel as plain JSON and are
// validated by shared/chains/validate (which names each problem) rather than by the transport's schema.
import { z } from 'zod';
import type { ImageComparison } from '../chains/compare';
import type { ChainRun, ChainRunImage, SavedChain } from '../chains/runs';
import type { Chain } from '../chains/schema';
import { id, method, none, project } from './kit';

/** Where a request went and what came back. */
export interface PlanResult {
  route: 'chain' | 'question';
  /** Why it went there: 'it asks to segment'. */
  why: string;
  /** Who answered: 'offline planner', 'offline template' or the Bedrock model id. */
  answeredBy: string;
  /** The planned chain (route 'chain', when it is valid here). */
  chain: Chain | null;
  /** Why the plan was refused: one sentence per problem. */
  problems: string[];
  /** Planner notes and validation warnings. */
  notes: string[];
  /** The answer to a question (route 'question'). */
  answer: string | null;
}

export type ChainCheckResult =
  { ok: true; chain: Chain; warnings: string[] } | { ok: false; reasons: string[]; warnings: string[] };

/** What chains can use here. */
export interface ChainEnginesInfo {
  detectors: { modelId: string; engine: string; classes: readonly string[] | null }[];
  segmenters: { modelId: string; engine: string }[];
  /** The Bedrock model planning chains and answering questions, or null for the offline planner. */
  bedrock: { modelId: string; region: string; endpoint: string | null } | null;
}

export interface RunComparison {
  runA: ChainRun;
  runB: ChainRun;
  /** Images both runs finished, each compared. */
  images: ({ imageId: number } & ImageComparison)[];
  countA: number;
  countB: number;
  matched: number;
  meanMatchedIou: number | null;
}

export interface ProposeReport {
  proposed: number;
  images: number;
  /** Regions whose label is no project label: proposed without one. */
  unlabelled: number;
  /** Regions already proposed by an earlier call. */
  alreadyThere: number;
}

export const bedrockSettingsSchema = z.object({
  /** null: no Bedrock; the offline planner and templates answer. */
  modelId: z.string().trim().min(1).max(200).nullable(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like 'us-east-1'"),
  /** A custom endpoint (a VPC endpoint, or the local emulator); null for the region's own. */
  endpoint: z.url().nullable(),
  /** The AWS profile whose credentials sign requests; null for the default chain (env, SSO, instance). */
  profile: z.string().trim().min(1).max(100).nullable(),
});
export type BedrockSettings = z.infer<typeof bedrockSettingsSchema>;

const name = z.string().trim().min(1).max(200);
const request = z.string().trim().min(1).max(2000);

export const chainMethods = {
  plan: method<PlanResult>().of(z.object({ project, request, imageId: id.optional() })),
  check: method<ChainCheckResult>().of(z.object({ project, chain: z.unknown() })),
  engines: method<ChainEnginesInfo>().of(none),
  list: method<SavedChain[]>().of(z.object({ project })),
  save: method<SavedChain>().of(
    z.object({
      project,
      id: id.optional(),
      name,
      chain: z.unknown(),
      request: request.nullable().default(null),
    }),
  ),
  remove: method<void>().of(z.object({ project, id })),
  /** Starts a run of `chain` (or of saved chain `chainId` when `chain` is absent) on the images. */
  run: method<{ jobId: string; runId: number }>().of(
    z.object({
      project,
      chain: z.unknown().optional(),
      chainId: id.optional(),
      name: name.optional(),
      imageIds: z.array(id).min(1).max(100_000),
    }),
  ),
  /** Runs the images a stopped or partly failed run has not done. */
  resume: method<{ jobId: string; runId: number }>().of(z.object({ project, runId: id })),
  /** Stops a running run (from any window): the images done so far are kept, and the run can be resumed. */
  cancel: method<void>().of(z.object({ project, runId: id })),
  /** Runs the chain of a past run again, as it ran, on the same images: a new run to compare with. */
  replay: method<{ jobId: string; runId: number }>().of(z.object({ project, runId: id })),
  runs: method<ChainRun[]>().of(z.object({ project })),
  getRun: method<ChainRun>().of(z.object({ project, runId: id })),
  runImages: method<ChainRunImage[]>().of(z.object({ project, runId: id, imageIds: z.array(id).optional() })),
  compare: method<RunComparison>().of(
    z.object({ project, runA: id, runB: id, minIou: z.number().gt(0).max(1).default(0.5) }),
  ),
  removeRun: method<void>().of(z.object({ project, runId: id })),
  /** Adds the run's regions as proposed annotations (the review queue); again adds nothing. */
  propose: method<ProposeReport>().of(z.object({ project, runId: id, imageIds: z.array(id).optional() })),
  bedrockSettings: method<BedrockSettings>().of(none),
  updateBedrockSettings: method<BedrockSettings>().of(bedrockSettingsSchema.partial().strict()),
} as const;
