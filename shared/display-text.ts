// Names as the screen shows them. The characters that reorder or hide text (bidi embeddings, overrides,
// isolates and marks) are shown by their abbreviation, so a label "car\u202Egpj.exe" cannot pose as
// "carexe.jpg" and a file name cannot run its text backwards; what is stored and exported stays as given.

const BIDI_CONTROLS: Record<string, string> = {
  '\u061C': 'ALM',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
};
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` with each bidi control character shown as ⟨ABBR⟩ (⟨RLO⟩ for U+202E). */
export const revealBidiControls = (text: string): string =>
  text.replace(BIDI_CONTROL, (c) => `⟨${BIDI_CONTROLS[c]}⟩`);
