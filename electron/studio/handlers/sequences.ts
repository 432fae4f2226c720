import type { StudioHandlers } from '../../../shared/api';
import { planPropagation } from '../../sequences/propagate-batch';
import {
  imageFolders,
  sequenceOfFolder,
  sequenceOfImages,
  sortSequence,
} from '../../sequences/sequence-edits';
import { createTrackOf, interpolateSequence } from '../../sequences/tracks';
import type { StudioContext } from '../context';

/** Propagation walks frames in order, each from the one before: one frame at a time. */
const PROPAGATION_SETTINGS = { concurrency: 1, maxAttempts: 3 };

export function sequenceHandlers(ctx: StudioContext): StudioHandlers['sequences'] {
  const store = (path: string) => ctx.projects.get(path);
  return {
    list: async ({ project }) => store(project).readSequences((s) => s.list()),
    ofImage: async ({ project, imageId }) =>
      store(project).readSequences((s) => {
        const at = s.ofImage(imageId);
        return at && { sequence: s.summary(at.sequenceId), frame: at.frame };
      }),
    frames: async ({ project, sequenceId }) => store(project).readSequences((s) => s.frames(sequenceId)),
    ofImages: async ({ project, imageIds }) => store(project).readSequences((s) => s.ofImages(imageIds)),
    folders: async ({ project }) => imageFolders(store(project)),
    create: async ({ project, name, imageIds, folder }) =>
      imageIds
        ? sequenceOfImages(store(project), name, imageIds)
        : sequenceOfFolder(store(project), name, folder!),
    rename: async ({ project, sequenceId, name }) =>
      store(project).writeSequences((s) => {
        s.rename(sequenceId, name);
        return s.summary(sequenceId);
      }),
    moveFrame: async ({ project, sequenceId, imageId, by }) =>
      store(project).writeSequences((s) => {
        s.moveFrame(sequenceId, imageId, by);
        return s.summary(sequenceId);
      }),
    sort: async ({ project, sequenceId, by }) => sortSequence(store(project), sequenceId, by),
    removeFrames: async ({ project, sequenceId, imageIds }) =>
      store(project).writeSequences((s) => {
        s.removeFrames(sequenceId, imageIds);
        return s.summary(sequenceId);
      }),
    setFrames: async ({ project, sequenceId, frames }) =>
      store(project).writeSequences((s) => {
        s.setFrames(sequenceId, frames);
        return s.summary(sequenceId);
      }),
    remove: async ({ project, sequenceId }) => store(project).writeSequences((s) => s.remove(sequenceId)),
    tracks: async ({ project, sequenceId }) => store(project).readSequences((s) => s.tracks(sequenceId)),
    members: async ({ project, imageId }) => store(project).readSequences((s) => s.members(imageId)),
    createTrack: async ({ project, annotationIds }) => createTrackOf(store(project), annotationIds),
    assign: async ({ project, annotationId, trackId }) =>
      store(project).writeSequences((s) => {
        s.removeMember(annotationId);
        if (trackId !== null) s.addMembers(trackId, [annotationId]);
      }),
    merge: async ({ project, trackId, otherId }) =>
      store(project).writeSequences((s) => {
        s.merge(trackId, otherId);
        return s.track(trackId);
      }),
    split: async ({ project, trackId, frame }) =>
      store(project).writeSequences((s) => s.track(s.split(trackId, frame))),
    relabel: async ({ project, trackId, labelId }) =>
      store(project).writeSequences((s) => {
        s.relabel(trackId, labelId);
        return s.track(trackId);
      }),
    rekey: async ({ project, trackId, key }) =>
      store(project).writeSequences((s) => {
        s.rekey(trackId, key);
        return s.track(trackId);
      }),
    async propagate({ project, ...request }) {
      const s = store(project);
      const spec = planPropagation(s, request);
      const job = await ctx.batch.create(s, {
        kind: 'propagate',
        spec,
        images: { imageIds: [...spec.forward, ...spec.backward] },
        settings: PROPAGATION_SETTINGS,
      });
      return ctx.batch.start(s, job.id);
    },
    interpolate: async ({ project, sequenceId, trackIds }) =>
      interpolateSequence(store(project), sequenceId, trackIds),
  };
}
