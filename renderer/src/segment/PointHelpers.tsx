// The two helpers of the point tool, each Auto / On / Off with what it does right now in words: the hover
// preview (auto: when the engine answered the last click in under 80 ms) and 'segment in view' (auto: for SAM
// engines, when zoomed in on a large image; clicks are then answered from the visible crop).
import { useView } from '../canvas/view-store';
import {
  HOVER_FAST_MS,
  hoverEnabled,
  inViewEnabled,
  setSegmentPref,
  useSegmentPrefs,
  type PrefMode,
  type SegmentPrefs,
} from './segment-prefs';
import { MAX_VISIBLE_SHARE, MIN_IMAGE_SIDE, segmentView } from './segment-view';

const MODES: { mode: PrefMode; text: string }[] = [
  { mode: 'auto', text: 'Auto' },
  { mode: 'on', text: 'On' },
  { mode: 'off', text: 'Off' },
];

function ModeSwitch({ name, pref, value }: { name: string; pref: keyof SegmentPrefs; value: PrefMode }) {
  return (
    <div className="segmented small" role="radiogroup" aria-label={name} data-testid={`segment-${pref}-mode`}>
      {MODES.map(({ mode, text }) => (
        <button
          key={mode}
          type="button"
          role="radio"
          aria-checked={value === mode}
          className={value === mode ? 'active' : undefined}
          onClick={() => setSegmentPref(pref, mode)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

export function PointHelpers({ engine, lastClickMs }: { engine: string | null; lastClickMs: number | null }) {
  const prefs = useSegmentPrefs();
  const view = useView((s) => s.view);
  const stage = useView((s) => s.stage);
  const image = useView((s) => s.image);
  const hovering = hoverEnabled(prefs.hover, lastClickMs);
  const inView = inViewEnabled(prefs.inView, engine);
  const region = inView ? segmentView(view, stage, image) : null;

  const hoverWhy =
    prefs.hover !== 'auto'
      ? hovering
        ? 'on: moving the point tool shows the mask a click would give'
        : 'off'
      : lastClickMs === null
        ? `auto: on once a click is answered in under ${HOVER_FAST_MS} ms`
        : `auto: ${hovering ? 'on' : 'off'}, the last click took ${Math.round(lastClickMs)} ms (${hovering ? 'under' : 'over'} ${HOVER_FAST_MS})`;
  const viewWhy = !inView
    ? prefs.inView === 'off'
      ? 'off: clicks are answered from the whole image'
      : 'auto: for SAM engines only (the active one works at full resolution)'
    : region
      ? `active: clicks use the visible ${region[2] - region[0]}x${region[3] - region[1]} px region` +
        (engine?.includes('sam') ? '' : ' (the classical engine cuts worse from a crop the object fills)')
      : `waiting: zoom in on an image over ${MIN_IMAGE_SIDE} px until under ${MAX_VISIBLE_SHARE * 100}% of it shows`;

  return (
    <div className="segment-helpers" data-testid="segment-helpers">
      <div className="segment-helper" data-testid="segment-hover" data-on={hovering}>
        <span className="segment-helper-name small">Hover preview</span>
        <ModeSwitch name="Hover preview" pref="hover" value={prefs.hover} />
        <p className="muted small">{hoverWhy}</p>
      </div>
      <div className="segment-helper" data-testid="segment-in-view" data-on={region !== null}>
        <span className="segment-helper-name small">Segment in view</span>
        <ModeSwitch name="Segment in view" pref="inView" value={prefs.inView} />
        <p className="muted small">{viewWhy}</p>
      </div>
    </div>
  );
}
