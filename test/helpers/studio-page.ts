// Driving the browser-mode studio from Playwright like a user, shared by the e2e tests and the UI benchmarks:
// the studio API with the page's session, image pixels to page coordinates, a project made through the UI.
import type { Page } from 'playwright-core';

/** Calls the studio API from the page, with the page's session. */
export async function callApi<T>(page: Page, method: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ([m, i]) => {
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [method, input] as const,
  );
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Page coordinates of an image pixel, from the view the canvas publishes. */
export async function imagePoint(page: Page, x: number, y: number): Promise<[number, number]> {
  const stage = page.getByTestId('image-stage');
  const [scale, vx, vy] = (await stage.getAttribute('data-view'))!.split(' ').map(Number) as [
    number,
    number,
    number,
  ];
  const box = (await stage.boundingBox())!;
  return [box.x + vx + x * scale, box.y + vy + y * scale];
}

/** Creates a project of one image folder through the New project dialog and waits for its images. */
export async function createProject(
  page: Page,
  project: { name: string; path: string; folder: string; images: number },
): Promise<void> {
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-name-input').fill(project.name);
  await page.getByTestId('project-path-input').fill(project.path);
  await page.getByTestId('image-folder-input').fill(project.folder);
  await page.getByTestId('create-project').click();
  await page
    .getByTestId('image-card')
    .nth(project.images - 1)
    .waitFor({ timeout: 60_000 });
}

/** Opens an image of the library and waits until its canvas and editor are ready. */
export async function openImage(page: Page, imageId: number): Promise<void> {
  await page.locator(`[data-testid="image-card"][data-image-id="${imageId}"]`).click();
  await page.locator('[data-testid="image-stage"][data-ready="true"]').waitFor({ timeout: 30_000 });
}
