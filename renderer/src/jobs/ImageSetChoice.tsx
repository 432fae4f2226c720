// Which images a job runs on: all of the project, the ones the library shows now (its filter), or the ones
// selected there, each with its count; a choice with no images cannot be taken. Shared by the jobs screen and
// the evaluation screen, so both read the library the same way.
import { useState } from 'react';
import type { ImageSet } from '../../../shared/api/batch';
import { useApp } from '../state/app';
import { isFiltered } from '../state/app-state';

export type ImageSetWhich = 'all' | 'filter' | 'selection';

export interface ImageSetChoiceState {
  which: ImageSetWhich;
  setWhich: (which: ImageSetWhich) => void;
  /** Images of each choice; null when the choice has none to offer (no filter, nothing selected). */
  counts: Record<ImageSetWhich, number | null>;
  /** Images of the current choice. */
  count: number;
  /** The set as batch.create takes it. */
  imageSet: () => ImageSet;
}

export function useImageSetChoice(): ImageSetChoiceState {
  const [which, setWhich] = useState<ImageSetWhich>('all');
  const imageCount = useApp((s) => s.project?.counts.images ?? 0);
  const filter = useApp((s) => s.filter);
  const filtered = useApp((s) => (isFiltered(s.filter) ? s.images.total : null));
  const selection = useApp((s) => s.selection);
  const counts: Record<ImageSetWhich, number | null> = {
    all: imageCount,
    filter: filtered,
    selection: selection.length || null,
  };
  return {
    which,
    setWhich,
    counts,
    count: counts[which] ?? 0,
    imageSet: () =>
      which === 'filter' ? { filter } : which === 'selection' ? { imageIds: selection } : { all: true },
  };
}

const LABELS: Record<ImageSetWhich, string> = {
  all: 'All images',
  filter: 'Images the library shows now',
  selection: 'Images selected in the library',
};

/** The radio group; test ids are `<testIdPrefix>-all`, `-filter`, `-selection`. */
export function ImageSetChoice({
  choice,
  testIdPrefix,
}: {
  choice: ImageSetChoiceState;
  testIdPrefix: string;
}) {
  const { which, setWhich, counts } = choice;
  return (
    <fieldset className="job-images" aria-label="Images">
      <legend>Images</legend>
      {(['all', 'filter', 'selection'] as const).map((w) => (
        <label key={w} className={counts[w] ? 'check' : 'check disabled'}>
          <input
            type="radio"
            name={testIdPrefix}
            checked={which === w}
            disabled={!counts[w]}
            onChange={() => setWhich(w)}
            data-testid={`${testIdPrefix}-${w}`}
          />
          {LABELS[w]}{' '}
          <span className="muted">({counts[w] === null ? 'none' : counts[w]!.toLocaleString('en')})</span>
        </label>
      ))}
    </fieldset>
  );
}
