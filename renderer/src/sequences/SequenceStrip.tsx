// The timeline strip under the canvas when the open image is a frame of a sequence: one cell per frame (which
// have annotations, which have proposals to review, which interpolated boxes), previous / play / next with
// their keys, and the selected annotation's track (key and label editable; new, leave, interpolate,
// propagate). Renders nothing for an image in no sequence.
import { useEffect, useState, type ReactNode } from 'react';
import type { SequenceFrame, Track } from '../../../shared/api/sequences';
import type { Annotation, Label } from '../../../shared/domain';
import { Icon } from '../components/Icon';
import { actionTitle, ActionKbd } from '../components/Kbd';
import { useEditor } from '../editor/editor-store';
import { clearSequence, goToFrame, loadSequence, stepFrame, togglePlay, useSequence } from './sequence-store';
import {
  interpolateTrack,
  joinTrack,
  leaveTrack,
  mergeTracks,
  newTrack,
  propagate,
  rekeyTrack,
  relabelTrack,
  splitTrack,
} from './track-commands';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function frameTitle(f: SequenceFrame): string {
  const parts = [`Frame ${f.frame}`];
  if (f.missing) parts.push('its file is missing');
  parts.push(f.annotations === 0 ? 'no annotations' : plural(f.annotations, 'annotation'));
  if (f.proposals > 0) parts.push(`${f.proposals} to review`);
  if (f.interpolated > 0) parts.push(`${f.interpolated} interpolated`);
  return parts.join(' · ');
}

export function SequenceStrip({
  project,
  imageId,
  labels,
}: {
  project: string;
  imageId: number;
  labels: Label[];
}) {
  const view = useSequence((s) => (s?.project === project ? s : null));
  // Counts change with every save on the frame: reload when the editor's annotations do.
  const revision = useEditor((s) => (s?.imageId === imageId ? s.annotations : null));
  useEffect(() => {
    void loadSequence(project, imageId);
  }, [project, imageId, revision]);
  // Kept while the next frame loads (no flicker while stepping or playing); gone with the image view.
  useEffect(() => () => clearSequence(), []);

  if (!view?.sequence) return null;
  const { sequence, frames } = view;
  const index = frames.findIndex((f) => f.imageId === imageId);
  return (
    <div className="seq-strip" data-testid="sequence-strip" data-sequence={sequence.name}>
      <div className="seq-head">
        <Icon name="layers" size={14} />
        <span className="seq-name" title={sequence.name}>
          {sequence.name}
        </span>
        <span className="seq-pos" data-testid="sequence-position">
          Frame {frames[index]?.frame ?? view.frame} · {index + 1} of {frames.length}
        </span>
        <div className="seq-controls">
          <button
            type="button"
            className="btn btn-ghost small"
            onClick={() => stepFrame('prev')}
            disabled={index <= 0}
            title={actionTitle('frame.prev')}
            data-testid="frame-prev"
          >
            <Icon name="chevronLeft" size={14} /> <ActionKbd id="frame.prev" />
          </button>
          <button
            type="button"
            className="btn small"
            onClick={togglePlay}
            title={actionTitle('frame.play')}
            data-testid="frame-play"
            aria-pressed={view.playing}
          >
            <Icon name={view.playing ? 'pause' : 'play'} size={14} /> {view.playing ? 'Pause' : 'Play'}{' '}
            <ActionKbd id="frame.play" />
          </button>
          <button
            type="button"
            className="btn btn-ghost small"
            onClick={() => stepFrame('next')}
            disabled={index >= frames.length - 1}
            title={actionTitle('frame.next')}
            data-testid="frame-next"
          >
            <ActionKbd id="frame.next" /> <Icon name="chevronRight" size={14} />
          </button>
        </div>
        <span className="seq-legend">
          <i className="seq-key has-annotations" /> annotated
          <i className="seq-key has-proposals" /> to review
          <i className="seq-key has-interpolated" /> interpolated
        </span>
        {sequence.problems.map((p) => (
          <span key={p} className="badge warn" title={p}>
            {p}
          </span>
        ))}
      </div>
      <div className="seq-frames" role="listbox" aria-label="Frames" data-testid="sequence-frames">
        {frames.map((f, i) => (
          <FrameCell key={f.imageId} before={frames[i - 1]} frame={f}>
            <button
              type="button"
              role="option"
              aria-selected={f.imageId === imageId}
              className={[
                'seq-cell',
                f.imageId === imageId && 'current',
                f.annotations > 0 && 'has-annotations',
                f.proposals > 0 && 'has-proposals',
                f.interpolated > 0 && 'has-interpolated',
                f.missing && 'missing',
              ]
                .filter(Boolean)
                .join(' ')}
              title={frameTitle(f)}
              onClick={() => goToFrame(project, f.imageId)}
              data-testid={`frame-cell-${f.frame}`}
            >
              <span className="seq-cell-number">{f.frame}</span>
            </button>
          </FrameCell>
        ))}
      </div>
      <TrackBox
        project={project}
        imageId={imageId}
        labels={labels}
        tracks={view.tracks}
        sequenceId={sequence.id}
      />
    </div>
  );
}

