// The Datasets screen's list of past exports through the studio's dispatch: each export of the project, newest
// first, with its manifest read from the folder now; one exported again to the same folder is listed once; one
// moved away says so; another project's exports are not listed; the list outlives the studio.
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type { PastExport } from '../../shared/api/datasets';
import { makeFolderOfImages } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe('past exports of a project', () => {
  const tmp = makeTempDir('vps-past-exports-');
  let studio: Studio;
  const api = studioCaller(() => studio);
  let project: string;
  let other: string;

  const exportTo = async (p: string, target: string, format = 'coco', overwrite = false) =>
    api.result(
      (await api.call<{ jobId: string }>('datasets.export', { project: p, format, target, overwrite })).jobId,
    );

  beforeAll(async () => {
    studio = createTestStudio(tmp.dir);
    const folder = join(tmp.dir, 'images');
    await makeFolderOfImages(folder, 3, { perFolder: 10 });
    const annotated = async (name: string) => {
      const { project: p, images } = await projectWithImages(api.call, tmp.dir, folder, name);
      const label = await api.call<{ id: number }>('labels.create', { project: p, name: 'car' });
      for (const image of images)
        await api.call('annotations.save', {
          project: p,
          imageId: image.id,
          upserts: [{ labelId: label.id, kind: 'box', geometry: { kind: 'box', box: [2, 2, 20, 20] } }],
        });
      return p;
    };
    project = await annotated('drive');
    other = await annotated('other');
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('lists each export newest first with its manifest, once per folder, and says when one is gone', async () => {
    expect(await api.call('datasets.exports', { project })).toEqual([]);
    await exportTo(project, join(tmp.dir, 'out', 'coco'));
    await exportTo(project, join(tmp.dir, 'out', 'llava'), 'llava');
    await exportTo(other, join(tmp.dir, 'out', 'other'));
    // Replacing the first export: still one entry for that folder, now the newest.
    await exportTo(project, join(tmp.dir, 'out', 'coco'), 'coco', true);

    let list = await api.call<PastExport[]>('datasets.exports', { project });
    expect(list.map((e) => [e.target, e.format])).toEqual([
      [join(tmp.dir, 'out', 'coco'), 'coco'],
      [join(tmp.dir, 'out', 'llava'), 'llava'],
    ]);
    expect(list[0]!.manifest).toMatchObject({ format: 'coco', sourceProject: { path: project } });
    expect(list[0]!.manifest!.counts.train.images + list[0]!.manifest!.counts.val.images).toBeGreaterThan(0);
    expect(list.every((e) => e.problem === null)).toBe(true);

    // Moved away: listed still, with what happened instead of a manifest.
    await rename(join(tmp.dir, 'out', 'llava'), join(tmp.dir, 'moved'));
    list = await api.call<PastExport[]>('datasets.exports', { project });
    expect(list[1]).toMatchObject({
      manifest: null,
      problem: expect.stringMatching(/gone \(moved or deleted/),
    });

    // A new studio on the same data dir lists the same.
    await studio.close();
    studio = createTestStudio(tmp.dir);
    expect((await api.call<PastExport[]>('datasets.exports', { project })).map((e) => e.format)).toEqual([
      'coco',
      'llava',
    ]);
  });
});
