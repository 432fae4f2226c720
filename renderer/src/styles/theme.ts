import type { Theme } from '../../../shared/domain';

const KEY = 'vps.theme';

/** Sets the theme on <html> and remembers it, so the next start paints in the right colours at once. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be off; the settings call sets the theme anyway.
  }
}

export function rememberedTheme(): Theme {
  try {
    return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}
