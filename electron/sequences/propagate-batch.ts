// The 'propagate' batch job kind: the objects of accepted masks on frame t proposed on the next frames (and
// the previous ones), each frame one item of the job. With a SAM endpoint in Settings, its propagation mode
// answers each frame; with a SAM 2-family model in the models folder, that local video model does
// (frame-propagators.ts chooses); the always-available path is the local fallback: the previous
// frame's mask becomes a box + point prompt for the active segmenter on the next frame, and the new masks are
// paired with the objects by IoU (shared/sequences/track-matching.ts), so a track keeps its object and two
// objects never take one mask. An object stops at the frame where it is lost (score, area, overlap
// checks), where its track already has an accepted annotation, where the frame's file is gone, at a frame of
// another size (a mask is not carried across sizes), or before a gap in the frame numbers (it does not jump
// one); its track's note says which. Memory stays flat: only the last mask of each live object is held. A resumed job finds the
// live objects again from its own proposals on the frame before.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PROPAGATION_PROMPT } from '../../shared/api/sequences';
import type { EndpointSettings, Rle } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { rleToBox } from '../../shared/geometry';
import { describeGaps } from '../../shared/sequences/frame-order';
import type { ChainEnginesLease } from '../engines/chain-engines';
import type { EngineLease, LocalEngines } from '../engines/engine-registry';
import type { EngineImage, Segmenter } from '../inference/segmenter';
import type { BatchKind, BatchProposal, BatchWork } from '../jobs/batch-kind';
import type { ProjectStore } from '../store/project-store';
import {
  choosePropagator,
  endpointPropagator,
  localPropagator,
  type FramePropagator,
} from './frame-propagators';

/** What a propagation job keeps: where it starts, its objects (each in a track) and its frames by direction. */
export interface PropagationSpec {
  startImageId: number;
  startFrame: number;
  objects: { trackId: number; annotationId: number }[];
  forward: number[];
  backward: number[];
  /** Tags this job's proposals (their prompt), so a resumed run tells them from an earlier run's. */
  prompt: string;
  /** Why a direction ends before the frames asked for: a gap in the frame numbers (the note its tracks get). */
  gaps?: { forward?: string; backward?: string };
}

export interface PropagationRequest {
  annotationIds: readonly number[];
  forward: number;
  backward: number;
}

const isEndpoint = (engine: string) => engine.startsWith('sagemaker');

/**
 * Checks a request and turns it into a spec: the masks accepted, on one frame of a sequence whose file is
 * there; each object's track (made for it when it has none); the frames each way.
 */
export function planPropagation(store: ProjectStore, request: PropagationRequest): PropagationSpec {
  const ids = [...new Set(request.annotationIds)];
  const annotations = store.annotationsByIds(ids);
  if (annotations.length !== ids.length) {
    const found = new Set(annotations.map((a) => a.id));
    throw new StudioError('not_found', `No annotation ${ids.find((i) => !found.has(i))} in this project.`);
  }
  const imageId = annotations[0]!.imageId;
  if (annotations.some((a) => a.imageId !== imageId))
    throw new StudioError(
      'invalid_input',
      'Propagation starts from masks on one frame; these are on several.',
    );
  for (const a of annotations) {
    if (a.kind !== 'mask' || !a.rle)
      throw new StudioError(
        'invalid_input',
        `Annotation ${a.id} is a ${a.kind}; propagation starts from a mask.`,
      );
    if (a.reviewState !== 'accepted' && a.reviewState !== 'edited')
      throw new StudioError('invalid_input', `Annotation ${a.id} is a proposal still; accept it first.`);
  }
  const image = store.getImage(imageId);
  if (image.missing || !existsSync(image.path))
    throw new StudioError('not_found', `The image file of the start frame is gone: ${image.path}.`);
  return store.writeSequences((s) => {
    const at = s.ofImage(imageId);
    if (!at) throw new StudioError('invalid_input', 'That image is not a frame of a sequence.');
    const frames = s.frames(at.sequenceId);
    const p = frames.findIndex((f) => f.imageId === imageId);
    const ahead = walkFrames(frames, p, 1, request.forward);
    const behind = walkFrames(frames, p, -1, request.backward);
    const forward = ahead.imageIds;
    const backward = behind.imageIds;
    if (forward.length + backward.length === 0) {
      const gap = ahead.gap ?? behind.gap;
      throw new StudioError(
        'invalid_input',
        gap
          ? `Propagation does not jump a gap: ${gap}.`
          : `Frame ${at.frame} has no frame ${request.backward > 0 ? 'before or after it' : 'after it'} to propagate to.`,
      );
    }
    const objects = annotations.map((a) => {
      const trackId = s.trackOf(a.id) ?? s.createTrack(at.sequenceId, a.labelId);
      if (s.trackOf(a.id) === null) s.addMembers(trackId, [a.id]);
      return { trackId, annotationId: a.id };
    });
    // A direction that a gap ends at once has no frame to say so from: its tracks are told now.
    for (const [asked, walk] of [
      [request.forward, ahead],
      [request.backward, behind],
    ] as const)
      if (asked > 0 && walk.imageIds.length === 0 && walk.gap)
        for (const o of objects) s.setNote(o.trackId, `Propagation ${walk.gap}.`);
    return {
      startImageId: imageId,
      startFrame: at.frame,
      objects,
      forward,
      backward,
      prompt: `${PROPAGATION_PROMPT} from frame ${at.frame} (run ${randomUUID().slice(0, 8)})`,
      ...(ahead.gap || behind.gap
        ? {
            gaps: {
              ...(ahead.gap && { forward: ahead.gap }),
              ...(behind.gap && { backward: behind.gap }),
            },
          }
        : {}),
    };
  });
}

