// Hostile names through the studio's real API on a real project file: image file names, labels, chains,
// sequences and track keys with markup, a right-to-left override, line breaks, SQL-looking text, emoji and
// combining characters are stored and returned exactly as given; names past the limits are refused with a clear
// message; labels survive a COCO export and re-import and a LLaVA export exactly; line-based KITTI files stay
// one object a line (whitespace in names written as '_', said in the report).
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/studio/dispatch';
import type { Studio } from '../../electron/studio/create-studio';
import type { SavedChain } from '../../shared/chains/runs';
import type {
  DatasetExportReport,
  DatasetImportReport,
  DatasetValidationReport,
} from '../../shared/api/datasets';
import type { SequenceSummary, Track } from '../../shared/api/sequences';
import type { Annotation, ImageRecord, Label } from '../../shared/domain';
import { HOSTILE_FILE_NAMES, HOSTILE_NAMES, TOO_LONG_NAME } from '../helpers/hostile-names';
import { makeImage } from '../helpers/images';
import { hasSharedAssets } from '../helpers/shared-assets';
import { createTestStudio, studioCaller } from '../helpers/studio-server';
import { picodet } from './chains-fixtures';
import { makeTempDir } from '../helpers/temp-dir';

const NAMES = HOSTILE_NAMES.map(([, name]) => name);
const ALL_TRAIN = { split: { ratios: { train: 1, val: 0, test: 0 }, seed: 1 } };

