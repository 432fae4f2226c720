// Sequences (images as ordered frames) and tracks (one object across frames) of schema v10. Every rule a
// change must keep is checked here with a message a user can act on: an image is a frame of one sequence, a
// frame number once per sequence, a track's annotations lie on its sequence's frames, one per frame.
import type {
  SequenceFrame,
  SequenceMembership,
  SequenceOrigin,
  SequenceSummary,
  Track,
  TrackMember,
} from '../../shared/api/sequences';
import { INTERPOLATION_MODEL } from '../../shared/api/sequences';
import { StudioError } from '../../shared/errors';
import { describeGaps, missingFrames, oddSizedFrames } from '../../shared/sequences/frame-order';
import type { ReviewState } from '../../shared/domain';
import type { AuditChange } from './review-repo';
import type { Statements } from './statements';
import { notFound } from './store-errors';

interface TrackRow {
  id: number;
  sequence_id: number;
  key: string;
  label_id: number | null;
  note: string | null;
  frames: number;
  first: number | null;
  last: number | null;
}

const TRACK_SELECT = `
SELECT t.id, t.sequence_id, t.key, t.label_id, t.note, count(m.annotation_id) AS frames,
       min(f.frame) AS first, max(f.frame) AS last
FROM tracks t
LEFT JOIN track_members m ON m.track_id = t.id
LEFT JOIN sequence_frames f ON f.image_id = m.image_id`;

const toTrack = (r: TrackRow): Track => ({
  id: r.id,
  sequenceId: r.sequence_id,
  key: r.key,
  labelId: r.label_id,
  frames: r.frames,
  first: r.first,
  last: r.last,
  note: r.note,
});

/** An annotation as a track sees it: where it is and whether it is settled (a keyframe, a propagation stop). */
export interface TrackAnnotation {
  annotationId: number;
  imageId: number;
  frame: number;
  kind: string;
  settled: boolean;
}

/** An image as a frame, for an export: its sequence's name, its frame number, its annotations' track keys. */
export interface FrameExport {
  sequence: string;
  frame: number;
  tracks: Map<number, string>;
}

/** One sequence of an import, with the store's ids. */
export interface ImportedSequence {
  name: string;
  frames: { imageId: number; frame: number }[];
  tracks: { key: string; labelId: number | null; annotationIds: number[] }[];
}

export class SequencesRepo {
  constructor(
    private readonly sql: Statements,
    private readonly now: () => string,
    /** Writes review audit rows (a replaced proposal is audited as deleted, as an editor's delete is). */
    private readonly audit: (changes: AuditChange[]) => void = () => undefined,
  ) {}

  // Sequences

  create(
    name: string,
    origin: SequenceOrigin,
    frames: readonly { imageId: number; frame: number }[],
  ): number {
    const clash = this.sql.get('SELECT id FROM sequences WHERE name = ?').pluck().get(name);
    if (clash !== undefined) throw new StudioError('conflict', `A sequence named "${name}" already exists.`);
    const id = Number(
      this.sql
        .get('INSERT INTO sequences (name, origin, created_at) VALUES (?, ?, ?)')
        .run(name, origin, this.now()).lastInsertRowid,
    );
    this.insertFrames(id, frames);
    return id;
  }

  addFrames(sequenceId: number, frames: readonly { imageId: number; frame: number }[]): void {
    this.requireSequence(sequenceId);
    this.insertFrames(sequenceId, frames);
  }

  /** Replaces the frames; annotations of images that leave it leave its tracks. */
  setFrames(sequenceId: number, frames: readonly { imageId: number; frame: number }[]): void {
    this.requireSequence(sequenceId);
    this.sql.get('DELETE FROM sequence_frames WHERE sequence_id = ?').run(sequenceId);
    this.insertFrames(sequenceId, frames);
    this.sql
      .get(
        `DELETE FROM track_members WHERE track_id IN (SELECT id FROM tracks WHERE sequence_id = ?)
         AND image_id NOT IN (SELECT image_id FROM sequence_frames WHERE sequence_id = ?)`,
      )
      .run(sequenceId, sequenceId);
  }

