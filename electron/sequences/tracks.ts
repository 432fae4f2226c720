// Track work that spans several tables: a track made of chosen annotations, and box interpolation between a
// track's keyframes. Each is one transaction.
import type { Box } from '../../shared/domain';
import { INTERPOLATION_MODEL, type Track } from '../../shared/api/sequences';
import { annotationShape, shapeBox } from '../../shared/datasets/shapes';
import { StudioError } from '../../shared/errors';
import { interpolateTrack, type Keyframe } from '../../shared/sequences/interpolate';
import type { ProjectStore } from '../store/project-store';
import type { NewAnnotation } from '../store/types';

/** A new track of the annotations (one per frame, in one sequence), labelled as the first of them. */
export function createTrackOf(store: ProjectStore, annotationIds: readonly number[]): Track {
  const annotations = store.annotationsByIds(annotationIds);
  const first = annotations.find((a) => a.id === annotationIds[0]);
  if (annotations.length !== new Set(annotationIds).size || !first)
    throw new StudioError('not_found', 'Some of those annotations are not in this project.');
  return store.writeSequences((s) => {
    const at = s.ofImage(first.imageId);
    if (!at)
      throw new StudioError('invalid_input', `Annotation ${first.id} is not on a frame of a sequence.`);
    const id = s.createTrack(at.sequenceId, first.labelId);
    for (const a of annotations) s.removeMember(a.id);
    s.addMembers(id, annotationIds);
    return s.track(id);
  });
}

/** A settled annotation's box: a keyframe of its track. */
const keyBox = (a: Parameters<typeof annotationShape>[0]): Box => shapeBox(annotationShape(a));

/**
 * Box proposals on the frames between each track's keyframes (its accepted or edited annotations), linear per
 * corner, scaled to the size of a frame of another size; earlier interpolations of those frames are replaced, a frame with another proposal of the track (a
 * propagated mask) keeps it. One transaction for all tracks.
 */
export function interpolateSequence(
  store: ProjectStore,
  sequenceId: number,
  trackIds?: readonly number[],
): { created: number; tracks: number } {
  return store.transaction(() => {
    const { tracks, frames } = store.readSequences((s) => ({
      tracks: s.tracks(sequenceId),
      frames: s.frames(sequenceId),
    }));
    const chosen = trackIds ? tracks.filter((t) => trackIds.includes(t.id)) : tracks;
    if (trackIds && chosen.length !== new Set(trackIds).size)
      throw new StudioError('not_found', 'Some of those tracks are not in this sequence.');
    const imageOf = new Map(frames.map((f) => [f.frame, f]));
    let created = 0;
    let touched = 0;
    for (const track of chosen) {
      const members = store.readSequences((s) => s.trackAnnotations(track.id));
      const byId = new Map(store.annotationsByIds(members.map((m) => m.annotationId)).map((a) => [a.id, a]));
      const keys: Keyframe[] = members
        .filter((m) => m.settled && m.kind !== 'point')
        .map((m) => ({ frame: m.frame, box: keyBox(byId.get(m.annotationId)!) }));
      const stale = members.filter(
        (m) => !m.settled && byId.get(m.annotationId)?.modelId === INTERPOLATION_MODEL,
      );
      const occupied = new Set(members.filter((m) => !stale.includes(m)).map((m) => m.frame));
      const boxes = interpolateTrack(keys, [...imageOf.keys()], imageOf).filter(
        (k) => !occupied.has(k.frame),
      );
      if (boxes.length === 0 && stale.length === 0) continue;
      touched++;
      store.writeSequences((s) => s.removeUnsettled(stale.map((m) => m.annotationId)));
      const rows: NewAnnotation[] = boxes.map(({ frame, box }) => ({
        imageId: imageOf.get(frame)!.imageId,
        labelId: track.labelId,
        kind: 'box',
        geometry: { kind: 'box', box },
        rle: null,
        source: 'model',
        modelId: INTERPOLATION_MODEL,
        promptId: null,
        score: null,
        reviewState: 'proposed',
        modelPrompt: `interpolated between keyframes of track ${track.key}`,
      }));
      const ids = store.insertAnnotations(rows);
      store.writeSequences((s) => s.addMembers(track.id, ids));
      created += ids.length;
    }
    return { created, tracks: touched };
  });
}