/** A frame's cell, after a gap mark when frame numbers are missing between it and the one before. */
function FrameCell({
  before,
  frame,
  children,
}: {
  before: SequenceFrame | undefined;
  frame: SequenceFrame;
  children: ReactNode;
}) {
  const missing = before ? frame.frame - before.frame - 1 : 0;
  if (missing <= 0) return children;
  const from = before!.frame + 1;
  const text =
    missing === 1 ? `Frame ${from} is missing` : `Frames ${from}–${frame.frame - 1} are missing (${missing})`;
  return (
    <>
      <span className="seq-gap" title={text} aria-label={text} data-testid={`frame-gap-${from}`}>
        <span className="seq-gap-dots">⋯</span>
      </span>
      {children}
    </>
  );
}

function TrackBox(props: {
  project: string;
  imageId: number;
  labels: Label[];
  tracks: Track[];
  sequenceId: number;
}) {
  const { project, labels, tracks, sequenceId } = props;
  const selected = useEditor((s) => {
    if (s?.imageId !== props.imageId || s.selection.length !== 1) return null;
    return s.annotations.find((a) => a.id === s.selection[0]) ?? null;
  });
  const member = useSequence((s) => s?.members.find((m) => m.annotationId === selected?.id) ?? null);
  const frame = useSequence((s) => s?.frames.find((f) => f.imageId === props.imageId)?.frame ?? null);
  const [frames, setFrames] = useState(10);
  const [direction, setDirection] = useState<Direction>('forward');

  if (!selected || selected.id < 0)
    return (
      <div className="seq-track muted" data-testid="track-box">
        Select an annotation to see or set its track.
      </div>
    );
  const track = member && tracks.find((t) => t.id === member.trackId);
  const propagateProblem = whyNotPropagate(selected);
  return (
    <div className="seq-track" data-testid="track-box">
      {track ? (
        <>
          <span className="seq-track-title">Track</span>
          <TrackKeyInput key={`${track.id}:${track.key}`} project={project} track={track} />
          <select
            className="input narrow"
            aria-label="Track label"
            value={track.labelId ?? ''}
            onChange={(e) => void relabelTrack(project, track.id, Number(e.target.value))}
            data-testid="track-label"
          >
            {track.labelId === null && <option value="">No label</option>}
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <span className="seq-track-span" data-testid="track-span">
            {plural(track.frames, 'frame')}
            {track.first !== null && ` (${track.first}–${track.last})`}
          </span>
          {member.interpolated && (
            <span className="badge warn" data-testid="track-interpolated">
              Interpolated
            </span>
          )}
          <button
            type="button"
            className="btn small"
            onClick={() => void interpolateTrack(project, sequenceId, track.id)}
            title="Propose boxes on the frames between this track's accepted keyframes"
            data-testid="track-interpolate"
          >
            Interpolate
          </button>
          <button
            type="button"
            className="btn btn-ghost small"
            disabled={frame === null || track.first === null || frame <= track.first}
            title="This frame and the later ones become a new track"
            onClick={() => frame !== null && void splitTrack(project, track.id, frame)}
            data-testid="track-split"
          >
            Split here
          </button>
          {tracks.length > 1 && (
            <select
              className="input narrow"
              aria-label="Merge a track into this one"
              value=""
              onChange={(e) => void mergeTracks(project, track.id, Number(e.target.value))}
              data-testid="track-merge"
            >
              <option value="">Merge in…</option>
              {tracks
                .filter((t) => t.id !== track.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.key} · {labels.find((l) => l.id === t.labelId)?.name ?? 'no label'}
                  </option>
                ))}
            </select>
          )}
          <button
            type="button"
            className="btn btn-ghost small"
            onClick={() => void leaveTrack(project, selected.id)}
            data-testid="track-leave"
          >
            Leave track
          </button>
        </>
      ) : (
        <>
          <span className="seq-track-title">No track</span>
          <button
            type="button"
            className="btn small"
            onClick={() => void newTrack(project, selected.id)}
            data-testid="track-new"
          >
            <Icon name="plus" size={12} /> New track
          </button>
          {tracks.length > 0 && (
            <select
              className="input narrow"
              aria-label="Join a track"
              value=""
              onChange={(e) => void joinTrack(project, selected.id, Number(e.target.value))}
              data-testid="track-join"
            >
              <option value="">Join track…</option>
              {tracks.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.key} · {labels.find((l) => l.id === t.labelId)?.name ?? 'no label'}
                </option>
              ))}
            </select>
          )}
        </>
      )}
      <span className="seq-propagate">
        <input
          className="input narrow seq-frames-input"
          type="number"
          min={1}
          max={1000}
          value={frames}
          aria-label="Frames to propagate"
          onChange={(e) => setFrames(Math.max(1, Math.min(1000, Number(e.target.value) || 1)))}
          data-testid="propagate-frames"
        />
        <select
          className="input narrow"
          aria-label="Propagate to"
          value={direction}
          onChange={(e) => setDirection(e.target.value as Direction)}
          data-testid="propagate-direction"
        >
          {DIRECTIONS.map(([d, text]) => (
            <option key={d} value={d}>
              {text}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-primary small"
          disabled={propagateProblem !== null}
          title={propagateProblem ?? `Propose this object on ${frames} frames ${DIRECTION_WORDS[direction]}`}
          onClick={() =>
            void propagate(
              project,
              selected.id,
              direction === 'backward' ? 0 : frames,
              direction === 'forward' ? 0 : frames,
            )
          }
          data-testid="track-propagate"
        >
          <Icon name="sparkles" size={12} /> Propagate
        </button>
      </span>
      {track?.note && (
        <span className="seq-note" title={track.note} data-testid="track-note">
          {track.note}
        </span>
      )}
    </div>
  );
}

type Direction = 'forward' | 'backward' | 'both';
const DIRECTIONS: readonly [Direction, string][] = [
  ['forward', 'next frames'],
  ['backward', 'previous frames'],
  ['both', 'both ways'],
];
const DIRECTION_WORDS: Record<Direction, string> = {
  forward: 'after this one',
  backward: 'before this one',
  both: 'each side of this one',
};

/** The track's key, edited in place; saved on Enter or when the field loses focus. */
function TrackKeyInput({ project, track }: { project: string; track: Track }) {
  const [key, setKey] = useState(track.key);
  return (
    <input
      className="input narrow seq-key-input"
      value={key}
      aria-label="Track id"
      onChange={(e) => setKey(e.target.value)}
      onBlur={() => key.trim() && key !== track.key && void rekeyTrack(project, track.id, key.trim())}
      onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      data-testid="track-key"
    />
  );
}

function whyNotPropagate(a: Annotation): string | null {
  if (a.kind !== 'mask') return 'Propagation starts from a mask';
  if (a.reviewState !== 'accepted' && a.reviewState !== 'edited') return 'Accept the mask first';
  return null;
}
