import { describe, expect, it } from 'vitest';
import type { ChainCheckResult } from '../../../shared/api/chains';
import type { Chain } from '../../../shared/chains/schema';
import { checkOf, describeStep, parseJson } from '../../../renderer/src/chains/chain-text';

describe('describeStep', () => {
  it.each<[Chain['steps'][number], string]>([
    [{ op: 'boxes-to-points' }, 'boxes-to-points'],
    [
      { op: 'detect-class', model: 'auto', classes: ['car', 'person'] } as never,
      'detect-class (classes: car, person)',
    ],
    [
      { op: 'detect-class', model: 'yolo', classes: ['car'] } as never,
      'detect-class (model: yolo; classes: car)',
    ],
    [{ op: 'filter', minScore: 0.5, maxCount: 3 } as never, 'filter (minScore: 0.5; maxCount: 3)'],
  ])('%o reads "%s"', (step, line) => {
    expect(describeStep(step)).toBe(line);
  });
});

describe('checkOf', () => {
  const studioSays: ChainCheckResult = { ok: false, reasons: ['unknown label'], warnings: [] };
  const text = '{"steps":[]}';
  it.each<[string, string, ChainCheckResult | null, ChainCheckResult | null]>([
    ['nothing typed', '  ', null, null],
    ['the check of this very text', text, studioSays, studioSays],
    ['nothing while the check of an older text is shown', `${text} `, studioSays, null],
  ])('shows %s', (_, typed, serverResult, shown) => {
    const parsed = typed.trim() ? parseJson(typed) : null;
    expect(checkOf(typed, parsed, serverResult && { text, result: serverResult })).toEqual(shown);
  });

  it('says why text is not JSON before asking the studio', () => {
    const check = checkOf('{"steps": [', parseJson('{"steps": ['), null);
    expect(check).toMatchObject({ ok: false, warnings: [] });
    expect(check?.ok === false && check.reasons[0]).toMatch(/^Not valid JSON: /);
  });
});
