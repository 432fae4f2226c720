// The detector under the segment panel: 'Detect cars / people / traffic lights' (the local PicoDet) and a text
// prompt for the Grounded-SAM endpoint of Settings. Answers become proposals in the editor, one undoable step.
import { useState, type FormEvent } from 'react';
import type { SegmentStatus } from '../../../shared/api/segment';
import type { Label } from '../../../shared/domain';
import { api } from '../api';
import { Icon } from '../components/Icon';
import { editorStore, runEdit } from '../editor/editor-store';
import { DETECT_TARGETS, proposeDetections } from './proposals';
import { Reason } from './Reason';

type Outcome = { imageId: number; kind: 'info' | 'error'; text: string };

/** What was asked, and how to speak of what it finds. */
interface Request {
  id: string;
  classes?: string[];
  text?: string;
  one: string;
  many: string;
}

export function DetectControls({
  project,
  imageId,
  labels,
  status,
}: {
  project: string;
  imageId: number;
  labels: readonly Label[];
  status: SegmentStatus | null | Error;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setOutcome] = useState<Outcome | null>(null);
  const [text, setText] = useState('');
  const outcome = said?.imageId === imageId ? said : null;
  const detector = status && !(status instanceof Error) ? status.detector : null;
  const unavailable = detector !== null && detector.engine === null;

  const detect = async (request: Request) => {
    setBusy(request.id);
    setOutcome(null);
    try {
      const { classes, text: prompt } = request;
      const result = await api.segment.detect({
        project,
        imageId,
        ...(classes ? { classes } : {}),
        ...(prompt ? { text: prompt } : {}),
      });
      const s = editorStore.get();
      if (!s || s.imageId !== imageId) return;
      const edit = proposeDetections(s, result.detections, labels, result.modelId, request.many);
      if (!edit.ok) return setOutcome({ imageId, kind: 'info', text: edit.reason });
      if (!runEdit(edit)) return;
      const n = edit.command.changes.length;
      const skipped = result.detections.length - n;
      setOutcome({
        imageId,
        kind: 'info',
        text: `${n} ${n === 1 ? request.one : request.many} proposed${skipped ? ` (${skipped} already on the image, skipped)` : ''} in ${Math.round(result.durationMs)} ms: select one and press Enter to accept it.`,
      });
    } catch (err) {
      setOutcome({ imageId, kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };

  const findText = (e: FormEvent) => {
    e.preventDefault();
    const phrase = text.trim();
    if (phrase) void detect({ id: 'text', text: phrase, one: 'object', many: 'objects' });
  };

  return (
    <div className="segment-detect">
      <div className="segment-detect-head small muted">
        Detect
        {detector?.modelId && <span className="mono"> · {detector.modelId}</span>}
      </div>
      <div className="segment-detect-buttons">
        {DETECT_TARGETS.map((t) => (
          <button
            key={t.id}
            type="button"
            className="btn small"
            disabled={busy !== null || unavailable}
            title={unavailable ? detector.reason : `Propose boxes of ${t.many} (local detector)`}
            onClick={() => void detect({ ...t, classes: [...t.classes] })}
            data-testid={`detect-${t.id}`}
          >
            {busy === t.id ? (
              <span className="spinner tiny" aria-hidden="true" />
            ) : (
              <Icon name="sparkles" size={12} />
            )}
            {t.label}
          </button>
        ))}
      </div>
      {unavailable && <Reason text={detector.reason} testId="detector-reason" />}
      <form className="segment-text" onSubmit={findText}>
        <input
          className="input input-sm"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="silver car . driving lane"
          aria-label="Find objects by text (Grounded-SAM endpoint)"
          title="Find objects by text with the Grounded-SAM endpoint of Settings; masks come back as proposals"
          maxLength={1000}
          data-testid="detect-text"
        />
        <button
          type="submit"
          className="btn small"
          disabled={busy !== null || text.trim() === ''}
          data-testid="detect-text-submit"
        >
          {busy === 'text' ? (
            <span className="spinner tiny" aria-hidden="true" />
          ) : (
            <Icon name="search" size={12} />
          )}
          Find
        </button>
      </form>
      {outcome && (
        <p className={`segment-activity small ${outcome.kind}`} data-testid="detect-outcome">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
