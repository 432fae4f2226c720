// The sequences e2e tests' start: two frames of the shared BDD100K MOTS video in a folder, the built
// browser-mode studio with no model files (the classical engine answers), a page open on it and an empty
// project 'Drive'.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProjectInfo } from '../../shared/domain';
import { DRIVING_SAMPLE } from './shared-assets';
import { callApi, startBrowserStudio, type BrowserStudio } from './studio-page';

export const MOTS_VIDEO = '00091078-875c1f73';
export const MOTS_DIR = join(DRIVING_SAMPLE, 'bdd100k_mots');
export const MOTS_FRAMES = [166, 167] as const;

export interface MotsStudio {
  app: BrowserStudio;
  page: Page;
  errors: string[];
  project: string;
  /** The folder holding the copied frames. */
  frames: string;
}

export async function startMotsStudio(
  dir: string,
  viewport: { width: number; height: number },
): Promise<MotsStudio> {
  const frames = join(dir, 'mots');
  mkdirSync(frames);
  for (const n of MOTS_FRAMES) {
    const name = `${MOTS_VIDEO}-0000${n}.jpg`;
    copyFileSync(join(MOTS_DIR, name), join(frames, name));
  }
  process.env.VISPROMPT_MODELS_DIR = join(dir, 'no-models');
  const app = await startBrowserStudio(join(dir, 'data'));
  const { page, errors } = await app.openPage(viewport);
  await page.getByTestId('new-project').waitFor();
  const { path: project } = await callApi<ProjectInfo>(page, 'projects.create', {
    path: join(dir, 'Drive.vpstudio'),
    name: 'Drive',
  });
  return { app, page, errors, project, frames };
}
