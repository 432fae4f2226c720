// Above the canvas: the tools, the active label, fill opacity, brush size, undo/redo and zoom. Below it: the
// model's candidates (when there are some) and one line saying what to do next, or why something was refused.
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { Label } from '../../../shared/domain';
import { actionTitle } from '../components/Kbd';
import { activeCandidate, isMaskDisplay, setBrushSize, setOpacity } from '../editor/editor-state';
import {
  chooseLabel,
  chooseMaskDisplay,
  chooseTool,
  confirm,
  cycleCandidate,
  redoEdit,
  undoEdit,
  updateEditor,
  useEditor,
} from '../editor/editor-store';
import { TOOLS, toolById } from '../editor/tools';
import { labelColor } from './colors';
import { ToolIcon } from './ToolIcon';
import { actualSize, fit, useView, zoomIn, zoomOut } from './view-store';

/** A button that does not take the focus: Space (pan) and Enter must keep reaching the canvas shortcuts. */
function ToolbarButton(props: ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type="button" onMouseDown={(e) => e.preventDefault()} {...props} />;
}

/** A labelled slider that hands the keyboard back to the shortcuts once let go. */
function SliderField(props: {
  label: string;
  title: string;
  min: number;
  max: number;
  step?: number;
  value: number;
  onChange: (value: number) => void;
  testId: string;
  ariaLabel: string;
  children?: ReactNode;
}) {
  return (
    <label className="canvas-field" title={props.title}>
      <span className="muted small">{props.label}</span>
      <input
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
        onPointerUp={(e) => e.currentTarget.blur()}
        data-testid={props.testId}
        aria-label={props.ariaLabel}
      />
      {props.children}
    </label>
  );
}

export function CanvasToolbar({ labels }: { labels: readonly Label[] }) {
  const tool = useEditor((s) => s?.tool ?? 'select');
  const labelId = useEditor((s) => s?.labelId ?? null);
  const opacity = useEditor((s) => s?.opacity ?? 0.45);
  const maskDisplay = useEditor((s) => s?.maskDisplay ?? 'fill-outline');
  const brushSize = useEditor((s) => s?.brushSize ?? 24);
  const canUndo = useEditor((s) => (s?.past.length ?? 0) > 0);
  const canRedo = useEditor((s) => (s?.future.length ?? 0) > 0);
  const scale = useView((s) => s.view.scale);

  return (
    <div className="canvas-toolbar" data-testid="canvas-toolbar">
      <div className="segmented tool-group" role="radiogroup" aria-label="Tool">
        {TOOLS.map((t) => (
          <ToolbarButton
            key={t.id}
            role="radio"
            aria-checked={tool === t.id}
            className={tool === t.id ? 'active' : undefined}
            title={actionTitle(`tool.${t.id}`)}
            onClick={() => chooseTool(t.id)}
            data-testid={`tool-${t.id}`}
          >
            <ToolIcon name={t.id} />
          </ToolbarButton>
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
      <SliderField
        label="Fill"
        title="Fill opacity"
        min={0}
        max={1}
        step={0.05}
        value={opacity}
        onChange={(v) => updateEditor((s) => setOpacity(s, v))}
        testId="opacity"
        ariaLabel="Fill opacity"
      />
      <label className="canvas-field" title="How masks and polygons are drawn">
        <select
          className="input input-sm mask-display"
          value={maskDisplay}
          onChange={(e) => {
            if (isMaskDisplay(e.target.value)) chooseMaskDisplay(e.target.value);
            e.target.blur();
          }}
          data-testid="mask-display"
          aria-label="Show masks as"
        >
          <option value="fill-outline">Fill + outline</option>
          <option value="outline">Outline only</option>
          <option value="fill">Fill only</option>
        </select>
      </label>
      {(tool === 'brush' || tool === 'eraser') && (
        <SliderField
          label="Size"
          title="Brush size in image pixels ([ and ])"
          min={1}
          max={200}
          value={brushSize}
          onChange={(v) => updateEditor((s) => setBrushSize(s, v))}
          testId="brush-size"
          ariaLabel="Brush size"
        >
          <span className="tabular small">{brushSize}</span>
        </SliderField>
      )}
      <span className="toolbar-spacer" />
      <ToolbarButton
        className="btn btn-ghost btn-icon"
        onClick={undoEdit}
        disabled={!canUndo}
        title={actionTitle('edit.undo')}
        data-testid="undo"
      >
        <ToolIcon name="undo" />
      </ToolbarButton>
      <ToolbarButton
        className="btn btn-ghost btn-icon"
        onClick={redoEdit}
        disabled={!canRedo}
        title={actionTitle('edit.redo')}
        data-testid="redo"
      >
        <ToolIcon name="redo" />
      </ToolbarButton>
      <div className="zoom-group">
        <ToolbarButton
          className="btn btn-ghost btn-icon"
          onClick={zoomOut}
          title={actionTitle('view.zoomOut')}
        >
          −
        </ToolbarButton>
        <span className="zoom-value tabular" data-testid="zoom-value">
          {Math.round(scale * 100)}%
        </span>
        <ToolbarButton className="btn btn-ghost btn-icon" onClick={zoomIn} title={actionTitle('view.zoomIn')}>
          +
        </ToolbarButton>
        <ToolbarButton className="btn btn-ghost" onClick={fit} title={actionTitle('view.fit')}>
          Fit
        </ToolbarButton>
        <ToolbarButton className="btn btn-ghost" onClick={actualSize} title={actionTitle('view.actual')}>
          1:1
        </ToolbarButton>
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
          <ToolbarButton className="btn btn-ghost btn-sm" onClick={() => cycleCandidate(-1)}>
            ‹
          </ToolbarButton>
          Mask {ed.candidates.active + 1}/{ed.candidates.items.length} · score {candidate.score.toFixed(2)}
          <ToolbarButton className="btn btn-ghost btn-sm" onClick={() => cycleCandidate(1)}>
            ›
          </ToolbarButton>
          <ToolbarButton className="btn btn-primary btn-sm" onClick={confirm} data-testid="accept-candidate">
            Accept
          </ToolbarButton>
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
