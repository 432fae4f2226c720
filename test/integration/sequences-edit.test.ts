// Making and editing sequences through the studio's dispatch, on real image files and a real project file:
// a sequence from a folder of the project's images and from a selection, renamed, a frame moved, sorted by
// EXIF capture time and back by file name, frames taken out (their annotations leave the tracks), and the
// sequence deleted with its images and annotations kept. Refused changes say why and write nothing.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Studio } from '../../electron/studio/create-studio';
import type {
  SequenceFolder,
  SequenceFrame,
  SequenceMembership,
  SequenceSummary,
  Track,
} from '../../shared/api/sequences';
import type { Annotation, ImageRecord } from '../../shared/domain';
import { makeImage } from '../helpers/images';
import { createTestStudio, projectWithImages, studioCaller } from '../helpers/studio-server';
import { makeTempDir } from '../helpers/temp-dir';

describe('editing sequences', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let studio: Studio;
  let project: string;
  let images: ImageRecord[];
  const { call } = studioCaller(() => studio);
  const named = (name: string) => images.find((i) => i.path.endsWith(`/${name}`))!;
  const names = async (sequenceId: number) =>
    (await call<SequenceFrame[]>('sequences.frames', { project, sequenceId })).map(
      (f) => `${f.frame}:${f.path.slice(f.path.lastIndexOf('/') + 1)}`,
    );

  beforeEach(async () => {
    tmp = makeTempDir('vps-seq-edit-');
    studio = createTestStudio(tmp.dir, { env: { VISPROMPT_MODELS_DIR: join(tmp.dir, 'no-models') } });
    const drive = join(tmp.dir, 'photos', 'drive');
    // File-name order shot-1, shot-2, shot-3, shot-10; taken in the order shot-3, shot-10, shot-1; shot-2 undated.
    const taken: Record<string, string | undefined> = {
      'shot-1.jpg': '2024:05:06 07:08:30',
      'shot-2.jpg': undefined,
      'shot-3.jpg': '2024:05:06 07:08:10',
      'shot-10.jpg': '2024:05:06 07:08:20',
    };
    let n = 1;
    for (const [name, captured] of Object.entries(taken))
      await makeImage(drive, name, { width: 64, height: 48, format: 'jpeg', pattern: n++, captured });
    for (const name of ['b.png', 'a.png'])
      await makeImage(join(tmp.dir, 'photos', 'walk'), name, {
        width: 64,
        height: 48,
        format: 'png',
        pattern: n++,
      });
    ({ project, images } = await projectWithImages(call, tmp.dir, join(tmp.dir, 'photos')));
  });
  afterEach(async () => {
    await studio.close();
    tmp.cleanup();
  });

  it('makes a sequence of a folder and of a selection, refusing an image twice and nothing written', async () => {
    const folders = await call<SequenceFolder[]>('sequences.folders', { project });
    expect(folders).toEqual([
      { folder: join(tmp.dir, 'photos', 'drive'), images: 4, framed: 0 },
      { folder: join(tmp.dir, 'photos', 'walk'), images: 2, framed: 0 },
    ]);
    const drive = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'drive',
      folder: folders[0]!.folder,
    });
    expect(drive).toMatchObject({ name: 'drive', origin: 'folder', frames: 4, first: 0, last: 3 });
    expect(await names(drive.id)).toEqual(['0:shot-1.jpg', '1:shot-2.jpg', '2:shot-3.jpg', '3:shot-10.jpg']);
    expect((await call<SequenceFolder[]>('sequences.folders', { project }))[0]!.framed).toBe(4);

    const walk = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'walk',
      imageIds: [named('b.png').id, named('a.png').id],
    });
    expect(walk).toMatchObject({ origin: 'manual', frames: 2 });
    expect(await names(walk.id)).toEqual(['0:a.png', '1:b.png']);
    const members = await call<SequenceMembership[]>('sequences.ofImages', {
      project,
      imageIds: [named('a.png').id, named('shot-10.jpg').id],
    });
    expect(members).toEqual(
      expect.arrayContaining([
        { imageId: named('a.png').id, sequenceId: walk.id, name: 'walk', frame: 0 },
        { imageId: named('shot-10.jpg').id, sequenceId: drive.id, name: 'drive', frame: 3 },
      ]),
    );

    // A selection holding a frame of another sequence: refused whole.
    await expect(
      call('sequences.create', {
        project,
        name: 'mixed',
        imageIds: [named('a.png').id, named('shot-1.jpg').id],
      }),
    ).rejects.toThrow(
      /conflict: Image \d+ is already frame \d of sequence "(walk|drive)"; an image is a frame of one sequence/,
    );
    await expect(
      call('sequences.create', { project, name: 'both', imageIds: [named('a.png').id], folder: '/x' }),
    ).rejects.toThrow(/invalid_input: .*give either imageIds or a folder/);
    await expect(
      call('sequences.create', { project, name: 'none', folder: join(tmp.dir, 'elsewhere') }),
    ).rejects.toThrow(`not_found: No image of this project is in the folder ${join(tmp.dir, 'elsewhere')}.`);
    expect((await call<SequenceSummary[]>('sequences.list', { project })).map((s) => s.name)).toEqual([
      'drive',
      'walk',
    ]);
  });

  it('renames, moves a frame, sorts by capture time and by name, keeping the frame numbers', async () => {
    const seq = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'drive',
      folder: join(tmp.dir, 'photos', 'drive'),
    });
    await call('sequences.create', { project, name: 'walk', folder: join(tmp.dir, 'photos', 'walk') });
    expect(
      await call<SequenceSummary>('sequences.rename', { project, sequenceId: seq.id, name: 'Drive 1' }),
    ).toMatchObject({ name: 'Drive 1' });
    await expect(call('sequences.rename', { project, sequenceId: seq.id, name: 'walk' })).rejects.toThrow(
      'conflict: A sequence named "walk" already exists.',
    );
    await expect(call('sequences.rename', { project, sequenceId: seq.id, name: '   ' })).rejects.toThrow(
      /invalid_input/,
    );

    await call('sequences.moveFrame', {
      project,
      sequenceId: seq.id,
      imageId: named('shot-1.jpg').id,
      by: 1,
    });
    expect(await names(seq.id)).toEqual(['0:shot-2.jpg', '1:shot-1.jpg', '2:shot-3.jpg', '3:shot-10.jpg']);
    await expect(
      call('sequences.moveFrame', { project, sequenceId: seq.id, imageId: named('shot-2.jpg').id, by: -1 }),
    ).rejects.toThrow('invalid_input: That is the first frame already.');
    await expect(
      call('sequences.moveFrame', { project, sequenceId: seq.id, imageId: named('a.png').id, by: 1 }),
    ).rejects.toThrow(/invalid_input: Image \d+ is not a frame of sequence "Drive 1"/);

    const byTime = await call<{ sequence: SequenceSummary; undated: number }>('sequences.sort', {
      project,
      sequenceId: seq.id,
      by: 'captured',
    });
    expect(byTime.undated).toBe(1);
    expect(await names(seq.id)).toEqual(['0:shot-3.jpg', '1:shot-10.jpg', '2:shot-1.jpg', '3:shot-2.jpg']);
    await call('sequences.sort', { project, sequenceId: seq.id, by: 'name' });
    expect(await names(seq.id)).toEqual(['0:shot-1.jpg', '1:shot-2.jpg', '2:shot-3.jpg', '3:shot-10.jpg']);
  });

  it('takes frames out (their annotations leave the track) and deletes a sequence, images and annotations kept', async () => {
    const seq = await call<SequenceSummary>('sequences.create', {
      project,
      name: 'drive',
      folder: join(tmp.dir, 'photos', 'drive'),
    });
    const label = (await call<{ id: number }>('labels.create', { project, name: 'car' })).id;
    const boxOn = async (name: string) =>
      (
        await call<Annotation[]>('annotations.save', {
          project,
          imageId: named(name).id,
          upserts: [{ labelId: label, kind: 'box', geometry: { kind: 'box', box: [4, 4, 20, 20] } }],
        })
      )[0]!.id;
    const a = await boxOn('shot-1.jpg');
    const b = await boxOn('shot-3.jpg');
    const track = await call<Track>('sequences.createTrack', { project, annotationIds: [a, b] });
    expect(track).toMatchObject({ frames: 2, first: 0, last: 2 });

    const after = await call<SequenceSummary>('sequences.removeFrames', {
      project,
      sequenceId: seq.id,
      imageIds: [named('shot-3.jpg').id],
    });
    expect(after).toMatchObject({ frames: 3, first: 0, last: 3, problems: ['Frame 2 is missing'] });
    expect((await call<Track[]>('sequences.tracks', { project, sequenceId: seq.id }))[0]).toMatchObject({
      frames: 1,
      first: 0,
      last: 0,
    });
    expect(
      await call<Annotation[]>('annotations.list', { project, imageId: named('shot-3.jpg').id }),
    ).toHaveLength(1);
    expect(await call('sequences.ofImage', { project, imageId: named('shot-3.jpg').id })).toBeNull();

    const all = (await call<SequenceFrame[]>('sequences.frames', { project, sequenceId: seq.id })).map(
      (f) => f.imageId,
    );
    await expect(
      call('sequences.removeFrames', { project, sequenceId: seq.id, imageIds: all }),
    ).rejects.toThrow(
      'invalid_input: A sequence keeps at least one frame; delete the sequence instead (its images stay).',
    );
    await expect(
      call('sequences.removeFrames', { project, sequenceId: seq.id, imageIds: [all[0]!, named('a.png').id] }),
    ).rejects.toThrow(/is not a frame of sequence "drive"/);
    expect((await call<SequenceSummary[]>('sequences.list', { project }))[0]!.frames).toBe(3);

    await call('sequences.remove', { project, sequenceId: seq.id });
    expect(await call<SequenceSummary[]>('sequences.list', { project })).toEqual([]);
    expect(
      await call<Annotation[]>('annotations.list', { project, imageId: named('shot-1.jpg').id }),
    ).toHaveLength(1);
    expect((await call<{ items: ImageRecord[] }>('images.list', { project })).items).toHaveLength(6);
    await expect(call('sequences.remove', { project, sequenceId: seq.id })).rejects.toThrow(/not_found/);
  });
});
