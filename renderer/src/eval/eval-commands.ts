// What the evaluation screen asks of the studio: start an experiment (a batch job of kind 'eval', so the jobs
// machinery shows its progress and pauses, resumes or cancels it), open a scored object in the editor, and the
// keys of its worst-objects list.
// Failures are thrown: the screen shows them where they happened, not only as a toast.
import type { BatchJob, ImageSet } from '../../../shared/api/batch';
import type { EvalSpecInput } from '../../../shared/api/eval';
import { api } from '../api';
import { selectWhenOpened } from '../editor/editor-store';
import { applyBatchJob } from '../jobs/batch-view';
import { navigate, toast, update } from '../state/app';
import { step, worstStore } from './worst-store';

export interface NewExperiment {
  name?: string;
  spec: EvalSpecInput;
  images: ImageSet;
}

export async function startExperiment(project: string, input: NewExperiment): Promise<BatchJob> {
  const job = await api.batch.create({
    project,
    kind: 'eval',
    spec: input.spec,
    images: input.images,
    ...(input.name ? { name: input.name } : {}),
  });
  update((s) => ({ ...s, batch: applyBatchJob(s.batch, project, job) }));
  toast('info', `Experiment on ${job.total} images: “${job.name}”.`);
  return job;
}

/** The editor on the object's image with its truth annotation selected, as the review screen's Edit does. */
export function openInEditor(project: string, imageId: number, truthId: number | null): void {
  if (truthId !== null) selectWhenOpened(imageId, [truthId]);
  navigate({ name: 'image', path: project, imageId });
}

/** The evaluation screen's keys (actions.ts): walk the worst objects, open the one drawn, close the list. */
export const evalCommands = {
  moveObject: (delta: number) => worstStore.set((s) => step(s, delta)),
  openChosen: () => {
    const { project, items, chosen } = worstStore.get();
    const item = items.find((i) => i.id === chosen);
    if (project && item) openInEditor(project, item.imageId, item.truthId);
  },
  closeObjects: () => worstStore.set((s) => ({ ...s, pick: null, items: [], chosen: null })),
};
