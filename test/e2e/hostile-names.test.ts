// Hostile names in the real UI (built studio, real Chromium): labels and image file names with markup, a
// right-to-left override, line breaks, SQL-looking text and emoji are shown as text in the labels panel and the
// image library: no element injected, no script run, no dialog.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_FILE_NAMES, HOSTILE_NAMES } from '../helpers/hostile-names';
import { makeImage } from '../helpers/images';
import {
  addLabels,
  callApi,
  createProject,
  startBrowserStudio,
  type BrowserStudio,
} from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const MARKUP = HOSTILE_NAMES.find(([kind]) => kind === 'markup')![1];
const SHOWN_FILES = HOSTILE_FILE_NAMES.filter((n) => !n.startsWith('.'));

describe('hostile names in the UI', () => {
  const tmp = makeTempDir('vps-e2e-names-');
  const folder = join(tmp.dir, 'images');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [i, name] of HOSTILE_FILE_NAMES.entries())
      await makeImage(folder, name, { width: 64, height: 48, format: 'png', pattern: i + 1 });
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('shows markup labels and file names as text: nothing injected, no script, no dialog', async () => {
    const { page, errors } = await app.openPage({ width: 1440, height: 900 });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const path = join(tmp.dir, 'Names.vpstudio');
    await createProject(page, { name: MARKUP, path, folder, images: SHOWN_FILES.length });

    // The markup label typed as a user would; the others (line breaks cannot be typed into a field) by the API.
    await addLabels(page, [MARKUP]);
    for (const [kind, name] of HOSTILE_NAMES)
      if (kind !== 'markup') await callApi(page, 'labels.create', { project: path, name });
    await page.reload();
    await expect
      .poll(() => page.getByTestId('label-row').count(), { timeout: 30_000 })
      .toBe(HOSTILE_NAMES.length);
    await expect
      .poll(() => page.getByTestId('image-card').count(), { timeout: 30_000 })
      .toBe(SHOWN_FILES.length);

    // Each name as text (a line break shows as a space, but the text node keeps it); a right-to-left override
    // is shown by name, so 'car\u202Egpj.exe' cannot pose as 'carexe.jpg'.
    const shown = (name: string) => name.replace('\u202E', '⟨RLO⟩');
    const rows = await page.getByTestId('label-row').allTextContents();
    for (const [, name] of HOSTILE_NAMES)
      expect(
        rows.some((r) => r.includes(shown(name))),
        name,
      ).toBe(true);
    expect(rows.some((r) => r.includes('\u202E'))).toBe(false);
    const cards = await page
      .getByTestId('image-card')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    for (const name of SHOWN_FILES)
      expect(
        cards.some((c) => c?.startsWith(shown(name))),
        name,
      ).toBe(true);

    const injected = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      imgX: document.querySelectorAll('img[src="x"]').length,
      onerror: document.querySelectorAll('[onerror], [onmouseover]').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__pwned'))
        .length,
    }));
    expect(injected).toEqual({ pwned: null, imgX: 0, onerror: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'hostile-names.png') });
  });
});
