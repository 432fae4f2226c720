// What a batch job kind provides: a kind is one module (at the floor of what it needs: a chain job lives with
// the chains) registered with the queue by one line in the studio. The queue owns states, retries,
// concurrency and persistence; a kind only turns one image into proposals (and, for kinds that keep rows of
// their own, such as an evaluation's scores, a write that lands in the same transaction as the image's 'done').
import type { ProjectStore } from '../store/project-store';
import type { NewAnnotation } from '../store/types';

/** A proposal for the image being processed: the queue adds the image and job ids. */
export type BatchProposal = Omit<NewAnnotation, 'imageId' | 'jobId'>;

/** What one image gave. */
export interface BatchOutput {
  proposals: BatchProposal[];
  /** Proposals left out as repeats of annotations already on the image: the job counts them. */
  repeats?: number;
  /**
   * The kind's own rows for the image, written in the transaction that marks it done: a job killed at any
   * moment has them for an image exactly when the image is done, so a resumed job never writes them twice.
   */
  write?: (store: ProjectStore, jobId: number) => void;
}

export interface BatchWork {
  /**
   * Which concurrency gate its calls go through: the local engines (cores), the endpoints (a setting), or
   * async endpoints (requests queued in S3: a deeper setting, as each mostly waits in SageMaker's queue).
   */
  provider: 'local' | 'endpoint' | 'async';
  process(imageId: number, signal: AbortSignal): Promise<BatchOutput>;
  /** Lets go of what open() took (engine leases). */
  close(): void;
}

export interface BatchKind {
  kind: string;
  /** Checks what the caller asked for; the spec to keep (a snapshot: later edits do not change the job). */
  prepare(
    store: ProjectStore,
    input: { chainId?: number; chain?: unknown; spec?: unknown },
  ): Promise<{ spec: unknown; name: string }>;
  /** Readies the work for one run of the job (engines leased); throws when it cannot run at all. */
  open(store: ProjectStore, spec: unknown): Promise<BatchWork>;
}
