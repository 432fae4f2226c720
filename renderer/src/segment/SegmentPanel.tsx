// The segment section beside the canvas of one image: which engine answers clicks and why (with a way to the
// models settings), what the last click did (progress, time, errors), and the detector's buttons. Mounting it
// wires the canvas to the segmenter: prompts of this image are sent as they change, and the image and the
// next ones are prepared (SAM encoder) in the background.
import { useEffect, useRef, useState } from 'react';
import type { SegmentStatus } from '../../../shared/api/segment';
import type { Label } from '../../../shared/domain';
import { plural } from '../../../shared/counts';
import { api } from '../api';
import { viewStore } from '../canvas/view-store';
import { Icon } from '../components/Icon';
import { activeCandidate, setNotice } from '../editor/editor-state';
import { editorStore, setCandidates, updateEditor, useEditor } from '../editor/editor-store';
import { neighborOf } from '../state/commands';
import { DetectControls } from './DetectControls';
import { startHoverPreview } from './hover-preview';
import { ModelsDialog } from './ModelsDialog';
import { PointHelpers } from './PointHelpers';
import { Reason } from './Reason';
import { startSegmentController, type SegmentActivity } from './segment-controller';
import { hoverEnabled, inViewEnabled, segmentPrefs } from './segment-prefs';
import { segmentView } from './segment-view';
import './segment.css';

/** Images prepared ahead of the one on screen. */
const PREPARE_AHEAD = 2;

const ENGINE_NAMES: Record<string, string> = {
  'sam-onnx': 'SAM (ONNX)',
  classical: 'Classical',
  'picodet-onnx': 'PicoDet',
};
const engineName = (engine: string | null) => (engine ? (ENGINE_NAMES[engine] ?? engine) : 'None');

/**
 * Sends the open prompt of this image to the segmenter while it is on screen, from the visible crop when
 * 'segment in view' applies, and runs the hover preview; returns what the last call did.
 */
function useSegmentWiring(
  project: string,
  imageId: number,
  engine: string | null,
): { activity: SegmentActivity; lastClickMs: number | null } {
  // Kept with the image it is about, so another image starts idle without a reset in the effect.
  const [last, setLast] = useState<{ imageId: number; activity: SegmentActivity } | null>(null);
  // The round trip of the last click on any image: what tells whether hovering can keep up.
  const [lastClickMs, setLastClickMs] = useState<number | null>(null);
  // Read when each request is sent, so changing them does not restart the wiring.
  const live = useRef({ engine, lastClickMs });
  useEffect(() => {
    live.current = { engine, lastClickMs };
  }, [engine, lastClickMs]);
  useEffect(() => {
    const view = () => {
      const { view, stage, image } = viewStore.get();
      return inViewEnabled(segmentPrefs.get().inView, live.current.engine)
        ? segmentView(view, stage, image)
        : null;
    };
    const editor = { get: editorStore.get, subscribe: editorStore.subscribe, setCandidates };
    const controller = startSegmentController({
      view,
      api: api.segment,
      editor,
      project,
      imageId,
      onActivity: (a) => {
        setLast({ imageId, activity: a });
        if (a.kind === 'done') setLastClickMs(a.ms);
        if (a.kind === 'error')
          updateEditor((s) => (s.imageId === imageId ? setNotice(s, { kind: 'error', text: a.message }) : s));
      },
    });
    const hover = startHoverPreview({
      api: api.segment,
      editor,
      project,
      imageId,
      image: () => ({ width: viewStore.get().image.w, height: viewStore.get().image.h }),
      enabled: () => hoverEnabled(segmentPrefs.get().hover, live.current.lastClickMs),
      busy: () => controller.busy(),
      view,
    });
    return () => {
      hover.stop();
      controller.stop();
    };
  }, [project, imageId]);

  useEffect(() => {
    let live = true;
    // Preparing is only a head start: a failure here shows up, with its reason, on the first click.
    const prepare = (imageIds: number[]) => api.segment.prepare({ project, imageIds }).catch(() => undefined);
    void (async () => {
      await prepare([imageId]);
      const ahead: number[] = [];
      let at = imageId;
      while (live && ahead.length < PREPARE_AHEAD) {
        const next = await neighborOf(project, at, 'next').catch(() => null);
        if (next === null) break;
        ahead.push(next);
        at = next;
      }
      if (live && ahead.length > 0) await prepare([imageId, ...ahead]);
    })();
    return () => {
      live = false;
    };
  }, [project, imageId]);
  return { activity: last?.imageId === imageId ? last.activity : IDLE, lastClickMs };
}

const IDLE: SegmentActivity = { kind: 'idle' };

/** The engines' status; `refresh` asks again (the models folder changed, a download finished). */
function useSegmentStatus(): { status: SegmentStatus | null | Error; refresh: () => void } {
  const [status, setStatus] = useState<SegmentStatus | null | Error>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    api.segment.status({}).then(
      (s) => live && setStatus(s),
      (err: unknown) => live && setStatus(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      live = false;
    };
  }, [asked]);
  return { status, refresh: () => setAsked((n) => n + 1) };
}

