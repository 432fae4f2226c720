import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, settingsFile } from '../../../electron/settings/app-settings';
import { appSettingsSchema, settingsMethods } from '../../../shared/api/settings';
import { makeTempDir } from '../../helpers/temp-dir';

describe('settings file', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  afterEach(() => tmp.cleanup());

  it('gives defaults when absent and keeps what was written', async () => {
    tmp = makeTempDir();
    const file = settingsFile(tmp.dir, '/home/u');
    expect(await file.read()).toEqual(defaultSettings('/home/u'));
    await file.write({ ...defaultSettings('/home/u'), theme: 'light' });
    expect((await settingsFile(tmp.dir, '/home/u').read()).theme).toBe('light');
    // No temp files left behind by the atomic write.
    expect(readdirSync(tmp.dir)).toEqual(['settings.json']);
  });

  it('puts new projects in the projects folder the studio was given, else in the home folder', async () => {
    tmp = makeTempDir();
    expect((await settingsFile(tmp.dir, '/home/u').read()).projectsDir).toBe('/home/u/VisPrompt Projects');
    const given = settingsFile(join(tmp.dir, 'other'), '/home/u', join(tmp.dir, 'data', 'projects'));
    expect((await given.read()).projectsDir).toBe(join(tmp.dir, 'data', 'projects'));
  });

  it.each([
    ['not JSON', '{"theme": "dark",'],
    ['wrong shape', '{"theme": "purple"}'],
  ])('moves a corrupt file aside (%s) instead of losing it', async (_name, text) => {
    tmp = makeTempDir();
    const path = join(tmp.dir, 'settings.json');
    writeFileSync(path, text);
    expect(await settingsFile(tmp.dir, '/h').read()).toEqual(defaultSettings('/h'));
    expect(existsSync(path)).toBe(false);
    const kept = readdirSync(tmp.dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(tmp.dir, kept[0]!), 'utf8')).toBe(text);
  });
});

describe('settings.update input', () => {
  const update = settingsMethods.update.input;
  it.each([
    ['a theme only', { theme: 'light' }],
    ['the reviewer name only', { reviewerName: 'Dana' }],
    ['the job resume choice only', { resumeJobs: 'auto' }],
  ])('keeps only what it names: %s (no defaults that would overwrite saved settings)', (_, patch) => {
    expect(update.parse(patch)).toEqual(patch);
  });

  it('still fills defaults for settings a file predates', () => {
    const { resumeJobs, reviewerName, ...old } = defaultSettings('/h');
    expect(appSettingsSchema.parse(old)).toMatchObject({ resumeJobs, reviewerName });
  });
});
