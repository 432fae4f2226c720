// Autosave: every executed, undone or redone command becomes one annotations.save call (one transaction in the
// store), run strictly in order. The saver knows which ids the store holds, so a command that brings back a
// deleted annotation creates it again, and it reports the ids the store gave to new annotations.
import type { AnnotationInput, StudioApi } from '../../../shared/api';
import type { Annotation } from '../../../shared/domain';
import type { Command } from './editor-state';

export type SaveApi = {
  annotations: Pick<StudioApi['annotations'], 'save'>;
  prompts: Pick<StudioApi['prompts'], 'setCurrent' | 'current' | 'close'>;
};

export interface SaveResult {
  /** Editor id -> store id for annotations this save created. */
  renamed: Map<number, number>;
  /** The image's annotations as the store now holds them. */
  stored: Annotation[] | null;
}

function toInput(a: Annotation, id: number | undefined): AnnotationInput {
  return {
    ...(id === undefined ? {} : { id }),
    labelId: a.labelId,
    kind: a.kind,
    geometry: a.geometry,
    rle: a.rle,
    source: a.source,
    modelId: a.modelId,
    promptId: a.promptId,
    score: a.score,
    reviewState: a.reviewState,
    locked: a.locked,
    hidden: a.hidden,
  };
}

export interface Saver {
  /** Queues the save of a command as it was applied (pass the inverse for an undo). */
  save(command: Command): Promise<SaveResult>;
  /** Resolves once every queued save has finished. */
  idle(): Promise<void>;
}

export function createSaver(
  api: SaveApi,
  project: string,
  imageId: number,
  storedIds: Iterable<number>,
): Saver {
  const inStore = new Set(storedIds);
  /** Editor ids that the store knows by another id (created after the editor named them). */
  const alias = new Map<number, number>();
  const resolve = (id: number) => alias.get(id) ?? id;
  let queue: Promise<unknown> = Promise.resolve();

  async function run(command: Command): Promise<SaveResult> {
    const upserts: AnnotationInput[] = [];
    const deletes: number[] = [];
    const created: number[] = [];
    for (const { id, after } of command.changes) {
      const storeId = resolve(id);
      if (after === null) {
        if (inStore.has(storeId)) deletes.push(storeId);
      } else if (inStore.has(storeId)) {
        upserts.push(toInput(after, storeId));
      } else {
        upserts.push(toInput(after, undefined));
        created.push(id);
      }
    }
    // An accepted mask closes the open prompt it came from, and keeps pointing at it.
    const closing =
      command.prompt !== undefined &&
      command.prompt.after.points.length === 0 &&
      command.prompt.after.box === null &&
      created.length > 0;
    const open = closing ? await api.prompts.current({ project, imageId }) : null;
    if (open) for (const u of upserts) if (u.id === undefined && u.source === 'model') u.promptId = open.id;
    let stored: Annotation[] | null = null;
    const renamed = new Map<number, number>();
    if (upserts.length > 0 || deletes.length > 0) {
      stored = await api.annotations.save({ project, imageId, upserts, deletes });
      for (const id of deletes) inStore.delete(id);
      // The store answers with all of the image's annotations; the new ones are the ids it did not hold,
      // in the order they were inserted.
      const fresh = stored
        .map((a) => a.id)
        .filter((id) => !inStore.has(id))
        .sort((a, b) => a - b);
      created.forEach((editorId, i) => {
        const storeId = fresh[i];
        if (storeId === undefined) return;
        inStore.add(storeId);
        // The editor may know the annotation by the id it was given or by the store id of an earlier life
        // (deleted, then brought back by undo while saves were queued): both now mean the new row.
        for (const known of new Set([editorId, resolve(editorId)])) {
          alias.set(known, storeId);
          if (known !== storeId) renamed.set(known, storeId);
        }
      });
    }
    if (open) await api.prompts.close({ project, id: open.id });
    else if (command.prompt && !closing) {
      await api.prompts.setCurrent({ project, imageId, prompt: command.prompt.after });
    }
    return { renamed, stored };
  }

  return {
    save(command) {
      const result = queue.then(() => run(command));
      // A failed save must not block the ones after it; the caller hears about the failure.
      queue = result.catch(() => undefined);
      return result;
    },
    idle: () => queue.then(() => undefined),
  };
}
