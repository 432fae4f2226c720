// What a chain run leaves behind: per image, every step's outputs, timings and model ids, so a run can be
// inspected step by step, resumed where it stopped, replayed and compared with another.
import type { Chain, Step } from './schema';
import type { Region } from './regions';

export interface StepRecord {
  op: Step['op'];
  /** Regions going in and coming out. */
  inCount: number;
  outCount: number;
  /** Wall time of the whole step, and of the model calls within it. */
  ms: number;
  modelMs: number;
  modelId?: string;
  engine?: string;
  /** Something the user should know: nothing found, regions capped, masks that came back empty. */
  message?: string;
  /** What the step produced (masks included). */
  regions: Region[];
}

export interface ImageRun {
  steps: StepRecord[];
  /** The last step's regions: the chain's answer for the image. */
  regions: Region[];
  ms: number;
  modelMs: number;
}

export interface SavedChain {
  id: number;
  name: string;
  chain: Chain;
  /** The request it was planned from, when it was. */
  request: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * running: a job is working on it (or the studio stopped while it was: resume it);
 * partial: stopped before every image was done (cancelled, or an image failed); resumable.
 */
export const CHAIN_RUN_STATUSES = ['running', 'done', 'partial', 'failed'] as const;
export type ChainRunStatus = (typeof CHAIN_RUN_STATUSES)[number];

export interface ChainRun {
  id: number;
  /** The saved chain it ran, if it was one (and still exists). */
  chainId: number | null;
  name: string;
  /** The chain as it ran: replays use this, not the saved chain's current version. */
  chain: Chain;
  imageIds: number[];
  status: ChainRunStatus;
  /** The run this one replays. */
  replayOf: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Images finished and failed so far, their regions, and the time spent on them. */
  done: number;
  failed: number;
  regionCount: number;
  ms: number;
  modelMs: number;
}

export interface ChainRunImage {
  runId: number;
  imageId: number;
  status: 'done' | 'failed';
  steps: StepRecord[];
  regions: Region[];
  ms: number;
  modelMs: number;
  error: string | null;
  finishedAt: string;
}
