// Sequences and tracks from an import: an image whose record names a video and a frame (BDD100K videoName +
// frameIndex; KITTI tracking's sequence file and frame column, kept under the same names) is that frame of
// that sequence, and an object with an id in such a frame (a MOTS label id, a KITTI track id) belongs to the
// track of that id in the sequence. Ignore regions (DontCare, crowd) are no track. Pure: the import checks the
// plan before anything is written: one frame number twice is an error of the record; a track twice on one
// frame keeps both objects, the second outside any track, and is counted and reported.

export interface ImportedFrame {
  /** The record's index in the import (what the plan refers back to). */
  index: number;
  attributes?: Record<string, unknown>;
  objects: readonly { sourceId?: string | number; ignore?: boolean }[];
  where: string;
}

export interface SequencePlan {
  name: string;
  /** Record index -> frame number. */
  frames: { index: number; frame: number }[];
  /** Track key -> the (record index, object index) members. */
  tracks: Map<string, { index: number; object: number }[]>;
}

export interface PlanProblem {
  where: string;
  message: string;
  /** The record to leave out. */
  index: number;
}

/** An object whose track already has one on its frame: imported, but in no track. */
export interface TrackConflict {
  where: string;
  message: string;
  index: number;
  object: number;
}

/** The video and frame number a record's kept attributes name, or null. */
export function frameOf(attributes?: Record<string, unknown>): { sequence: string; frame: number } | null {
  const { videoName, frameIndex } = attributes ?? {};
  if (typeof videoName !== 'string' || videoName === '') return null;
  if (typeof frameIndex !== 'number' || !Number.isSafeInteger(frameIndex) || frameIndex < 0) return null;
  return { sequence: videoName, frame: frameIndex };
}

export function planImportedSequences(records: readonly ImportedFrame[]): {
  sequences: SequencePlan[];
  problems: PlanProblem[];
  conflicts: TrackConflict[];
} {
  const byName = new Map<string, SequencePlan>();
  const problems: PlanProblem[] = [];
  const conflicts: TrackConflict[] = [];
  const frameOwner = new Map<string, string>();
  for (const record of records) {
    const at = frameOf(record.attributes);
    if (!at) continue;
    const ownerKey = `${at.sequence}\u0000${at.frame}`;
    const owner = frameOwner.get(ownerKey);
    if (owner) {
      problems.push({
        where: record.where,
        index: record.index,
        message: `Frame ${at.frame} of sequence "${at.sequence}" is already ${owner}.`,
      });
      continue;
    }
    // A track a second time on the frame: that object is kept, outside any track, and the conflict counted.
    const seen = new Map<string, number>();
    record.objects.forEach((o, k) => {
      if (o.ignore || o.sourceId === undefined) return;
      const key = String(o.sourceId);
      const first = seen.get(key);
      if (first === undefined) return void seen.set(key, k);
      conflicts.push({
        where: record.where,
        index: record.index,
        object: k,
        message: `Track ${key} has two objects on frame ${at.frame} of sequence "${at.sequence}" (objects ${first + 1} and ${k + 1}); a track has one per frame, so object ${k + 1} is imported outside any track.`,
      });
    });
    frameOwner.set(ownerKey, record.where);
    let plan = byName.get(at.sequence);
    if (!plan) {
      plan = { name: at.sequence, frames: [], tracks: new Map() };
      byName.set(at.sequence, plan);
    }
    plan.frames.push({ index: record.index, frame: at.frame });
    for (const [key, object] of seen) {
      const members = plan.tracks.get(key) ?? [];
      members.push({ index: record.index, object });
      plan.tracks.set(key, members);
    }
  }
  return { sequences: [...byName.values()], problems, conflicts };
}
