// The export form's sections, each editing part of the draft: the format and its options, which annotations
// go in, the split, and where the export is written.
import { EXPORT_FORMATS } from '../../../shared/api/datasets';
import { ANNOTATION_SOURCES, REVIEW_STATES, type Label } from '../../../shared/domain';
import { LLAVA_TEMPLATES } from '../../../shared/datasets/instructions';
import { PathField } from '../components/PathField';
import { SelectField } from '../components/SelectField';
import {
  asksQuestions,
  EXPORT_FORMAT_NAMES,
  SPLITS,
  TEMPLATE_NAMES,
  toggle,
  type ExportDraft,
} from './dataset-form';

/** Sets one field of the draft. */
export type SetDraft = <K extends keyof ExportDraft>(key: K, value: ExportDraft[K]) => void;

interface SectionProps {
  draft: ExportDraft;
  set: SetDraft;
}

export function FormatFields({ draft, set }: SectionProps) {
  return (
    <div className="dataset-grid">
      <SelectField
        id="export-format"
        label="Format"
        value={draft.format}
        options={EXPORT_FORMATS.map((f) => [f, EXPORT_FORMAT_NAMES[f]] as const)}
        onChange={(v) => set('format', v)}
        testId="export-format"
      />
      {(draft.format === 'llava' || draft.format === 'sharegpt') && (
        <SelectField
          id="export-template"
          label="Template"
          value={draft.llavaTemplate}
          options={LLAVA_TEMPLATES.map((t) => [t, TEMPLATE_NAMES[t]] as const)}
          onChange={(v) => set('llavaTemplate', v)}
          testId="export-template"
        >
          {draft.format === 'llava' && (
            <label className="check">
              <input
                type="checkbox"
                checked={draft.llavaJsonl}
                onChange={(e) => set('llavaJsonl', e.target.checked)}
              />{' '}
              JSON Lines
            </label>
          )}
        </SelectField>
      )}
      {draft.format === 'coco' && (
        <SelectField
          id="export-seg"
          label="Masks as"
          value={draft.cocoSegmentation}
          options={[
            ['rle', 'RLE (exact)'],
            ['polygon', 'Polygons (masks with holes stay RLE)'],
          ]}
          onChange={(v) => set('cocoSegmentation', v)}
        />
      )}
      {draft.format === 'blip2' && (
        <SelectField
          id="export-variant"
          label="Rows"
          value={draft.blip2Variant}
          options={[
            ['vqa', 'Question and answer'],
            ['caption', 'Caption only'],
          ]}
          onChange={(v) => set('blip2Variant', v)}
        />
      )}
      {asksQuestions(draft) && (
        <SelectField
          id="export-questions"
          label="Questions from"
          value={draft.questions}
          options={[
            ['counts', 'Counts per label'],
            ['bedrock', 'Bedrock (chains settings; the preview shows counts)'],
          ]}
          onChange={(v) => set('questions', v)}
          testId="export-questions"
        />
      )}
    </div>
  );
}

export function FilterFields({ draft, set, labels }: SectionProps & { labels: readonly Label[] }) {
  return (
    <fieldset className="dataset-filters">
      <legend>Annotations</legend>
      <CheckChips
        label="Review states"
        values={REVIEW_STATES}
        ticked={draft.reviewStates}
        onChange={(v) => set('reviewStates', v)}
      />
      <CheckChips
        label="Sources"
        values={ANNOTATION_SOURCES}
        ticked={draft.sources}
        onChange={(v) => set('sources', v)}
        note="(none ticked: every source)"
      />
      {labels.length > 0 && (
        <div className="chips" role="group" aria-label="Labels">
          {labels.map((l) => (
            <label key={l.id} className="check">
              <input
                type="checkbox"
                checked={draft.labelIds.includes(l.id)}
                onChange={() => set('labelIds', toggle(draft.labelIds, l.id))}
              />
              <span className="swatch" style={{ background: l.color }} /> {l.name}
            </label>
          ))}
          <span className="muted small">(none ticked: every label)</span>
        </div>
      )}
      <div className="input-row">
        <label htmlFor="export-min-score">Min score</label>
        <input
          id="export-min-score"
          className="input narrow"
          value={draft.minScore}
          onChange={(e) => set('minScore', e.target.value)}
          placeholder="any"
        />
        <label className="check">
          <input
            type="checkbox"
            checked={draft.includeEmptyImages}
            onChange={(e) => set('includeEmptyImages', e.target.checked)}
          />{' '}
          Include images without annotations
        </label>
      </div>
    </fieldset>
  );
}

export function SplitFields({ draft, set }: SectionProps) {
  return (
    <fieldset className="dataset-filters">
      <legend>Split (by image, stratified by label)</legend>
      <div className="input-row">
        {SPLITS.map((s) => (
          <label key={s} className="split-field">
            {s}
            <input
              className="input narrow"
              value={draft[s]}
              onChange={(e) => set(s, e.target.value)}
              data-testid={`split-${s}`}
            />
          </label>
        ))}
        <label className="split-field">
          seed
          <input className="input narrow" value={draft.seed} onChange={(e) => set('seed', e.target.value)} />
        </label>
      </div>
    </fieldset>
  );
}

export function TargetFields({ draft, set }: SectionProps) {
  return (
    <>
      <PathField
        label="Export folder (created)"
        value={draft.target}
        onChange={(v) => set('target', v)}
        testId="export-target"
        pick="folder"
        browseTitle="Choose where the export goes"
        fromPicked={(p) => `${p.replace(/\/$/, '')}/dataset`}
      />
      <div className="input-row">
        <label htmlFor="export-images">Images</label>
        <select
          id="export-images"
          className="input"
          value={draft.images}
          onChange={(e) => set('images', e.target.value as ExportDraft['images'])}
        >
          <option value="copy">Copied into the export</option>
          <option value="hardlink">Hard-linked (same disk, no extra space)</option>
          <option value="symlink">Symbolic links</option>
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.overwrite}
            onChange={(e) => set('overwrite', e.target.checked)}
          />{' '}
          Replace an existing folder
        </label>
      </div>
    </>
  );
}

/** A row of checkboxes ticking a subset of `values`. */
function CheckChips<T extends string>(props: {
  label: string;
  values: readonly T[];
  ticked: T[];
  onChange: (ticked: T[]) => void;
  note?: string;
}) {
  const { label, values, ticked, onChange, note } = props;
  return (
    <div className="chips" role="group" aria-label={label}>
      {values.map((v) => (
        <label key={v} className="check">
          <input type="checkbox" checked={ticked.includes(v)} onChange={() => onChange(toggle(ticked, v))} />{' '}
          {v}
        </label>
      ))}
      {note && <span className="muted small">{note}</span>}
    </div>
  );
}
