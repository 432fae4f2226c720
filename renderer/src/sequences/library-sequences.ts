// The library's view of sequences: the project's sequences (the side bar lists them), which sequence each
// image on the page is a frame of (its card says so), and the edits made from there: a sequence made of the
// selection or of a folder, renamed, its frames moved, sorted or taken out, the sequence deleted (its images
// stay). Each edit is one API call, then what the library shows is loaded again.
import type {
  FrameOrder,
  SequenceFrame,
  SequenceMembership,
  SequenceSummary,
} from '../../../shared/api/sequences';
import { plural } from '../../../shared/counts';
import { api } from '../api';
import { attempt, store as appStore, toast } from '../state/app';
import { createStore, useStore } from '../state/store';

export interface LibrarySequences {
  project: string;
  sequences: SequenceSummary[];
  /** Image id -> its sequence and frame, for the images on the library's page. */
  frames: Record<number, SequenceMembership>;
}

export const librarySequences = createStore<LibrarySequences | null>(null);
export const useLibrarySequences = <T>(selector: (s: LibrarySequences | null) => T): T =>
  useStore(librarySequences, selector);

/** Loads the project's sequences and those of the images on the library's page. */
export async function loadLibrarySequences(project: string, imageIds: readonly number[]): Promise<void> {
  const loaded = await attempt(() =>
    Promise.all([
      api.sequences.list({ project }),
      imageIds.length > 0 ? api.sequences.ofImages({ project, imageIds: [...imageIds] }) : [],
    ]),
  );
  if (!loaded) return;
  const [sequences, members] = loaded;
  librarySequences.set(() => ({
    project,
    sequences,
    frames: Object.fromEntries(members.map((m) => [m.imageId, m])),
  }));
}

const reload = async (project: string) =>
  loadLibrarySequences(
    project,
    appStore.get().images.items.map((i) => i.id),
  );

export type SequenceSource = { imageIds: number[] } | { folder: string };

export async function makeSequence(
  project: string,
  name: string,
  source: SequenceSource,
): Promise<SequenceSummary | undefined> {
  const made = await attempt(() => api.sequences.create({ project, name, ...source }));
  if (made) toast('success', `Sequence “${made.name}” made of ${plural(made.frames, 'frame')}.`);
  await reload(project);
  return made;
}

export async function renameSequence(project: string, sequenceId: number, name: string): Promise<boolean> {
  const done = await attempt(() => api.sequences.rename({ project, sequenceId, name }));
  await reload(project);
  return done !== undefined;
}

export async function deleteSequence(project: string, sequence: SequenceSummary): Promise<void> {
  const done = await attempt(() => api.sequences.remove({ project, sequenceId: sequence.id }));
  if (done !== undefined) toast('success', `Sequence “${sequence.name}” deleted; its images stay.`);
  await reload(project);
}

export async function moveFrame(project: string, sequenceId: number, imageId: number, by: -1 | 1) {
  await attempt(() => api.sequences.moveFrame({ project, sequenceId, imageId, by }));
  await reload(project);
}

export async function sortFrames(project: string, sequenceId: number, by: FrameOrder): Promise<void> {
  const out = await attempt(() => api.sequences.sort({ project, sequenceId, by }));
  if (out)
    toast(
      'info',
      by === 'name'
        ? 'Frames sorted by file name.'
        : out.undated === 0
          ? 'Frames sorted by capture time.'
          : `Frames sorted by capture time; ${plural(out.undated, 'frame')} with none in the file's EXIF went last, by file name.`,
    );
  await reload(project);
}

export async function removeFrame(project: string, sequenceId: number, frame: SequenceFrame) {
  const done = await attempt(() =>
    api.sequences.removeFrames({ project, sequenceId, imageIds: [frame.imageId] }),
  );
  if (done) toast('info', `Frame ${frame.frame} taken out of the sequence; the image stays in the project.`);
  await reload(project);
}

/** The sequence's frames, for its editor. */
export const sequenceFrames = (project: string, sequenceId: number) =>
  attempt(() => api.sequences.frames({ project, sequenceId }));

/** The folders of the project's images, for a sequence made of one. */
export const imageFolders = (project: string) => attempt(() => api.sequences.folders({ project }));
