import { describe, expect, it } from 'vitest';
import { appSettingsSchema } from '../../../shared/api';
import { DEFAULT_ENDPOINT_SETTINGS } from '../../../shared/api/endpoints';
import { formatBytes, formatRelative } from '../../../renderer/src/lib/format';

import {
  baseName,
  breadcrumbs,
  defaultProjectPath,
  dirName,
  fileNameFor,
  joinPath,
} from '../../../renderer/src/lib/paths';
import { draftToSettings, fieldErrors, settingsToDraft } from '../../../renderer/src/settings/settings-form';

describe('paths', () => {
  it('joins with the separator the folder already uses', () => {
    expect(joinPath('/home/ana/VisPrompt Projects', 'Drive.vpstudio')).toBe(
      '/home/ana/VisPrompt Projects/Drive.vpstudio',
    );
    expect(joinPath('/home/ana/', 'x')).toBe('/home/ana/x');
    expect(joinPath('C:\\Users\\Ana', 'x')).toBe('C:\\Users\\Ana\\x');
  });

  it('makes a safe default project path from a name', () => {
    expect(defaultProjectPath('/p', 'Highway: March/April')).toBe('/p/Highway- March-April.vpstudio');
    expect(fileNameFor('   ')).toBe('Untitled');
    expect(fileNameFor('..hidden')).toBe('hidden');
  });

  it('splits names and folders', () => {
    expect(baseName('/a/b/c.jpg')).toBe('c.jpg');
    expect(baseName('C:\\a\\b.png')).toBe('b.png');
    expect(dirName('/a/b/c.jpg')).toBe('/a/b');
    expect(dirName('/a')).toBe('/');
    expect(dirName('C:\\a')).toBe('C:\\');
    expect(dirName('x')).toBe('');
  });

  it('builds breadcrumbs for POSIX and Windows paths', () => {
    expect(breadcrumbs('/home/ana')).toEqual([
      { name: '/', path: '/' },
      { name: 'home', path: '/home' },
      { name: 'ana', path: '/home/ana' },
    ]);
    expect(breadcrumbs('/')).toEqual([{ name: '/', path: '/' }]);
    expect(breadcrumbs('C:\\data\\drive')).toEqual([
      { name: 'C:\\', path: 'C:\\' },
      { name: 'data', path: 'C:\\data' },
      { name: 'drive', path: 'C:\\data\\drive' },
    ]);
  });
});

describe('format', () => {
  it('formats sizes and dates', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    const now = new Date('2025-03-12T12:00:00Z');
    expect(formatRelative('2025-03-12T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2025-03-12T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2025-03-11T10:00:00Z', now)).toBe('yesterday');
  });
});

describe('settings form', () => {
  const settings = {
    theme: 'dark' as const,
    thumbnailSize: 192,
    projectsDir: '/p',
    maxImageMegapixels: 268,
    endpoints: DEFAULT_ENDPOINT_SETTINGS,
    resumeJobs: 'ask' as const,
    reviewerName: 'Ana',
  };

  it('round-trips valid settings', () => {
    expect(appSettingsSchema.parse(draftToSettings(settingsToDraft(settings)))).toEqual(settings);
  });

  it('puts one message on each invalid field', () => {
    const draft = {
      ...settingsToDraft(settings),
      thumbnailSize: '20',
      maxImageMegapixels: 'lots',
      projectsDir: ' ',
      endpoints: { ...settingsToDraft(settings).endpoints, clickDeadlineSec: '0' },
    };
    const parsed = appSettingsSchema.safeParse(draftToSettings(draft));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = fieldErrors(parsed.error.issues);
    expect(errors.thumbnailSize).toMatch(/64 and 512/);
    expect(errors.maxImageMegapixels).toMatch(/megapixels/);
    expect(errors.projectsDir).toMatch(/folder/);
    expect(errors.endpoints).toMatch(/^Click deadline \(whole seconds, 1-120\): /);
    expect(errors.theme).toBeUndefined();
  });

  it('ignores issues that name no field', () => {
    expect(fieldErrors([{ path: [], message: 'x' }, 'junk', { path: ['evil'] }])).toEqual({});
  });
});