  rename(sequenceId: number, name: string): void {
    this.requireSequence(sequenceId);
    const clash = this.sql
      .get('SELECT id FROM sequences WHERE name = ? AND id != ?')
      .pluck()
      .get(name, sequenceId);
    if (clash !== undefined) throw new StudioError('conflict', `A sequence named "${name}" already exists.`);
    this.sql.get('UPDATE sequences SET name = ? WHERE id = ?').run(name, sequenceId);
  }

  /**
   * Puts the sequence's images in this order, giving out the frame numbers it has (sorted) in turn: the
   * numbering, gaps included, stays; which image holds each number changes. `order` holds every frame once.
   */
  reorder(sequenceId: number, order: readonly number[]): void {
    const frames = this.frameNumbers(sequenceId);
    const known = new Set(frames.map((f) => f.imageId));
    if (
      order.length !== frames.length ||
      new Set(order).size !== order.length ||
      order.some((i) => !known.has(i))
    )
      throw new StudioError('invalid_input', 'A new frame order must name each frame of the sequence once.');
    const numbers = frames.map((f) => f.frame);
    this.setFrames(
      sequenceId,
      order.map((imageId, k) => ({ imageId, frame: numbers[k]! })),
    );
  }

  /** The frame one place earlier (-1) or later (1) swaps frame numbers with this one. */
  moveFrame(sequenceId: number, imageId: number, by: -1 | 1): void {
    const order = this.frameNumbers(sequenceId).map((f) => f.imageId);
    const at = order.indexOf(imageId);
    if (at < 0) throw this.notAFrame(sequenceId, imageId);
    const to = at + by;
    if (to < 0 || to >= order.length)
      throw new StudioError(
        'invalid_input',
        by < 0 ? 'That is the first frame already.' : 'That is the last frame already.',
      );
    [order[at], order[to]] = [order[to]!, order[at]!];
    this.reorder(sequenceId, order);
  }

  /** Takes images out of the sequence (they stay in the project); their annotations leave its tracks. */
  removeFrames(sequenceId: number, imageIds: readonly number[]): void {
    const frames = this.frameNumbers(sequenceId);
    const inIt = new Set(frames.map((f) => f.imageId));
    const stray = imageIds.find((i) => !inIt.has(i));
    if (stray !== undefined) throw this.notAFrame(sequenceId, stray);
    const leaving = new Set(imageIds);
    const rest = frames.filter((f) => !leaving.has(f.imageId));
    if (rest.length === 0)
      throw new StudioError(
        'invalid_input',
        'A sequence keeps at least one frame; delete the sequence instead (its images stay).',
      );
    this.setFrames(sequenceId, rest);
  }

  /** The sequences of some images (those that are frames). */
  ofImages(imageIds: readonly number[]): SequenceMembership[] {
    if (imageIds.length === 0) return [];
    return this.sql
      .get(
        `SELECT f.image_id AS imageId, s.id AS sequenceId, s.name, f.frame FROM sequence_frames f
         JOIN sequences s ON s.id = f.sequence_id WHERE f.image_id IN (SELECT value FROM json_each(?))
         ORDER BY f.image_id`,
      )
      .all(JSON.stringify(imageIds)) as SequenceMembership[];
  }

