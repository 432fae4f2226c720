// The user's choices for the two helpers of the point tool, kept in the browser: the hover preview and
// 'segment in view'. 'auto' lets the studio decide: hover when the engine answered the last click in under
// HOVER_FAST_MS; in view for SAM engines (the classical engine works at full resolution anyway).
import { createStore, useStore } from '../state/store';

export type PrefMode = 'auto' | 'on' | 'off';

export interface SegmentPrefs {
  hover: PrefMode;
  inView: PrefMode;
}

/** A click answered faster than this (round trip) makes hovering worth asking the engine for. */
export const HOVER_FAST_MS = 80;

const KEY = 'visprompt.segment.prefs';
const MODES: readonly PrefMode[] = ['auto', 'on', 'off'];
const DEFAULTS: SegmentPrefs = { hover: 'auto', inView: 'auto' };

function load(): SegmentPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<
      Record<keyof SegmentPrefs, unknown>
    >;
    const mode = (v: unknown, d: PrefMode) => (MODES.includes(v as PrefMode) ? (v as PrefMode) : d);
    return { hover: mode(saved.hover, DEFAULTS.hover), inView: mode(saved.inView, DEFAULTS.inView) };
  } catch {
    return DEFAULTS;
  }
}

export const segmentPrefs = createStore<SegmentPrefs>(
  typeof localStorage === 'undefined' ? DEFAULTS : load(),
);

export function setSegmentPref(key: keyof SegmentPrefs, mode: PrefMode): void {
  segmentPrefs.set((p) => ({ ...p, [key]: mode }));
  try {
    localStorage.setItem(KEY, JSON.stringify(segmentPrefs.get()));
  } catch {
    // Storage may be off (private windows): the choice lasts for this session only.
  }
}

export function useSegmentPrefs(): SegmentPrefs {
  return useStore(segmentPrefs, (p) => p);
}

/** Whether hovering asks the engine: forced on or off, or automatic when the last click was fast. */
export function hoverEnabled(mode: PrefMode, lastClickMs: number | null): boolean {
  if (mode !== 'auto') return mode === 'on';
  return lastClickMs !== null && lastClickMs < HOVER_FAST_MS;
}

/** Whether clicks are answered from the visible crop when zoomed in: forced, or automatic for SAM engines. */
export function inViewEnabled(mode: PrefMode, engine: string | null): boolean {
  if (mode !== 'auto') return mode === 'on';
  return engine !== null && engine.includes('sam');
}