describe('hostile names are kept verbatim and written safely', () => {
  const tmp = makeTempDir('vps-names-');
  let studio: Studio;
  const { call, result } = studioCaller(() => studio);
  const envelope = (method: string, input: unknown) => dispatch(studio.handlers, method, input);
  let project: string;
  let images: ImageRecord[];
  let labels: Label[];

  beforeAll(async () => {
    studio = createTestStudio(tmp.dir, { chainEngines: { segmenters: [], detectors: [picodet()] } });
    const folder = join(tmp.dir, 'images');
    mkdirSync(folder);
    for (const [i, name] of HOSTILE_FILE_NAMES.entries())
      await makeImage(folder, name, { width: 48, height: 32, format: 'png', pattern: i + 1 });
    project = (
      await call<{ path: string }>('projects.create', { path: join(tmp.dir, 'p.vpstudio'), name: 'p' })
    ).path;
    await result((await call<{ jobId: string }>('images.importFolder', { project, folder })).jobId);
    images = (await call<{ items: ImageRecord[] }>('images.list', { project, limit: 100 })).items;
    for (const name of NAMES) await call('labels.create', { project, name });
    labels = await call<Label[]>('labels.list', { project });
    // One box of each label, spread over the images.
    for (const [i, label] of labels.entries())
      await call<Annotation[]>('annotations.save', {
        project,
        imageId: images[i % images.length]!.id,
        upserts: [{ labelId: label.id, kind: 'box', geometry: { kind: 'box', box: [2 + i, 2, 20 + i, 18] } }],
      });
  });
  afterAll(async () => {
    await studio?.close();
    tmp.cleanup();
  });

  it('image file names come back exactly as they are on disk (hidden files are not imported)', () => {
    expect(images.map((i) => basename(i.path)).sort()).toEqual(
      HOSTILE_FILE_NAMES.filter((n) => !n.startsWith('.')).sort(),
    );
  });

  it('labels come back exactly as given', () => {
    expect(labels.map((l) => l.name).sort()).toEqual([...NAMES].sort());
  });

  it('a search with SQL-looking text or LIKE wildcards matches literally', async () => {
    const search = async (text: string) =>
      (await call<{ items: ImageRecord[] }>('images.list', { project, filter: { search: text } })).items.map(
        (i) => basename(i.path),
      );
    expect(await search("'); DROP TABLE images;--")).toEqual(["'); DROP TABLE images;--.png"]);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(await search('\u202E')).toEqual(['car\u202Egnp.png']);
    expect((await call<{ items: ImageRecord[] }>('images.list', { project })).items).toHaveLength(
      images.length,
    );
  });

  it.skipIf(!hasSharedAssets)(
    'chains and sequences keep their names exactly, and a track its key and label',
    async () => {
      const chain = {
        steps: [{ op: 'detect-class', classes: ['car'] }, { op: 'boxes-to-prompts' }, { op: 'segment' }],
      };
      for (const name of NAMES) await call<SavedChain>('chains.save', { project, name, chain });
      expect((await call<SavedChain[]>('chains.list', { project })).map((c) => c.name).sort()).toEqual(
        [...NAMES].sort(),
      );

      const made: SequenceSummary[] = [];
      for (const [i, name] of NAMES.entries())
        made.push(
          await call<SequenceSummary>('sequences.create', { project, name, imageIds: [images[i]!.id] }),
        );
      expect(
        (await call<SequenceSummary[]>('sequences.list', { project })).map((s) => s.name).sort(),
      ).toEqual([...NAMES].sort());

      const [seq] = made;
      const [annotation] = await call<Annotation[]>('annotations.list', { project, imageId: images[0]!.id });
      const track = await call<Track>('sequences.createTrack', { project, annotationIds: [annotation!.id] });
      const key = '<b onmouseover=x>\u202E\n🚗';
      const markup = labels.find((l) => l.name.startsWith('<img'))!;
      await call('sequences.rekey', { project, trackId: track.id, key });
      await call('sequences.relabel', { project, trackId: track.id, labelId: markup.id });
      const [kept] = await call<Track[]>('sequences.tracks', { project, sequenceId: seq!.id });
      expect(kept).toMatchObject({ key, labelId: markup.id });
      for (const s of made) await call('sequences.remove', { project, sequenceId: s.id });
    },
  );

  it.each([
    ['labels.create', () => ({ project, name: TOO_LONG_NAME }), /name: .*100/],
    ['chains.save', () => ({ project, name: TOO_LONG_NAME, chain: { steps: [] } }), /name: .*200/],
    ['sequences.create', () => ({ project, name: TOO_LONG_NAME, imageIds: [images[0]!.id] }), /name: .*200/],
    ['projects.create', () => ({ path: join(tmp.dir, 'q.vpstudio'), name: TOO_LONG_NAME }), /name: .*200/],
  ])('%s refuses a 10,000-character name, saying the limit', async (method, input, message) => {
    const out = await envelope(method, input());
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!out.ok && out.error.message).toMatch(message);
  });

  it('labels survive a COCO export and re-import exactly; image names are written safe', async () => {
    const target = join(tmp.dir, 'coco');
    const report = await result<DatasetExportReport>(
      (await call<{ jobId: string }>('datasets.export', { project, format: 'coco', target, ...ALL_TRAIN }))
        .jobId,
    );
    expect(report.manifest.labelNames).toEqual({});
    const file = report.manifest.files.find((f) => f.endsWith('.json') && f !== 'manifest.json')!;
    const doc = JSON.parse(readFileSync(join(target, file), 'utf8')) as {
      categories: { name: string }[];
      images: { file_name: string }[];
    };
    expect(doc.categories.map((c) => c.name).sort()).toEqual([...NAMES].sort());
    for (const image of doc.images) expect(image.file_name).toMatch(/^[A-Za-z0-9._\-/]+$/);

    const again = (
      await call<{ path: string }>('projects.create', { path: join(tmp.dir, 'again.vpstudio'), name: 'a' })
    ).path;
    const imported = await result<DatasetImportReport>(
      (
        await call<{ jobId: string }>('datasets.import', {
          project: again,
          format: 'coco',
          labels: join(target, file),
          images: join(target, 'images'),
          strict: true,
        })
      ).jobId,
    );
    expect(imported).toMatchObject({ imagesAdded: images.length, annotations: labels.length });
    expect((await call<Label[]>('labels.list', { project: again })).map((l) => l.name).sort()).toEqual(
      [...NAMES].sort(),
    );
  });

  it('labels are written exactly into a LLaVA export, which validates', async () => {
    const target = join(tmp.dir, 'llava');
    const report = await result<DatasetExportReport>(
      (await call<{ jobId: string }>('datasets.export', { project, format: 'llava', target, ...ALL_TRAIN }))
        .jobId,
    );
    const texts = report.manifest.files
      .filter((f) => /^llava_.*\.json$/.test(f))
      .map((f) => readFileSync(join(target, f), 'utf8'));
    const answers = texts
      .flatMap((t) => JSON.parse(t) as { conversations: { value: string }[] }[])
      .flatMap((r) => r.conversations.map((c) => c.value))
      .join('\n');
    for (const name of NAMES) expect(answers).toContain(name);
    const check = await call<DatasetValidationReport>('datasets.validate', { format: 'llava', path: target });
    expect(check.issues).toMatchObject({ errors: 0 });
  });

  it.each([
    ['kitti', 15],
    ['kitti-tracking', 17],
  ] as const)(
    '%s files stay one object a line: whitespace in names written as _, and the report says so',
    async (format, columns) => {
      const target = join(tmp.dir, format);
      const report = await result<DatasetExportReport>(
        (await call<{ jobId: string }>('datasets.export', { project, format, target, ...ALL_TRAIN })).jobId,
      );
      const lines = report.manifest.files
        .filter((f) => f.endsWith('.txt'))
        .flatMap((f) => readFileSync(join(target, f), 'utf8').split('\n').filter(Boolean));
      expect(lines).toHaveLength(labels.length);
      for (const line of lines) expect(line.split(' ')).toHaveLength(columns);
      const newline = NAMES.find((n) => n.startsWith('traffic'))!;
      expect(report.manifest.labelNames[newline]).toBe('traffic_light_sign_pole_end');
      const types = lines.map((l) => l.split(' ')[format === 'kitti' ? 0 : 2]);
      expect(types).toContain('<img_src=x_onerror="window.__pwned=1"><script>window.__pwned=2</script>');
      expect(types).toContain("');_DROP_TABLE_images;--");
      expect(report.issues.items.some((w) => w.where === newline && /Written as/.test(w.message))).toBe(true);
    },
  );

  it('the project file is intact after all of it', async () => {
    await call('projects.close', { project });
    const db = new Database(project, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM images').get()).toEqual({ n: images.length });
    } finally {
      db.close();
    }
  });
});
