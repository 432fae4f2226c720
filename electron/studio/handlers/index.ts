// The studio's handlers, one module per API group (one for one with shared/api/<group>.ts); this file only puts
// them together, as shared/api/index.ts puts the groups' schemas together.
import type { StudioHandlers } from '../../../shared/api';
import type { StudioContext } from '../context';
import { annotationHandlers } from './annotations';
import { backupHandlers } from './backups';
import { batchHandlers } from './batch';
import { chainHandlers } from './chains';
import { datasetHandlers } from './datasets';
import { endpointHandlers } from './endpoints';
import { evalHandlers } from './eval';
import { imageHandlers } from './images';
import { jobHandlers } from './jobs';
import { labelHandlers } from './labels';
import { modelHandlers } from './models';
import { projectHandlers } from './projects';
import { promptHandlers } from './prompts';
import { reviewHandlers } from './review';
import { segmentHandlers } from './segment';
import { sequenceHandlers } from './sequences';
import { settingsHandlers } from './settings';
import { systemHandlers } from './system';

export function studioHandlers(ctx: StudioContext): StudioHandlers {
  return {
    projects: projectHandlers(ctx),
    images: imageHandlers(ctx),
    labels: labelHandlers(ctx),
    annotations: annotationHandlers(ctx),
    prompts: promptHandlers(ctx),
    segment: segmentHandlers(ctx),
    chains: chainHandlers(ctx),
    models: modelHandlers(ctx),
    datasets: datasetHandlers(ctx),
    endpoints: endpointHandlers(ctx),
    settings: settingsHandlers(ctx),
    jobs: jobHandlers(ctx),
    batch: batchHandlers(ctx),
    review: reviewHandlers(ctx),
    eval: evalHandlers(ctx),
    sequences: sequenceHandlers(ctx),
    backups: backupHandlers(ctx),
    system: systemHandlers(ctx),
  };
}
