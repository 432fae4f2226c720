// A project of the shared driving sample's frames with their ground truth imported as a user would (datasets
// import): the BDD100K instance-segmentation and MOTS frames (masks), and the KITTI object frames (boxes only,
// which an evaluation reports as objects it cannot score). Shared by the evaluation tests, the bench and the e2e.
import { join } from 'node:path';
import type { DatasetImportReport } from '../../shared/api/datasets';
import type { ProjectInfo } from '../../shared/domain';
import { DRIVING_SAMPLE } from './shared-assets';
import { jobResult, type ApiCall } from './studio-server';

export const TRUTH_IMPORTS = [
  { format: 'bdd100k', folder: 'bdd100k_ins_seg', labels: '620a7840-33cada02.rle.json' },
  { format: 'bdd100k', folder: 'bdd100k_mots', labels: '00091078-875c1f73-0000166.json' },
  { format: 'bdd100k', folder: 'bdd100k_mots', labels: '00091078-875c1f73-0000167.json' },
  { format: 'kitti', folder: 'kitti_object', labels: '000000.txt' },
] as const;

/** The masked objects of the BDD100K frames above (7 + 26): what an experiment on this project scores. */
export const MASKED_OBJECTS = 33;

/** One import of the sample: a label file of a folder ('.': the folder itself, e.g. KITTI's txt files). */
export interface TruthImport {
  format: string;
  folder: string;
  labels: string;
}

export async function drivingTruthProject(
  call: ApiCall,
  path: string,
  imports: readonly TruthImport[] = TRUTH_IMPORTS,
  labelMap: Record<string, string> = {},
): Promise<string> {
  const project = (await call<ProjectInfo>('projects.create', { path, name: 'driving truth' })).path;
  for (const { format, folder, labels } of imports) {
    const dir = join(DRIVING_SAMPLE, folder);
    const { jobId } = await call<{ jobId: string }>('datasets.import', {
      project,
      format,
      labels: labels === '.' ? dir : join(dir, labels),
      images: dir,
      labelMap,
    });
    await jobResult<DatasetImportReport>(call, jobId);
  }
  return project;
}
