// Shortcut bindings as text: modifiers joined by '+', then one key, e.g. 'd', 'shift+d', 'mod+,', 'ArrowRight',
// '?'. 'mod' is Cmd on macOS and Ctrl elsewhere. Letters compare case-insensitively, and shift must match for
// them; for other printable keys shift is ignored unless the binding names it ('?' needs shift on most layouts).

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface ParsedBinding {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export function parseBinding(binding: string): ParsedBinding {
  // A binding of '+' itself ends with '+'; split from the left only up to the last key.
  const parts = binding.split('+');
  let key = parts.pop() ?? '';
  if (key === '' && binding.endsWith('+')) key = '+';
  const mods = new Set(parts.filter(Boolean).map((p) => p.toLowerCase()));
  for (const m of mods) {
    if (m !== 'mod' && m !== 'shift' && m !== 'alt')
      throw new Error(`Unknown modifier '${m}' in '${binding}'`);
  }
  return {
    key: key.length === 1 ? key.toLowerCase() : key,
    mod: mods.has('mod'),
    shift: mods.has('shift'),
    alt: mods.has('alt'),
  };
}

/** The same shortcut always normalises to the same text, so duplicates can be found. */
export function normalizeBinding(binding: string): string {
  const b = parseBinding(binding);
  return [b.mod && 'mod', b.alt && 'alt', b.shift && 'shift', b.key].filter(Boolean).join('+');
}

const isLetter = (key: string) => /^[a-z]$/i.test(key);

export function matchesBinding(binding: string, event: KeyLike): boolean {
  const b = parseBinding(binding);
  const mod = event.ctrlKey || event.metaKey;
  if (mod !== b.mod || event.altKey !== b.alt) return false;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key !== b.key) return false;
  if (isLetter(b.key) || event.key.length > 1) return event.shiftKey === b.shift;
  return b.shift ? event.shiftKey : true;
}

const KEY_NAMES: Record<string, string> = {
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
  Enter: 'Enter',
  ' ': 'Space',
  Delete: 'Del',
  Backspace: '⌫',
};

/** The key caps to show for a binding: ['Ctrl', 'Shift', 'D'] or ['⌘', '⇧', 'D'] on a Mac. */
export function bindingCaps(binding: string, mac: boolean): string[] {
  const b = parseBinding(binding);
  const caps: string[] = [];
  if (b.mod) caps.push(mac ? '⌘' : 'Ctrl');
  if (b.alt) caps.push(mac ? '⌥' : 'Alt');
  if (b.shift) caps.push(mac ? '⇧' : 'Shift');
  caps.push(KEY_NAMES[b.key] ?? (b.key.length === 1 ? b.key.toUpperCase() : b.key));
  return caps;
}

export function bindingText(binding: string, mac: boolean): string {
  return bindingCaps(binding, mac).join(mac ? '' : '+');
}

export const IS_MAC =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
