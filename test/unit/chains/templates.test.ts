import { describe, expect, it } from 'vitest';
import type { Region } from '../../../shared/chains/regions';
import { templateAnswer, templateCaption, templateQa } from '../../../shared/chains/templates';

const r = (label: string, box: Region['box']): Region => ({ label, score: 0.9, box });
const scene = [r('car', [0, 0, 100, 50]), r('car', [900, 0, 1200, 200]), r('person', [500, 100, 540, 200])];

describe('templates', () => {
  it('captions by counts', () => {
    expect(templateCaption(scene)).toBe('The image shows 2 cars and 1 person.');
    expect(templateCaption([])).toBe('The image shows no labelled objects.');
  });

  it('writes counting and position pairs', () => {
    expect(templateQa(scene, 1280)).toEqual([
      { question: 'How many cars are in the image?', answer: '2' },
      { question: 'How many people are in the image?', answer: '1' },
      { question: 'Where is the largest car?', answer: 'It is on the right of the image.' },
      { question: 'Where is the largest person?', answer: 'It is in the middle of the image.' },
    ]);
  });

  it.each<[string, string]>([
    ['How many cars are there?', '2 cars.'],
    ['how many buses?', '0 buses.'],
    ['Is there a person in the picture?', 'Yes: 1 person.'],
    ['Are there any trucks?', 'No trucks found.'],
    ['What is going on?', 'The image shows 2 cars and 1 person.'],
  ])('%j -> %j', (question, answer) => {
    expect(templateAnswer(question, scene)).toBe(answer);
  });
});
