import type { Label } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { toLabel, type LabelRow } from './rows';
import type { Statements } from './statements';
import { notFound } from './store-errors';
import type { LabelPatch } from './types';

/** Tableau 10: distinct on dark and light backgrounds and readable by most colour-blind people. */
export const LABEL_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function checkFields({ name, color, hotkey }: LabelPatch): void {
  if (name !== undefined && name.trim() === '')
    throw new StudioError('invalid_input', 'A label needs a name.');
  if (color !== undefined && !HEX_COLOR.test(color)) {
    throw new StudioError('invalid_input', `Label colours are written like #1f77b4; got "${color}".`);
  }
  if (hotkey != null && !(Number.isInteger(hotkey) && hotkey >= 1 && hotkey <= 9)) {
    throw new StudioError('invalid_input', `Label hotkeys are the keys 1 to 9; got ${hotkey}.`);
  }
}

/** Names are one label only as written (schema v6): KITTI's "Car" and BDD100K's "car" are two. */
const sameName = (a: string, b: string) => a === b;

export class LabelsRepo {
  constructor(private readonly sql: Statements) {}

  list(): Label[] {
    return (
      this.sql.get('SELECT id, name, color, hotkey FROM labels ORDER BY sort_order, id').all() as LabelRow[]
    ).map(toLabel);
  }

  get(id: number): Label {
    const row = this.sql.get('SELECT id, name, color, hotkey FROM labels WHERE id = ?').get(id) as
      LabelRow | undefined;
    if (!row) throw notFound('label', [id]);
    return toLabel(row);
  }

  create({ name, color, hotkey = null }: { name: string; color?: string; hotkey?: number | null }): Label {
    checkFields({ name, color, hotkey });
    const labels = this.list();
    this.checkClashes(labels, { name, hotkey });
    const used = new Set(labels.map((l) => l.color.toLowerCase()));
    const chosen =
      color ??
      LABEL_PALETTE.find((c) => !used.has(c)) ??
      LABEL_PALETTE[labels.length % LABEL_PALETTE.length]!;
    const { lastInsertRowid } = this.sql
      .get(
        `INSERT INTO labels (name, color, hotkey, sort_order)
         VALUES (?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM labels))`,
      )
      .run(name.trim(), chosen, hotkey);
    return this.get(Number(lastInsertRowid));
  }

  update(id: number, patch: LabelPatch): Label {
    checkFields(patch);
    const current = this.get(id);
    const next = {
      name: patch.name?.trim() ?? current.name,
      color: patch.color ?? current.color,
      hotkey: patch.hotkey === undefined ? current.hotkey : patch.hotkey,
    };
    this.checkClashes(
      this.list().filter((l) => l.id !== id),
      next,
    );
    this.sql
      .get('UPDATE labels SET name = ?, color = ?, hotkey = ? WHERE id = ?')
      .run(next.name, next.color, next.hotkey, id);
    return { id, ...next };
  }

  /** Deletes the label; its annotations stay, unlabelled (ON DELETE SET NULL). */
  remove(id: number): void {
    if (this.sql.get('DELETE FROM labels WHERE id = ?').run(id).changes === 0) throw notFound('label', [id]);
  }

  /** Every id in `ids` that is not a label of this project. */
  unknownIds(ids: Iterable<number>): number[] {
    const known = new Set(this.sql.get('SELECT id FROM labels').pluck().all() as number[]);
    return [...new Set(ids)].filter((id) => !known.has(id));
  }

  private checkClashes(
    others: readonly Label[],
    { name, hotkey }: { name: string; hotkey: number | null },
  ): void {
    const byName = others.find((l) => sameName(l.name, name.trim()));
    if (byName) throw new StudioError('conflict', `A label named "${byName.name}" already exists.`);
    const byKey = hotkey === null ? undefined : others.find((l) => l.hotkey === hotkey);
    if (byKey)
      throw new StudioError('conflict', `Hotkey ${hotkey} is already used by the label "${byKey.name}".`);
  }
}
