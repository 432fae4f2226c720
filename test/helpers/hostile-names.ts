// Names a hostile or careless dataset carries: markup, a right-to-left override, line breaks, SQL-looking text,
// emoji and combining characters, and lengths past every limit. Shared by the names tests and the bad-input
// corpus (bad-input-corpus.ts).

/** Label, chain, sequence and track names, each within the API's length limits; [kind, name]. */
export const HOSTILE_NAMES = [
  ['markup', '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'],
  ['rtl-override', 'car\u202Egpj.exe'],
  ['newline', 'traffic\nlight\r\nsign\u2028pole\u0085end'],
  ['sql', "'); DROP TABLE images;--"],
  ['emoji-combining', '🚗 cafe\u0301 👩\u200d👩\u200d👧 Z\u0351\u0352\u0353'],
  ['quotes-and-escapes', '"quoted" \\back\\slash\\ %s %n {{x}} ${x}'],
  ['long-100', 'ω'.repeat(100)],
] as const;

/** A name far past any limit (10,000 characters). */
export const TOO_LONG_NAME = 'L'.repeat(10_000);

/**
 * Image file names (Linux takes any byte but '/' and NUL, 255 bytes at most): the same kinds as HOSTILE_NAMES,
 * plus names that start with a dash or a dot-dot and one of 250 bytes.
 */
export const HOSTILE_FILE_NAMES = [
  '<img src=x onerror=alert(1)>.png',
  'car\u202Egnp.png',
  'line\nbreak.png',
  "'); DROP TABLE images;--.png",
  '🚗 cafe\u0301 👩\u200d👩\u200d👧.png',
  '-rf --help.png',
  '..hidden-dots.png',
  `${'n'.repeat(246)}.png`,
] as const;