/**
 * Up to `count` frames from position `p` one way, ending before a gap in the frame numbers: the object may
 * have moved any distance in the frames that are not there, so propagation does not jump one. Says where.
 */
function walkFrames(
  frames: readonly { imageId: number; frame: number }[],
  p: number,
  step: 1 | -1,
  count: number,
): { imageIds: number[]; gap?: string } {
  const imageIds: number[] = [];
  for (let k = p + step; imageIds.length < count && k >= 0 && k < frames.length; k += step) {
    const [from, to] = [frames[k - step]!.frame, frames[k]!.frame];
    if (Math.abs(to - from) > 1) {
      const missing = describeGaps([step > 0 ? [from + 1, to - 1] : [to + 1, from - 1]]);
      return {
        imageIds,
        gap: `it stopped ${step > 0 ? 'after' : 'before'} frame ${from}: ${missing} (propagate again from frame ${to} to go on)`,
      };
    }
    imageIds.push(frames[k]!.imageId);
  }
  return { imageIds };
}

/** The segmenter propagation uses: the endpoint of Settings when there is one (as clicks do), else the local. */
function activeSegmenter(lease: ChainEnginesLease): Segmenter {
  const all = lease.engines.segmenters;
  const chosen = all.find((s) => isEndpoint(s.engine)) ?? all[0];
  if (!chosen) throw new StudioError('model_missing', 'No segmentation engine to propagate with.');
  return chosen;
}

const engineImageOf = (i: { sha256: string; path: string; width: number; height: number }): EngineImage => ({
  sha256: i.sha256,
  path: i.path,
  width: i.width,
  height: i.height,
});

interface Live {
  trackId: number;
  rle: Rle;
  labelId: number | null;
}

