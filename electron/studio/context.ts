import type { SystemInfo } from '../../shared/api';
import type { Logger } from '../../shared/logs/logger';
import type { Chains } from '../chains/create-chains';
import type { ModelsDirConfig } from '../settings/models-dir';
import type { ThumbnailCache } from '../media/thumbnail-cache';
import type { EngineRegistry } from '../engines/engine-registry';
import type { SegmentService } from '../segment/segment-service';
import type { settingsFile } from '../settings/app-settings';
import type { recentFile } from '../settings/recent-projects';
import type { EventBus } from '../jobs/event-bus';
import type { JobRunner } from '../jobs/job-runner';
import type { BatchQueue } from '../jobs/batch-queue';
import type { ProjectBackups } from './project-backups';
import type { ProjectRegistry } from './project-registry';

/** Everything the API handlers share; built once by createStudio and passed in, so tests build real ones. */
export interface StudioContext {
  projects: ProjectRegistry;
  jobs: JobRunner;
  /** The open projects' backups: daily, on demand, restores. */
  backups: ProjectBackups;
  /** Batch pre-labeling jobs kept in the project files. */
  batch: BatchQueue;
  events: EventBus;
  settings: ReturnType<typeof settingsFile>;
  recent: ReturnType<typeof recentFile>;
  /** The thumbnail cache for the current settings (the pixel limit can change while the studio runs). */
  thumbnails: () => Promise<ThumbnailCache>;
  /** Where converted full-size images (TIFF, BMP -> PNG) are cached. */
  imageCacheDir: string;
  /** The local segmenter and detector, shared by segment and chains; reset when the models change. */
  engines: EngineRegistry;
  /** Segmentation and detection: the endpoint choice, per-image refinement state, model runs. */
  segment: SegmentService;
  /** Visual prompt chains: planning (offline or Bedrock), runs, comparisons. */
  chains: Chains;
  /** Where models are looked up and downloaded to. */
  modelsDir: ModelsDirConfig;
  now: () => Date;
  /** The studio's log (<data dir>/logs/studio.log): redacted JSON lines. */
  log: Logger;
  system: Omit<SystemInfo, 'platform' | 'userName'>;
}
