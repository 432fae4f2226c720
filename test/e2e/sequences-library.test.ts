// Making and editing sequences from the library in the built browser-mode studio, in Chromium: the selection
// made a sequence (its cards then name it), a folder of the project's images made another from the side
// bar, renamed, a frame moved later, sorted by EXIF capture time, a frame taken out (a gap in the editor and
// in the image view's timeline), and the sequence deleted with its images kept. Writes
// test-results/screenshots/sequences-library.png and sequences-editor.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImagePage } from '../../shared/api';
import type { SequenceFrame, SequenceSummary } from '../../shared/api/sequences';
import { makeImage } from '../helpers/images';
import { callApi, createProject, startBrowserStudio, type BrowserStudio } from '../helpers/studio-page';
import { makeTempDir } from '../helpers/temp-dir';

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = join('test-results', 'screenshots');

/** The editor's frames as "frame:file", in order. */
const editorFrames = (page: Page) =>
  page
    .getByTestId('sequence-editor-frame')
    .evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-frame')}:${r.querySelector('.seq-editor-name')?.textContent}`),
    );

describe('sequences from the library', () => {
  const tmp = makeTempDir('vps-e2e-seqlib-');
  const photos = join(tmp.dir, 'photos');
  let app: BrowserStudio;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // File-name order shot-1, shot-2, shot-3, shot-10; taken shot-3, shot-10, shot-1; shot-2 has no EXIF date.
    const taken: [string, string | undefined][] = [
      ['shot-1.jpg', '2024:05:06 07:08:30'],
      ['shot-2.jpg', undefined],
      ['shot-3.jpg', '2024:05:06 07:08:10'],
      ['shot-10.jpg', '2024:05:06 07:08:20'],
    ];
    let n = 1;
    for (const [name, captured] of taken)
      await makeImage(join(photos, 'drive'), name, {
        width: 320,
        height: 180,
        format: 'jpeg',
        pattern: n++,
        texture: true,
        captured,
      });
    for (const name of ['walk-b.png', 'walk-a.png'])
      await makeImage(join(photos, 'walk'), name, { width: 320, height: 180, format: 'png', pattern: n++ });
    app = await startBrowserStudio(join(tmp.dir, 'data'));
    ({ page, errors } = await app.openPage(VIEWPORT));
    await page.getByTestId('new-project').waitFor();
    await createProject(page, {
      name: 'Frames',
      path: join(tmp.dir, 'Frames.vpstudio'),
      folder: photos,
      images: 6,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    tmp.cleanup();
  });

  it('makes a sequence of the selection and shows it on the cards', async () => {
    for (const name of ['walk-a.png', 'walk-b.png'])
      await page.getByRole('button', { name: `Select ${name}` }).click();
    await page.getByTestId('make-sequence').click();
    await page.getByTestId('sequence-name-input').fill('walk');
    await page.getByTestId('create-sequence').click();
    await page.getByTestId('new-sequence-dialog').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await page.getByTestId('card-sequence').allTextContents()).map((t) => t.trim()))
      .toEqual(expect.arrayContaining(['walk · 0', 'walk · 1']));
    expect(await page.getByTestId('selection-bar').count()).toBe(0);
    expect(await page.getByTestId('sequence-row').allTextContents()).toEqual(['walk2']);
  });

  it('makes one of a folder, renames it, moves, sorts and takes out frames, then deletes it', async () => {
    const project = join(tmp.dir, 'Frames.vpstudio');
    await page.getByTestId('sequence-add').click();
    await page.getByTestId('sequence-folder').selectOption(join(photos, 'drive'));
    expect(await page.getByTestId('sequence-name-input').inputValue()).toBe('drive');
    await page.getByTestId('create-sequence').click();
    await page.getByTestId('new-sequence-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('card-sequence').count()).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'sequences-library.png') });

    await page.locator('[data-testid="sequence-row"]', { hasText: 'drive' }).click();
    const editor = page.getByTestId('sequence-editor');
    await editor.waitFor();
    await expect
      .poll(() => editorFrames(page))
      .toEqual(['0:shot-1.jpg', '1:shot-2.jpg', '2:shot-3.jpg', '3:shot-10.jpg']);

    await page.getByTestId('sequence-rename').fill('drive 0042');
    await page.getByTestId('sequence-rename').press('Enter');
    await expect.poll(() => page.getByTestId('sequence-row').allTextContents()).toContain('drive 00424');

    await editor.locator('[data-testid="sequence-editor-frame"]').first().getByTestId('frame-later').click();
    await expect
      .poll(() => editorFrames(page))
      .toEqual(['0:shot-2.jpg', '1:shot-1.jpg', '2:shot-3.jpg', '3:shot-10.jpg']);

    await page.getByTestId('sequence-sort-captured').click();
    await expect
      .poll(() => editorFrames(page))
      .toEqual(['0:shot-3.jpg', '1:shot-10.jpg', '2:shot-1.jpg', '3:shot-2.jpg']);
    await expect
      .poll(() => page.locator('.toast').allTextContents())
      .toEqual(
        expect.arrayContaining([expect.stringMatching(/1 frame with none in the file's EXIF went last/)]),
      );

    // Frame 1 taken out: a gap in the editor, and in the image view's timeline.
    await editor
      .locator('[data-testid="sequence-editor-frame"][data-frame="1"]')
      .getByTestId('frame-remove')
      .click();
    await expect.poll(() => editorFrames(page)).toEqual(['0:shot-3.jpg', '2:shot-1.jpg', '3:shot-2.jpg']);
    await page.getByTestId('sequence-gap-1').waitFor();
    expect(await page.getByTestId('sequence-problems').textContent()).toContain('Frame 1 is missing');
    await page.screenshot({ path: join(SHOTS, 'sequences-editor.png') });

    const [drive] = (await callApi<SequenceSummary[]>(page, 'sequences.list', { project })).filter((s) =>
      s.name.startsWith('drive'),
    );
    const frames = await callApi<SequenceFrame[]>(page, 'sequences.frames', {
      project,
      sequenceId: drive!.id,
    });
    await page.getByTestId('sequence-open').click();
    await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sequence-position').textContent()).toBe('Frame 0 · 1 of 3');
    expect(await page.getByTestId('frame-gap-1').getAttribute('title')).toBe('Frame 1 is missing');
    expect(page.url()).toContain(`/image/${frames[0]!.imageId}`);
    await page.screenshot({ path: join(SHOTS, 'sequences-gap.png') });

    // Deleted: the images and the other sequence stay.
    await page.goBack();
    await page.locator('[data-testid="sequence-row"]', { hasText: 'drive 0042' }).click();
    await page.getByTestId('sequence-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('sequence-row').allTextContents()).toEqual(['walk2']);
    await expect.poll(() => page.getByTestId('card-sequence').count()).toBe(2);
    expect((await callApi<ImagePage>(page, 'images.list', { project })).total).toBe(6);
    expect(errors).toEqual([]);
  }, 120_000);
});
