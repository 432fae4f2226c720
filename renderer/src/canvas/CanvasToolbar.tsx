// Above the canvas: the tools, the active label, fill opacity, brush size, undo/redo and zoom. Below it: the
// model's candidates (when there are some) and one line saying what to do next, or why something was refused.
import type { Label } from '../../../shared/domain';
import { actionTitle } from '../components/Kbd';
import { activeCandidate, setBrushSize, setOpacity } from '../editor/editor-state';
import {
  chooseLabel,
  chooseTool,
  confirm,
  cycleCandidate,
  redoEdit,
  undoEdit,
  updateEditor,
  useEditor,
} from '../editor/editor-store';
import { TOOLS, toolById } from '../tools';
import { labelColor } from './colors';
import { ToolIcon } from './ToolIcon';
import { actualSize, fit, useView, zoomIn, zoomOut } from './view-store';

/** Toolbar buttons do not take the focus: Space (pan) and Enter must keep reaching the canvas shortcuts. */
const keepFocus = (e: { preventDefault(): void }) => e.preventDefault();

export function CanvasToolbar({ labels }: { labels: readonly Label[] }) {
  const tool = useEditor((s) => s?.tool ?? 'select');
  const labelId = useEditor((s) => s?.labelId ?? null);
  const opacity = useEditor((s) => s?.opacity ?? 0.45);
  const brushSize = useEditor((s) => s?.brushSize ?? 24);
  const canUndo = useEditor((s) => (s?.past.length ?? 0) > 0);
  const canRedo = useEditor((s) => (s?.future.length ?? 0) > 0);
  const scale = useView((s) => s.view.scale);

  return (
    <div className="canvas-toolbar" data-testid="canvas-toolbar">
      <div className="segmented tool-group" role="radiogroup" aria-label="Tool">
        {TOOLS.map((t) => (
          <button
            key={t.id}
            type="button"
            onMouseDown={keepFocus}
            role="radio"
            aria-checked={tool === t.id}
            className={tool === t.id ? 'active' : undefined}
            title={actionTitle(`tool.${t.id}`)}
            onClick={() => chooseTool(t.id)}
            data-testid={`tool-${t.id}`}
          >
            <ToolIcon name={t.id} />
          </button>
        ))}
      </div>
      <label className="canvas-field" title="The label of new annotations (1-9)">
        <span
          className="swatch small"
          style={{ background: labelColor(labels, labelId) }}
          aria-hidden="true"
        />
        <select
          className="input input-sm"
          value={labelId ?? ''}
          onChange={(e) => {
            if (e.target.value) chooseLabel(Number(e.target.value));
            // Hand the keyboard back to the shortcuts (a focused field turns them off).
            e.target.blur();
          }}
          data-testid="active-label"
          aria-label="Active label"
        >
          {labels.length === 0 && <option value="">No labels yet</option>}
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.hotkey ? `${l.hotkey} · ` : ''}
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label className="canvas-field" title="Fill opacity">
        <span className="muted small">Fill</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={opacity}
          onChange={(e) => updateEditor((s) => setOpacity(s, Number(e.target.value)))}
          onPointerUp={(e) => e.currentTarget.blur()}
          data-testid="opacity"
          aria-label="Fill opacity"
        />
      </label>
      {(tool === 'brush' || tool === 'eraser') && (
        <label className="canvas-field" title="Brush size in image pixels ([ and ])">
          <span className="muted small">Size</span>
          <input
            type="range"
            min={1}
            max={200}
            value={brushSize}
            onChange={(e) => updateEditor((s) => setBrushSize(s, Number(e.target.value)))}
            onPointerUp={(e) => e.currentTarget.blur()}
            data-testid="brush-size"
            aria-label="Brush size"
          />
          <span className="tabular small">{brushSize}</span>
        </label>
      )}
      <span className="toolbar-spacer" />
      <button
        type="button"
        onMouseDown={keepFocus}
        className="btn btn-ghost btn-icon"
        onClick={undoEdit}
        disabled={!canUndo}
        title={actionTitle('edit.undo')}
        data-testid="undo"
      >
        <ToolIcon name="undo" />
      </button>
      <button
        type="button"
        onMouseDown={keepFocus}
        className="btn btn-ghost btn-icon"
        onClick={redoEdit}
        disabled={!canRedo}
        title={actionTitle('edit.redo')}
        data-testid="redo"
      >
        <ToolIcon name="redo" />
      </button>
      <div className="zoom-group">
        <button
          type="button"
          onMouseDown={keepFocus}
          className="btn btn-ghost btn-icon"
          onClick={zoomOut}
          title={actionTitle('view.zoomOut')}
        >
          −
        </button>
        <span className="zoom-value tabular" data-testid="zoom-value">
          {Math.round(scale * 100)}%
        </span>
        <button
          type="button"
          onMouseDown={keepFocus}
          className="btn btn-ghost btn-icon"
          onClick={zoomIn}
          title={actionTitle('view.zoomIn')}
        >
          +
        </button>
        <button
          type="button"
          onMouseDown={keepFocus}
          className="btn btn-ghost"
          onClick={fit}
          title={actionTitle('view.fit')}
        >
          Fit
        </button>
        <button
          type="button"
          onMouseDown={keepFocus}
          className="btn btn-ghost"
          onClick={actualSize}
          title={actionTitle('view.actual')}
        >
          1:1
        </button>
      </div>
    </div>
  );
}

export function CanvasStatus() {
  const ed = useEditor((s) => s);
  if (!ed) return <div className="canvas-status" />;
  const candidate = activeCandidate(ed);
  return (
    <div className="canvas-status" data-testid="canvas-status">
      {candidate && ed.candidates && (
        <span className="candidate-bar" data-testid="candidates">
          <button
            type="button"
            onMouseDown={keepFocus}
            className="btn btn-ghost btn-sm"
            onClick={() => cycleCandidate(-1)}
          >
            ‹
          </button>
          Mask {ed.candidates.active + 1}/{ed.candidates.items.length} · score {candidate.score.toFixed(2)}
          <button
            type="button"
            onMouseDown={keepFocus}
            className="btn btn-ghost btn-sm"
            onClick={() => cycleCandidate(1)}
          >
            ›
          </button>
          <button
            type="button"
            onMouseDown={keepFocus}
            className="btn btn-primary btn-sm"
            onClick={confirm}
            data-testid="accept-candidate"
          >
            Accept
          </button>
        </span>
      )}
      {ed.notice ? (
        <span className={`canvas-notice ${ed.notice.kind}`} role="status" data-testid="canvas-notice">
          {ed.notice.text}
        </span>
      ) : (
        <span className="canvas-hint muted" data-testid="canvas-hint">
          {toolById(ed.tool).hint(ed)}
        </span>
      )}
    </div>
  );
}