export function SegmentPanel({
  project,
  imageId,
  labels,
}: {
  project: string;
  imageId: number;
  labels: readonly Label[];
}) {
  const { status, refresh } = useSegmentStatus();
  const engine = status && !(status instanceof Error) ? status.segmenter.engine : null;
  const { activity, lastClickMs } = useSegmentWiring(project, imageId, engine);
  const [models, setModels] = useState(false);
  return (
    <section className="panel-section segment-panel" data-testid="segment-panel">
      <h3 className="side-title">Segment</h3>
      <EngineBadge status={status} onModels={() => setModels(true)} />
      <ActivityLine activity={activity} />
      <ShapeGuessNote />
      <PointHelpers engine={engine} lastClickMs={lastClickMs} />
      <DetectControls project={project} imageId={imageId} labels={labels} status={status} />
      {models && <ModelsDialog onClose={() => setModels(false)} onChanged={refresh} />}
    </section>
  );
}

function EngineBadge({ status, onModels }: { status: SegmentStatus | null | Error; onModels: () => void }) {
  if (status === null) return <div className="skeleton-line" />;
  if (status instanceof Error)
    return (
      <div className="segment-engine error" data-testid="segment-engine">
        <Icon name="alert" size={14} /> {status.message}
      </div>
    );
  const { segmenter } = status;
  const sam = segmenter.engine === 'sam-onnx';
  return (
    <div className="segment-engine" data-testid="segment-engine" data-engine={segmenter.engine ?? ''}>
      <div className="segment-engine-head">
        <span className={`engine-chip ${sam ? 'sam' : segmenter.engine ? 'fallback' : 'none'}`}>
          <span className="engine-dot" aria-hidden="true" />
          {engineName(segmenter.engine)}
        </span>
        {segmenter.modelId && <span className="mono small muted">{segmenter.modelId}</span>}
        <button
          type="button"
          className="btn btn-ghost small segment-models-link"
          onClick={onModels}
          title={`Models folder: ${status.modelsDir} (${status.modelsDirSource})`}
          data-testid="segment-models-link"
        >
          <Icon name="settings" size={12} /> Models
        </button>
      </div>
      <Reason text={segmenter.reason} testId="segment-reason" />
    </div>
  );
}

/** Says when the candidate on screen is the engine's guess of the shape rather than a cut of the pixels. */
function ShapeGuessNote() {
  const guess = useEditor((s) => (s ? activeCandidate(s)?.shapeGuess === true : false));
  if (!guess) return null;
  return (
    <p className="segment-shape-guess small" data-testid="segment-shape-guess">
      <span className="tag">shape guess</span> The engine found no clear outline and drew the box&apos;s
      likely shape. Add clicks to cut it, or use SAM.
    </p>
  );
}

function ActivityLine({ activity }: { activity: SegmentActivity }) {
  const hasCandidates = useEditor((s) => s?.candidates != null);
  switch (activity.kind) {
    case 'idle':
      return (
        <p className="segment-activity muted small" data-testid="segment-activity" data-state="idle">
          Click an object with the point tool (P), right-click to exclude; or drag a box (B).
        </p>
      );
    case 'running':
      return (
        <p className="segment-activity small" data-testid="segment-activity" data-state="running">
          <span className="spinner tiny" aria-hidden="true" /> Segmenting
          {activity.box ? ' the box' : ''}
          {activity.points > 0 ? ` (${plural(activity.points, 'point')})` : ''}…
        </p>
      );
    case 'done':
      return (
        <p
          className="segment-activity small"
          data-testid="segment-activity"
          data-state="done"
          data-ms={Math.round(activity.ms)}
          data-server-ms={Math.round(activity.serverMs)}
          data-engine-ms={Math.round(activity.engineMs)}
          title={`Engine ${Math.round(activity.engineMs)} ms, studio ${Math.round(activity.serverMs)} ms, round trip ${Math.round(activity.ms)} ms`}
        >
          {activity.candidates === 0 ? (
            'No mask found for this prompt.'
          ) : (
            <>
              <Icon name="check" size={12} /> {plural(activity.candidates, 'mask')} in{' '}
              <b className="tabular">{Math.round(activity.ms)} ms</b>
              {activity.refined ? ' · refined' : ''}
              {activity.view
                ? ` · in view (${activity.view[2] - activity.view[0]}x${activity.view[3] - activity.view[1]})`
                : ''}
              {hasCandidates && (
                <span className="segment-keys muted">
                  {activity.candidates > 1 ? 'Tab cycles, ' : ''}Enter accepts, Esc drops
                </span>
              )}
            </>
          )}
        </p>
      );
    case 'restored':
      return (
        <p className="segment-activity small" data-testid="segment-activity" data-state="restored">
          <Icon name="check" size={12} /> {plural(activity.candidates, 'mask')} of this prompt, as before
          {hasCandidates && (
            <span className="segment-keys muted">
              {activity.candidates > 1 ? 'Tab cycles, ' : ''}Enter accepts, Esc drops
            </span>
          )}
        </p>
      );
    case 'error':
      return (
        <p className="segment-activity error small" data-testid="segment-activity" data-state="error">
          <Icon name="alert" size={12} /> {activity.message}
        </p>
      );
  }
}
