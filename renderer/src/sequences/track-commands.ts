// Changes to the selected annotation's track from the image view: each an API call, then the sequence reloaded;
// a label change is mirrored into the open editor so a later save does not write the old label back.
import { api } from '../api';
import { attempt, toast } from '../state/app';
import { updateEditor } from '../editor/editor-store';
import { loadSequence, sequenceStore } from './sequence-store';

const reload = async () => {
  const s = sequenceStore.get();
  if (s) await loadSequence(s.project, s.imageId);
};

export async function newTrack(project: string, annotationId: number): Promise<void> {
  const track = await attempt(() => api.sequences.createTrack({ project, annotationIds: [annotationId] }));
  if (track) toast('success', `Track ${track.key} made.`);
  await reload();
}

export async function leaveTrack(project: string, annotationId: number): Promise<void> {
  await attempt(() => api.sequences.assign({ project, annotationId, trackId: null }));
  await reload();
}

export async function joinTrack(project: string, annotationId: number, trackId: number): Promise<void> {
  await attempt(() => api.sequences.assign({ project, annotationId, trackId }));
  await reload();
}

export async function relabelTrack(project: string, trackId: number, labelId: number): Promise<void> {
  const done = await attempt(() => api.sequences.relabel({ project, trackId, labelId }));
  if (!done) return;
  const ids = new Set(
    sequenceStore
      .get()
      ?.members.filter((m) => m.trackId === trackId)
      .map((m) => m.annotationId) ?? [],
  );
  updateEditor((e) => ({
    ...e,
    annotations: e.annotations.map((a) => (ids.has(a.id) ? { ...a, labelId } : a)),
  }));
  await reload();
}

export async function splitTrack(project: string, trackId: number, frame: number): Promise<void> {
  const track = await attempt(() => api.sequences.split({ project, trackId, frame }));
  if (track) toast('success', `Frames from ${frame} on are track ${track.key} now.`);
  await reload();
}

export async function mergeTracks(project: string, trackId: number, otherId: number): Promise<void> {
  const track = await attempt(() => api.sequences.merge({ project, trackId, otherId }));
  if (track) toast('success', `Merged into track ${track.key} (${track.frames} frames).`);
  await reload();
}

export async function rekeyTrack(project: string, trackId: number, key: string): Promise<void> {
  await attempt(() => api.sequences.rekey({ project, trackId, key }));
  await reload();
}

export async function interpolateTrack(project: string, sequenceId: number, trackId: number): Promise<void> {
  const out = await attempt(() => api.sequences.interpolate({ project, sequenceId, trackIds: [trackId] }));
  if (out)
    toast(
      'info',
      out.created === 0
        ? 'Nothing to interpolate: the track needs accepted boxes or masks on two frames with frames between.'
        : `${out.created} interpolated box${out.created === 1 ? '' : 'es'} proposed.`,
    );
  await reload();
}

export async function propagate(project: string, annotationId: number, forward: number, backward: number) {
  const job = await attempt(() =>
    api.sequences.propagate({ project, annotationIds: [annotationId], forward, backward }),
  );
  if (job) toast('info', `${job.name}: started (Jobs shows it; the proposals go to Review).`);
  await reload();
}
