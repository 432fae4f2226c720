// `visprompt project create`, `chains list`, `review stats`: the small commands, each one studio call or two.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { JobInfo } from '../../shared/api';
import type { SavedChain } from '../../shared/chains/runs';
import type { ImportReport, ProjectInfo } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { EXIT } from './exit-codes';
import type { HeadlessStudio } from './headless-studio';
import { progressLine } from './progress-line';

/** A project from a folder of images (recursive), or more images into an existing project. */
export async function createProjectFromFolder(
  studio: HeadlessStudio,
  o: { project: string; images?: string; name?: string },
): Promise<number> {
  if (!o.images)
    throw new StudioError('invalid_input', 'project create needs --images DIR (the folder of frames).');
  const path = resolve(o.project);
  const info = existsSync(path)
    ? await studio.call<ProjectInfo>('projects.open', { path })
    : await studio.call<ProjectInfo>('projects.create', {
        path,
        name: o.name ?? basename(path).replace(/\.vpstudio$/, ''),
      });
  const { jobId } = await studio.call<{ jobId: string }>('images.importFolder', {
    project: info.path,
    folder: resolve(o.images),
    recursive: true,
  });
  const line = progressLine();
  let job: JobInfo;
  for (;;) {
    job = await studio.call<JobInfo>('jobs.get', { jobId });
    if (job.state !== 'running') break;
    if (job.total) line.update(`import: ${job.done}/${job.total} files`);
    await new Promise((r) => setTimeout(r, 200));
  }
  line.end();
  if (job.state !== 'done')
    throw StudioError.from(job.error ?? { code: 'cancelled', message: 'The import stopped.' });
  const report = job.result as ImportReport;
  console.log(JSON.stringify({ project: info.path, ...report }, null, 2));
  return EXIT.ok;
}

export async function listChains(studio: HeadlessStudio, o: { project: string }): Promise<number> {
  const project = resolve(o.project);
  await studio.call('projects.open', { path: project });
  const chains = await studio.call<SavedChain[]>('chains.list', { project });
  console.log(
    JSON.stringify(
      chains.map((c) => ({
        id: c.id,
        name: c.name,
        steps: c.chain.steps.map((s) => s.op),
        updatedAt: c.updatedAt,
      })),
      null,
      2,
    ),
  );
  return EXIT.ok;
}

export async function reviewStats(
  studio: HeadlessStudio,
  o: { project: string; job?: string },
): Promise<number> {
  const project = resolve(o.project);
  await studio.call('projects.open', { path: project });
  const filter = o.job ? { jobIds: [Number(o.job)] } : {};
  console.log(JSON.stringify(await studio.call('review.stats', { project, filter }), null, 2));
  return EXIT.ok;
}