  /** How many of these images are frames of a sequence. */
  countFramed(imageIds: readonly number[]): number {
    if (imageIds.length === 0) return 0;
    return this.sql
      .get('SELECT count(*) FROM sequence_frames WHERE image_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(JSON.stringify(imageIds)) as number;
  }

  remove(sequenceId: number): void {
    if (this.sql.get('DELETE FROM sequences WHERE id = ?').run(sequenceId).changes === 0)
      throw notFound('sequence', [sequenceId]);
  }

  list(): SequenceSummary[] {
    const ids = this.sql.get('SELECT id FROM sequences ORDER BY name').pluck().all() as number[];
    return ids.map((id) => this.summary(id));
  }

  summary(sequenceId: number): SequenceSummary {
    const row = this.sql.get('SELECT id, name, origin FROM sequences WHERE id = ?').get(sequenceId) as
      { id: number; name: string; origin: SequenceOrigin } | undefined;
    if (!row) throw notFound('sequence', [sequenceId]);
    const frames = this.sql
      .get(
        `SELECT f.frame, i.width, i.height, i.missing FROM sequence_frames f JOIN images i ON i.id = f.image_id
         WHERE f.sequence_id = ? ORDER BY f.frame`,
      )
      .all(sequenceId) as { frame: number; width: number; height: number; missing: 0 | 1 }[];
    const tracks = this.sql.get('SELECT count(*) FROM tracks WHERE sequence_id = ?').pluck().get(sequenceId);
    return {
      ...row,
      frames: frames.length,
      tracks: tracks as number,
      first: frames[0]?.frame ?? null,
      last: frames.at(-1)?.frame ?? null,
      problems: sequenceProblems(frames),
    };
  }

  /** The sequence an image is a frame of, and its frame number. */
  ofImage(imageId: number): { sequenceId: number; frame: number } | null {
    const row = this.sql
      .get('SELECT sequence_id AS sequenceId, frame FROM sequence_frames WHERE image_id = ?')
      .get(imageId) as { sequenceId: number; frame: number } | undefined;
    return row ?? null;
  }

  frames(sequenceId: number): SequenceFrame[] {
    this.requireSequence(sequenceId);
    const rows = this.sql
      .get(
        `SELECT f.image_id AS imageId, f.frame, i.path, i.missing, i.width, i.height,
           (SELECT count(*) FROM annotations a WHERE a.image_id = i.id) AS annotations,
           (SELECT count(*) FROM annotations a WHERE a.image_id = i.id AND a.review_state = 'proposed') AS proposals,
           (SELECT count(*) FROM annotations a WHERE a.image_id = i.id AND a.review_state = 'proposed'
              AND a.model_id = ?) AS interpolated
         FROM sequence_frames f JOIN images i ON i.id = f.image_id
         WHERE f.sequence_id = ? ORDER BY f.frame`,
      )
      .all(INTERPOLATION_MODEL, sequenceId) as (Omit<SequenceFrame, 'missing'> & { missing: 0 | 1 })[];
    return rows.map((r) => ({ ...r, missing: r.missing === 1 }));
  }

  // Tracks

  tracks(sequenceId: number): Track[] {
    this.requireSequence(sequenceId);
    const rows = this.sql
      .get(`${TRACK_SELECT} WHERE t.sequence_id = ? GROUP BY t.id ORDER BY t.id`)
      .all(sequenceId) as TrackRow[];
    return rows.map(toTrack);
  }

  track(trackId: number): Track {
    const row = this.sql.get(`${TRACK_SELECT} WHERE t.id = ? GROUP BY t.id`).get(trackId) as
      TrackRow | undefined;
    if (!row) throw notFound('track', [trackId]);
    return toTrack(row);
  }

  /** A new track; without a key, the next number after the sequence's numeric keys. */
  createTrack(sequenceId: number, labelId: number | null, key?: string): number {
    this.requireSequence(sequenceId);
    const chosen = key ?? this.nextKey(sequenceId);
    this.requireFreeKey(sequenceId, chosen);
    return Number(
      this.sql
        .get('INSERT INTO tracks (sequence_id, key, label_id, created_at) VALUES (?, ?, ?, ?)')
        .run(sequenceId, chosen, labelId, this.now()).lastInsertRowid,
    );
  }

  /** The track of that key in the sequence, or null. */
  trackByKey(sequenceId: number, key: string): number | null {
    const id = this.sql
      .get('SELECT id FROM tracks WHERE sequence_id = ? AND key = ?')
      .pluck()
      .get(sequenceId, key);
    return (id as number | undefined) ?? null;
  }

  /** Adds annotations to a track, checking each lies on a frame of its sequence where it has none yet. */
  addMembers(trackId: number, annotationIds: readonly number[]): void {
    const track = this.track(trackId);
    const where = this.sql.get(
      `SELECT a.id, a.image_id AS imageId, f.sequence_id AS sequenceId, f.frame FROM annotations a
       LEFT JOIN sequence_frames f ON f.image_id = a.image_id WHERE a.id = ?`,
    );
    const taken = this.sql.get(
      'SELECT annotation_id FROM track_members WHERE track_id = ? AND image_id = ? AND annotation_id != ?',
    );
    const insert = this.sql.get(
      `INSERT INTO track_members (annotation_id, track_id, image_id) VALUES (?, ?, ?)
       ON CONFLICT (annotation_id) DO UPDATE SET track_id = excluded.track_id, image_id = excluded.image_id`,
    );
    for (const id of annotationIds) {
      const a = where.get(id) as
        { imageId: number; sequenceId: number | null; frame: number | null } | undefined;
      if (!a) throw notFound('annotation', [id]);
      if (a.sequenceId !== track.sequenceId)
        throw new StudioError(
          'invalid_input',
          `Annotation ${id} is not on a frame of the track's sequence; a track stays in one sequence.`,
        );
      const other = taken.pluck().get(trackId, a.imageId, id);
      if (other !== undefined)
        throw new StudioError(
          'conflict',
          `Track ${track.key} already has annotation ${String(other)} on frame ${a.frame}; a track has one per frame.`,
        );
      insert.run(id, trackId, a.imageId);
    }
  }

  removeMember(annotationId: number): void {
    this.sql.get('DELETE FROM track_members WHERE annotation_id = ?').run(annotationId);
  }

  /** The second track's annotations join the first, then the second goes. */
  merge(trackId: number, otherId: number): void {
    if (trackId === otherId) throw new StudioError('invalid_input', 'A track cannot be merged with itself.');
    const [a, b] = [this.track(trackId), this.track(otherId)];
    if (a.sequenceId !== b.sequenceId)
      throw new StudioError('invalid_input', `Tracks ${a.key} and ${b.key} are in different sequences.`);
    const shared = this.sql
      .get(
        `SELECT f.frame FROM track_members x JOIN track_members y ON y.image_id = x.image_id
         JOIN sequence_frames f ON f.image_id = x.image_id WHERE x.track_id = ? AND y.track_id = ? ORDER BY f.frame`,
      )
      .pluck()
      .all(trackId, otherId) as number[];
    if (shared.length > 0)
      throw new StudioError(
        'conflict',
        `Tracks ${a.key} and ${b.key} both have an annotation on frame${shared.length > 1 ? 's' : ''} ${shared.slice(0, 5).join(', ')}; delete one of each first.`,
      );
    this.sql.get('UPDATE track_members SET track_id = ? WHERE track_id = ?').run(trackId, otherId);
    this.sql.get('DELETE FROM tracks WHERE id = ?').run(otherId);
    if (a.labelId !== null) this.relabel(trackId, a.labelId);
  }

  /** Members on frames from `frame` on move to a new track (the next free key); its id. */
  split(trackId: number, frame: number): number {
    const track = this.track(trackId);
    const moving = this.sql
      .get(
        `SELECT m.annotation_id FROM track_members m JOIN sequence_frames f ON f.image_id = m.image_id
         WHERE m.track_id = ? AND f.frame >= ?`,
      )
      .pluck()
      .all(trackId, frame) as number[];
    if (moving.length === 0 || moving.length === track.frames)
      throw new StudioError(
        'invalid_input',
        `Track ${track.key} has ${moving.length === 0 ? 'no frames from' : 'no frames before'} frame ${frame}: nothing to split.`,
      );
    const created = this.createTrack(track.sequenceId, track.labelId);
    const move = this.sql.get('UPDATE track_members SET track_id = ? WHERE annotation_id = ?');
    for (const id of moving) move.run(created, id);
    return created;
  }

  relabel(trackId: number, labelId: number): void {
    this.track(trackId);
    this.sql.get('UPDATE tracks SET label_id = ? WHERE id = ?').run(labelId, trackId);
    this.sql
      .get(
        `UPDATE annotations SET label_id = ?, updated_at = ?
         WHERE id IN (SELECT annotation_id FROM track_members WHERE track_id = ?) AND label_id IS NOT ?`,
      )
      .run(labelId, this.now(), trackId, labelId);
  }

  rekey(trackId: number, key: string): void {
    const track = this.track(trackId);
    if (track.key === key) return;
    this.requireFreeKey(track.sequenceId, key);
    this.sql.get('UPDATE tracks SET key = ? WHERE id = ?').run(key, trackId);
  }

  setNote(trackId: number, note: string | null): void {
    this.sql.get('UPDATE tracks SET note = ? WHERE id = ?').run(note, trackId);
  }

  /** The tracks of an image's annotations. */
  members(imageId: number): TrackMember[] {
    const rows = this.sql
      .get(
        `SELECT m.annotation_id AS annotationId, t.id AS trackId, t.key, t.label_id AS labelId,
           (a.review_state = 'proposed' AND a.model_id IS ?) AS interpolated
         FROM track_members m JOIN tracks t ON t.id = m.track_id JOIN annotations a ON a.id = m.annotation_id
         WHERE m.image_id = ? ORDER BY m.annotation_id`,
      )
      .all(INTERPOLATION_MODEL, imageId) as (Omit<TrackMember, 'interpolated'> & { interpolated: 0 | 1 })[];
    return rows.map((r) => ({ ...r, interpolated: r.interpolated === 1 }));
  }

  /** Every annotation of a track by frame: what interpolation and propagation read. */
  trackAnnotations(trackId: number): TrackAnnotation[] {
    return (
      this.sql
        .get(
          `SELECT m.annotation_id AS annotationId, m.image_id AS imageId, f.frame, a.kind,
             a.review_state IN ('accepted', 'edited') AS settled
           FROM track_members m JOIN sequence_frames f ON f.image_id = m.image_id
           JOIN annotations a ON a.id = m.annotation_id WHERE m.track_id = ? ORDER BY f.frame`,
        )
        .all(trackId) as (Omit<TrackAnnotation, 'settled'> & { settled: 0 | 1 })[]
    ).map((r) => ({ ...r, settled: r.settled === 1 }));
  }

  /** The track an annotation is in, or null. */
  trackOf(annotationId: number): number | null {
    const id = this.sql
      .get('SELECT track_id FROM track_members WHERE annotation_id = ?')
      .pluck()
      .get(annotationId);
    return (id as number | undefined) ?? null;
  }

  /** Whether the track has a settled (accepted or edited) annotation on the image: where propagation stops. */
  settledOn(trackId: number, imageId: number): boolean {
    return (
      this.sql
        .get(
          `SELECT 1 FROM track_members m JOIN annotations a ON a.id = m.annotation_id
           WHERE m.track_id = ? AND m.image_id = ? AND a.review_state IN ('accepted', 'edited')`,
        )
        .get(trackId, imageId) !== undefined
    );
  }

  /** The track's annotation on an image, or null. */
  memberOn(trackId: number, imageId: number): number | null {
    const id = this.sql
      .get('SELECT annotation_id FROM track_members WHERE track_id = ? AND image_id = ?')
      .pluck()
      .get(trackId, imageId);
    return (id as number | undefined) ?? null;
  }

  /**
   * The track's proposals still waiting (or rejected) on an image: what a new proposal for the frame replaces.
   * Settled annotations are never replaced.
   */
  unsettledOn(trackId: number, imageId: number): number[] {
    return this.sql
      .get(
        `SELECT m.annotation_id FROM track_members m JOIN annotations a ON a.id = m.annotation_id
         WHERE m.track_id = ? AND m.image_id = ? AND a.review_state IN ('proposed', 'rejected')`,
      )
      .pluck()
      .all(trackId, imageId) as number[];
  }

  /**
   * An import's sequences and tracks (see shared/sequences/imported.ts): frames join the sequence of their video
   * name (made when new; an image already that frame stays), tracks are found by key or made with the label of
   * their first annotation.
   */
  applyImport(plans: readonly ImportedSequence[]): { sequences: number; tracks: number } {
    let tracks = 0;
    let sequences = 0;
    for (const plan of plans) {
      // An image already a frame (of this sequence or another, re-imported) keeps its place; a sequence none
      // of whose frames is new is not made.
      const fresh = plan.frames.filter((f) => this.ofImage(f.imageId) === null);
      const known = this.sql.get('SELECT id FROM sequences WHERE name = ?').pluck().get(plan.name) as
        number | undefined;
      if (known === undefined && fresh.length === 0) continue;
      const id = known ?? this.create(plan.name, 'import', []);
      sequences++;
      this.insertFrames(id, fresh);
      const inSequence = this.sql.get(
        `SELECT 1 FROM annotations a JOIN sequence_frames f ON f.image_id = a.image_id
         WHERE a.id = ? AND f.sequence_id = ?`,
      );
      for (const t of plan.tracks) {
        const members = t.annotationIds.filter((a) => inSequence.get(a, id) !== undefined);
        if (members.length === 0) continue;
        const trackId = this.trackByKey(id, t.key) ?? this.createTrack(id, t.labelId, t.key);
        this.addMembers(trackId, members);
        tracks++;
      }
    }
    return { sequences, tracks };
  }

  /**
   * Inside the transaction that just inserted an image's proposals, one per track in `trackIds` order (a batch
   * item's): the image's newest annotations join those tracks, each replacing its track's earlier unsettled
   * proposal of the frame.
   */
  linkLatest(imageId: number, trackIds: readonly number[]): void {
    if (trackIds.length === 0) return;
    const newest = (
      this.sql
        .get('SELECT id FROM annotations WHERE image_id = ? ORDER BY id DESC LIMIT ?')
        .pluck()
        .all(imageId, trackIds.length) as number[]
    ).reverse();
    trackIds.forEach((trackId, i) => {
      this.removeUnsettled(this.unsettledOn(trackId, imageId));
      this.addMembers(trackId, [newest[i]!]);
    });
  }

  /**
   * What an export writes of a page of images' sequences: each framed image's sequence name, frame number and
   * its annotations' track keys. Two queries for the page.
   */
  exportOfImages(imageIds: readonly number[]): Map<number, FrameExport> {
    const out = new Map<number, FrameExport>();
    if (imageIds.length === 0) return out;
    const list = JSON.stringify(imageIds);
    const frames = this.sql
      .get(
        `SELECT f.image_id AS imageId, s.name, f.frame FROM sequence_frames f JOIN sequences s ON s.id = f.sequence_id
         WHERE f.image_id IN (SELECT value FROM json_each(?))`,
      )
      .all(list) as { imageId: number; name: string; frame: number }[];
    for (const f of frames) out.set(f.imageId, { sequence: f.name, frame: f.frame, tracks: new Map() });
    const members = this.sql
      .get(
        `SELECT m.image_id AS imageId, m.annotation_id AS annotationId, t.key FROM track_members m
         JOIN tracks t ON t.id = m.track_id WHERE m.image_id IN (SELECT value FROM json_each(?))`,
      )
      .all(list) as { imageId: number; annotationId: number; key: string }[];
    for (const m of members) out.get(m.imageId)?.tracks.set(m.annotationId, m.key);
    return out;
  }

  /** Deletes annotations a track's new proposal replaces: only proposals not settled, never a decision. */
  removeUnsettled(annotationIds: readonly number[]): void {
    const read = this.sql.get(
      `SELECT id, image_id AS imageId, review_state AS state, label_id AS labelId, source FROM annotations
       WHERE id = ? AND review_state IN ('proposed', 'rejected')`,
    );
    const remove = this.sql.get('DELETE FROM annotations WHERE id = ?');
    const changes: AuditChange[] = [];
    for (const id of annotationIds) {
      const row = read.get(id) as
        | { id: number; imageId: number; state: ReviewState; labelId: number | null; source: string }
        | undefined;
      if (!row) continue;
      remove.run(id);
      if (row.source === 'model')
        changes.push({
          annotationId: id,
          imageId: row.imageId,
          action: 'edit',
          before: { state: row.state, labelId: row.labelId },
          after: { state: null, labelId: null },
          detail: { deleted: true, reason: 'replaced by a newer proposal of its track' },
        });
    }
    if (changes.length > 0) this.audit(changes);
  }

  private insertFrames(sequenceId: number, frames: readonly { imageId: number; frame: number }[]): void {
    const other = this.sql.get(
      `SELECT s.name, f.frame FROM sequence_frames f JOIN sequences s ON s.id = f.sequence_id WHERE f.image_id = ?`,
    );
    const image = this.sql.get('SELECT 1 FROM images WHERE id = ?').pluck();
    const numberTaken = this.sql.get(
      'SELECT image_id FROM sequence_frames WHERE sequence_id = ? AND frame = ?',
    );
    const insert = this.sql.get(
      'INSERT INTO sequence_frames (image_id, sequence_id, frame) VALUES (?, ?, ?)',
    );
    for (const { imageId, frame } of frames) {
      if (image.get(imageId) === undefined) throw notFound('image', [imageId]);
      const in_ = other.get(imageId) as { name: string; frame: number } | undefined;
      if (in_)
        throw new StudioError(
          'conflict',
          `Image ${imageId} is already frame ${in_.frame} of sequence "${in_.name}"; an image is a frame of one sequence.`,
        );
      const holder = numberTaken.pluck().get(sequenceId, frame);
      if (holder !== undefined)
        throw new StudioError(
          'conflict',
          `Frame ${frame} is given twice (images ${String(holder)} and ${imageId}); each frame number once.`,
        );
      insert.run(imageId, sequenceId, frame);
    }
  }

  /** The sequence's frames in frame order. */
  private frameNumbers(sequenceId: number): { imageId: number; frame: number }[] {
    this.requireSequence(sequenceId);
    return this.sql
      .get('SELECT image_id AS imageId, frame FROM sequence_frames WHERE sequence_id = ? ORDER BY frame')
      .all(sequenceId) as { imageId: number; frame: number }[];
  }

  private notAFrame(sequenceId: number, imageId: number): StudioError {
    const name = this.sql.get('SELECT name FROM sequences WHERE id = ?').pluck().get(sequenceId) as string;
    return new StudioError('invalid_input', `Image ${imageId} is not a frame of sequence "${name}".`);
  }

  private nextKey(sequenceId: number): string {
    const keys = this.sql
      .get('SELECT key FROM tracks WHERE sequence_id = ?')
      .pluck()
      .all(sequenceId) as string[];
    const numbers = keys.filter((k) => /^\d{1,15}$/.test(k)).map(Number);
    return String(numbers.length === 0 ? 0 : Math.max(...numbers) + 1);
  }

  private requireFreeKey(sequenceId: number, key: string): void {
    if (this.trackByKey(sequenceId, key) !== null)
      throw new StudioError('conflict', `The sequence already has a track ${key}.`);
  }

  private requireSequence(sequenceId: number): void {
    if (this.sql.get('SELECT 1 FROM sequences WHERE id = ?').get(sequenceId) === undefined)
      throw notFound('sequence', [sequenceId]);
  }
}

/** What is odd about a sequence's frames, in words: gaps in the numbering, frames of another size, missing files. */
export function sequenceProblems(
  frames: readonly { frame: number; width: number; height: number; missing: 0 | 1 | boolean }[],
): string[] {
  const problems: string[] = [];
  const gaps = describeGaps(missingFrames(frames.map((f) => f.frame)));
  if (gaps) problems.push(gaps[0]!.toUpperCase() + gaps.slice(1));
  const sizes = oddSizedFrames(frames);
  if (sizes && sizes.odd.length > 0) {
    const listed = sizes.odd.slice(0, 3).map((f) => `${f.frame} is ${f.width}x${f.height}`);
    problems.push(
      `Frame ${listed.join(', ')}${sizes.odd.length > 3 ? ` (and ${sizes.odd.length - 3} more)` : ''}; the others are ${sizes.width}x${sizes.height}`,
    );
  }
  const gone = frames.filter((f) => f.missing === 1 || f.missing === true).map((f) => f.frame);
  if (gone.length > 0)
    problems.push(
      `The file of frame${gone.length > 1 ? 's' : ''} ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', ...' : ''} is missing`,
    );
  return problems;
}