export function propagationBatchKind(
  engines: () => Promise<ChainEnginesLease>,
  /** Settings' endpoints: the SAM endpoint's propagation mode is tried first when one is named. */
  endpoints?: () => Promise<EndpointSettings>,
  /** The studio's local engines: their tracker (a SAM 2 video model) answers when its files are there. */
  local?: () => Promise<EngineLease<Pick<LocalEngines, 'tracker'>>>,
): BatchKind {
  return {
    kind: 'propagate',
    async prepare(store, input) {
      const spec = input.spec as PropagationSpec;
      if (!spec || !Array.isArray(spec.objects) || spec.objects.length === 0)
        throw new StudioError(
          'invalid_input',
          'A propagation job needs its plan (sequences.propagate makes it).',
        );
      const n = spec.forward.length + spec.backward.length;
      return {
        spec,
        name: `Propagate ${spec.objects.length} object${spec.objects.length === 1 ? '' : 's'} from frame ${spec.startFrame} over ${n} frame${n === 1 ? '' : 's'}`,
      };
    },
    async open(store, raw): Promise<BatchWork> {
      const spec = raw as PropagationSpec;
      const lease = await engines();
      let tracking: EngineLease<Pick<LocalEngines, 'tracker'>> | undefined;
      let propagator: FramePropagator;
      try {
        const segmenter = activeSegmenter(lease);
        tracking = await local?.();
        const tracker = tracking?.engines.tracker;
        // A video model put in the models folder but unusable (corrupt, off its contract, half there) is
        // said, not silently replaced by the fallback.
        if (tracker && !tracker.engine && tracker.missing === 'model_invalid')
          throw new StudioError(
            'model_invalid',
            `The video model in the models folder cannot be used (${tracker.status.reason}); fix or remove its files to propagate without it.`,
          );
        propagator = choosePropagator({
          endpoint: endpoints ? endpointPropagator(await endpoints()) : null,
          tracker: tracker?.engine ?? null,
          fallback: localPropagator(segmenter, isEndpoint(segmenter.engine) ? 'endpoint' : 'local'),
        });
      } catch (err) {
        tracking?.release();
        lease.release();
        throw err;
      }
      const live = new Map<'forward' | 'backward', Map<number, Live>>();
      const frameOf = (imageId: number) => store.readSequences((s) => s.ofImage(imageId))?.frame ?? -1;
      const prepareAhead = (imageId: number, signal: AbortSignal) => {
        const next = store.getImage(imageId);
        if (next.missing || !existsSync(next.path) || !propagator.prepareAhead) return;
        propagator.prepareAhead(engineImageOf(next), signal);
      };
      const note = (trackIds: readonly number[], text: string) =>
        store.writeSequences((s) => trackIds.forEach((t) => s.setNote(t, text)));

      /** The live objects before the k-th frame of a direction: the start masks, or this job's proposals. */
      const liveBefore = (dir: 'forward' | 'backward', k: number): Map<number, Live> => {
        const known = live.get(dir);
        if (known) return known;
        const before = k === 0 ? spec.startImageId : spec[dir][k - 1]!;
        const objects = new Map<number, Live>();
        for (const { trackId, annotationId } of spec.objects) {
          const id = k === 0 ? annotationId : store.readSequences((s) => s.memberOn(trackId, before));
          const a = id === null ? undefined : store.annotationsByIds([id])[0];
          if (a?.rle && (k === 0 || a.modelPrompt === spec.prompt))
            objects.set(trackId, { trackId, rle: a.rle, labelId: a.labelId });
        }
        live.set(dir, objects);
        return objects;
      };

      return {
        provider: propagator.provider,
        async process(imageId, signal) {
          const dir = spec.forward.includes(imageId) ? 'forward' : 'backward';
          const k = spec[dir].indexOf(imageId);
          const objects = liveBefore(dir, k);
          const frame = frameOf(imageId);
          if (objects.size === 0)
            throw new StudioError(
              'not_found',
              `Nothing left to propagate ${dir}: every object stopped at an earlier frame (each track's note says why).`,
            );
          const image = store.getImage(imageId);
          if (image.missing || !existsSync(image.path)) {
            const reason = `stopped at frame ${frame}: its image file is gone (${image.path})`;
            note([...objects.keys()], `Propagation ${reason}.`);
            objects.clear();
            throw new StudioError('not_found', `The image file of frame ${frame} is gone: ${image.path}.`);
          }
          // A mask is not carried across frame sizes: a frame of another size is another camera or a resized copy.
          const [h, w] = [...objects.values()][0]!.rle.size;
          if (h !== image.height || w !== image.width) {
            const reason = `frame ${frame} is ${image.width}x${image.height} and the frame before it ${w}x${h}; propagation does not carry a mask across frame sizes`;
            note(
              [...objects.keys()],
              `Propagation stopped at frame ${frame}: it is ${image.width}x${image.height}, the frame before it ${w}x${h} (a mask is not carried across frame sizes).`,
            );
            objects.clear();
            throw new StudioError('invalid_input', `${reason[0]!.toUpperCase()}${reason.slice(1)}.`);
          }
          // A track already settled on this frame (a correction, a keyframe) is where its propagation ends.
          for (const t of [...objects.keys()]) {
            if (store.readSequences((s) => s.settledOn(t, imageId))) {
              note([t], `Propagation stopped at frame ${frame}: the track is already accepted there.`);
              objects.delete(t);
            }
          }
          // The next frame's image work (SAM's encoder, in its worker) overlaps this frame's.
          const ahead = spec[dir][k + 1];
          if (ahead !== undefined) prepareAhead(ahead, signal);
          const order = [...objects.values()];
          const outcomes = await propagator.step(
            engineImageOf(image),
            order.map((o) => ({ id: o.trackId, rle: o.rle })),
            signal,
          );
          const proposals: BatchProposal[] = [];
          const kept: number[] = [];
          outcomes.forEach((step, i) => {
            const o = order[i]!;
            if (!step.kept) {
              note([o.trackId], `Propagation lost the object at frame ${frame}: ${step.reason}.`);
              objects.delete(o.trackId);
              return;
            }
            o.rle = step.rle;
            kept.push(o.trackId);
            proposals.push({
              labelId: o.labelId,
              kind: 'mask',
              geometry: { kind: 'mask', box: rleToBox(step.rle) },
              rle: step.rle,
              source: 'model',
              modelId: propagator.modelId,
              promptId: null,
              score: Math.min(1, Math.max(0, step.score)),
              reviewState: 'proposed',
              modelPrompt: spec.prompt,
            });
          });
          const last = k === spec[dir].length - 1;
          const gap = spec.gaps?.[dir];
          if (last && kept.length > 0)
            note(
              kept,
              gap
                ? `Propagated ${dir} to frame ${frame}; ${gap}.`
                : `Propagated ${dir} to frame ${frame}, the last frame asked for.`,
            );
          return {
            proposals,
            // Inside the transaction that marks the frame done: the new masks join their tracks, replacing
            // the tracks' earlier proposals of the frame.
            write: (s) => s.writeSequences((repo) => repo.linkLatest(imageId, kept)),
          };
        },
        close: () => {
          tracking?.release();
          lease.release();
        },
      };
    },
  };
}
