import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../electron/inference/bedrock/converse';
import {
  planText,
  readPlanText,
  readRegionsText,
  regionsText,
} from '../../../electron/inference/bedrock/prompt-text';
import type { ChainContext } from '../../../shared/chains/validate';

describe('prompt text', () => {
  it('reads back a plan prompt', () => {
    const ctx: ChainContext = {
      detectors: [
        { name: 'picodet', classes: ['car', 'person'] },
        { name: 'grounded-sam', classes: null },
      ],
      segmenters: ['classical-v1'],
      labels: ['vehicle'],
    };
    const text = planText('segment all\n silver cars', ctx);
    expect(readPlanText(text)).toEqual({ request: 'segment all silver cars', ctx });
    expect(readPlanText('Describe the image.')).toBeNull();
  });

  it('reads back a regions prompt and the question after it', () => {
    const text = `${regionsText({ width: 1280, height: 720 }, [{ label: 'car', score: 0.876, box: [1.4, 2.6, 100.2, 50] }])}\nHow many cars?`;
    expect(readRegionsText(text)).toEqual({
      width: 1280,
      height: 720,
      regions: [{ label: 'car', score: 0.88, box: [1, 3, 100, 50] }],
      question: 'How many cars?',
    });
    expect(readRegionsText('How many cars?')).toBeNull();
  });
});

describe('parseJsonText', () => {
  it.each<[string, unknown]>([
    ['{"steps": []}', { steps: [] }],
    ['Here is the plan:\n```json\n{"a": 1}\n```\nDone.', { a: 1 }],
    ['```\n[1, 2]\n```', [1, 2]],
  ])('reads %j', (text, value) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value });
  });

  it.each<[string, RegExp]>([
    ['Sure! {steps: [', /in 'Sure! \{steps: \['$/],
    ['x'.repeat(200), /in 'x{80}…'$/],
  ])('refuses %j naming the text', (text, error) => {
    const out = parseJsonText(text);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(error);
  });
});
