// The image view's sequence: which sequence the open image is a frame of, its frames (with what each has),
// the tracks of the image's annotations, and playback. Its own small store beside the editor's; the strip
// and the frame keys of the actions table read and drive it.
import type { SequenceFrame, SequenceSummary, Track, TrackMember } from '../../../shared/api/sequences';
import { api } from '../api';
import { attempt, navigate, store as appStore, toast } from '../state/app';
import { createStore, useStore } from '../state/store';

export interface SequenceView {
  project: string;
  imageId: number;
  sequence: SequenceSummary | null;
  frame: number | null;
  frames: SequenceFrame[];
  tracks: Track[];
  members: TrackMember[];
  playing: boolean;
}

/** Frames per second while playing (each frame is a navigation: its image and annotations load). */
export const PLAY_FPS = 4;

export const sequenceStore = createStore<SequenceView | null>(null);
export const useSequence = <T>(selector: (s: SequenceView | null) => T): T =>
  useStore(sequenceStore, selector);

let timer: ReturnType<typeof setInterval> | null = null;

/** The image the view shows now (the route's), which may be ahead of the loaded sequence while it loads. */
const onScreen = () => {
  const r = appStore.get().route;
  return r.name === 'image' ? r.imageId : sequenceStore.get()?.imageId;
};

/** Loads the sequence of the image on screen (nothing when it is a frame of none). */
export async function loadSequence(project: string, imageId: number): Promise<void> {
  const at = await attempt(() => api.sequences.ofImage({ project, imageId }));
  if (at === undefined) return;
  const known = sequenceStore.get();
  const same = known?.project === project && known.sequence?.id === at?.sequence.id;
  const [frames, tracks, members] = at
    ? await Promise.all([
        api.sequences.frames({ project, sequenceId: at.sequence.id }),
        api.sequences.tracks({ project, sequenceId: at.sequence.id }),
        api.sequences.members({ project, imageId }),
      ])
    : [[], [], []];
  sequenceStore.set(() => ({
    project,
    imageId,
    sequence: at?.sequence ?? null,
    frame: at?.frame ?? null,
    frames,
    tracks,
    members,
    playing: same ? (known?.playing ?? false) : false,
  }));
  if (!at) stopPlaying();
}

export function clearSequence(): void {
  stopPlaying();
  sequenceStore.set(() => null);
}

/** The frame `step` frames from the open one, or null at an end. */
function neighborFrame(s: SequenceView, step: 1 | -1): SequenceFrame | null {
  const i = s.frames.findIndex((f) => f.imageId === onScreen());
  return i < 0 ? null : (s.frames[i + step] ?? null);
}

export function stepFrame(direction: 'prev' | 'next'): void {
  const s = sequenceStore.get();
  if (!s?.sequence) return void toast('info', 'This image is not a frame of a sequence.');
  const target = neighborFrame(s, direction === 'next' ? 1 : -1);
  if (!target) {
    stopPlaying();
    return void toast('info', direction === 'next' ? 'This is the last frame.' : 'This is the first frame.');
  }
  goToFrame(s.project, target.imageId);
}

export function goToFrame(project: string, imageId: number): void {
  navigate({ name: 'image', path: project, imageId }, { replace: true });
}

export function togglePlay(): void {
  const s = sequenceStore.get();
  if (!s?.sequence) return void toast('info', 'This image is not a frame of a sequence.');
  if (s.playing) return stopPlaying();
  sequenceStore.set((v) => (v ? { ...v, playing: true } : v));
  timer = setInterval(() => {
    const now = sequenceStore.get();
    if (!now?.playing || !neighborFrame(now, 1)) return stopPlaying();
    stepFrame('next');
  }, 1000 / PLAY_FPS);
}

export function stopPlaying(): void {
  if (timer) clearInterval(timer);
  timer = null;
  sequenceStore.set((v) => (v?.playing ? { ...v, playing: false } : v));
}

/** What the actions table binds to the frame keys. */
export const sequenceCommands = { stepFrame, togglePlay };
