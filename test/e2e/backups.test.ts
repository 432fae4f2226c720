// Backups in real Chromium, as a labeler uses them: a label added, "Back up now", another label added, then
// "Restore…" on that backup, confirmed: the library shows the first state again, and the state it replaced is
// in the list as a "Before restore" backup. A damaged backup's refusal is shown in the dialog.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupsDirOf } from '../../electron/store/backups';
import { backupFileName } from '../../shared/backups';
import { makeFolderOfImages } from '../helpers/images';
import { addLabels, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const SHOTS = join('test-results', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

describe('backups in browser mode', () => {
  const tmp = makeTempDir('vps-e2e-backups-');
  const folder = join(tmp.dir, 'frames');
  const projectPath = join(tmp.dir, 'projects', 'Street.vpstudio');
  let app: BrowserStudio;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await makeFolderOfImages(folder, 4);
    app = await startBrowserStudio(join(tmp.dir, 'data'));
  });
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('backs up, and a restore brings the first state back after a confirmation', async () => {
    const { page, errors } = await app.openPage(VIEWPORT);
    await createProject(page, { name: 'Street', path: projectPath, folder, images: 4 });
    await addLabels(page, ['car']);
    await expect.poll(() => page.getByTestId('label-row').count()).toBe(1);

    await page.getByTestId('open-backups').click();
    const dialog = page.getByTestId('backups-dialog');
    await dialog.getByTestId('backups-empty').waitFor();
    await dialog.getByTestId('backup-now').click();
    await expect.poll(() => dialog.getByTestId('backup-row').count()).toBe(1);
    expect(await dialog.getByTestId('backup-row').first().textContent()).toMatch(/Manual.*KB.*v\d+/);
    await page.keyboard.press('Escape');

    await addLabels(page, ['person']);
    await expect.poll(() => page.getByTestId('label-row').count()).toBe(2);

    await page.getByTestId('open-backups').click();
    await dialog.getByTestId('backup-restore').first().click();
    const confirm = page.getByTestId('confirm-dialog');
    expect(await confirm.textContent()).toMatch(/current state is backed up first/);
    await page.screenshot({ path: join(SHOTS, 'backups-restore-confirm.png') });
    await confirm.getByTestId('confirm-ok').click();

    // The list now holds the safety copy too, and the library is back to one label.
    await expect.poll(() => dialog.getByTestId('backup-row').count(), { timeout: 30_000 }).toBe(2);
    expect(await dialog.getByTestId('backup-row').first().textContent()).toContain('Before restore');
    await page.screenshot({ path: join(SHOTS, 'backups-dialog.png') });
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('label-row').allTextContents())
      .toEqual([expect.stringContaining('car')]);
    expect(await page.getByTestId('image-card').count()).toBe(4);

    // A damaged backup (bytes flipped) is refused in words, and nothing changes.
    const dir = backupsDirOf(projectPath);
    const manual = readdirSync(dir).find((f) => f.endsWith('_manual.vpstudio'))!;
    const bytes = readFileSync(join(dir, manual));
    for (let i = 4196; i < bytes.length - 100; i += 997) bytes[i] = bytes[i]! ^ 0xff;
    writeFileSync(join(dir, backupFileName(new Date('2020-01-01T00:00:00.000Z'), 'manual')), bytes);
    await page.getByTestId('open-backups').click();
    await expect.poll(() => dialog.getByTestId('backup-row').count()).toBe(3);
    await dialog.getByTestId('backup-restore').last().click();
    await page.getByTestId('confirm-ok').click();
    await dialog.getByTestId('backups-error').waitFor();
    expect(await dialog.getByTestId('backups-error').textContent()).toMatch(/damaged/);
    await page.screenshot({ path: join(SHOTS, 'backups-damaged.png') });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('label-row').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);
});
