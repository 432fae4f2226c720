// COCO with tracks, the video-COCO convention (TAO; BDD100K's and mmtracking's COCO tracking files): COCO
// instances with a "videos" list ({ id, name, width, height }), images that carry their video (video_id, and
// its name as "video") and frame number (frame_id; TAO calls it frame_index), and annotations that carry
// track_id, the same number on every frame of a track (KITTI tracking's numbering of the track key; -1 for an
// ignore region). The reader turns those back into sequence frames (the image's videoName and frameIndex, as
// BDD100K and KITTI tracking imports keep them) and track ids (the object's source id), so an export re-imports
// with the same sequences, frame order and track ids.
import type { IssueList } from '../issues';
import { isRecord, parseJsonFile } from '../parse-json';
import type { DatasetImage, DatasetObject } from '../records';
import type { SourceRecord } from '../source-record';
import { hash32 } from '../split';
import { coco, readCocoDocument } from './coco';
import type { DatasetFormat, OutputRecord } from './format';
import { sequenceFrame, trackId } from './kitti-tracking';

/** A video's id: a stable positive number from its name, the same in every export. */
export const videoId = (name: string) => hash32(name) & 0x7fffffff || 1;

/** The image and annotation keys the format models (the export writes its own): not kept as source fields. */
const IMAGE_VIDEO_KEYS = ['video', 'video_id', 'frame_id', 'frame_index'];
const ANNOTATION_VIDEO_KEYS = ['video_id', 'track_id', 'instance_id'];

const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The source record without the keys the format models; undefined when nothing else is left. */
function without(source: SourceRecord | undefined, keys: readonly string[]): SourceRecord | undefined {
  if (!source) return undefined;
  const fields = Object.fromEntries(Object.entries(source.fields).filter(([k]) => !keys.includes(k)));
  if (Object.keys(fields).length === 0 && !source.geometry) return undefined;
  return { ...source, fields };
}

/** Video id -> name, from the file's "videos" list (an entry without a usable id or name is an error). */
function readVideos(raw: unknown, fileName: string, issues: IssueList): Map<unknown, string> {
  const names = new Map<unknown, string>();
  if (raw === undefined) return names;
  if (!Array.isArray(raw)) {
    issues.error(fileName, '"videos" must be a list of { id, name }.');
    return names;
  }
  raw.forEach((v, i) => {
    const where = `${fileName}: videos[${i}]`;
    if (!isRecord(v) || !(isIndex(v.id) || typeof v.id === 'string'))
      return issues.error(where, 'A video needs an id.');
    if (names.has(v.id)) return issues.error(where, `Video id ${JSON.stringify(v.id)} is listed twice.`);
    const name = typeof v.name === 'string' && v.name.trim() !== '' ? v.name.trim() : `video ${v.id}`;
    names.set(v.id, name);
  });
  return names;
}

export function readCocoVideo(text: string, fileName: string, issues: IssueList): DatasetImage[] {
  const doc = parseJsonFile(text, fileName);
  const { images } = readCocoDocument(doc, fileName, issues, ['videos', 'tracks']);
  const videos = isRecord(doc) ? readVideos(doc.videos, fileName, issues) : new Map<unknown, string>();
  for (const image of images) {
    const fields = image.source?.fields ?? {};
    const { video, video_id: id } = fields;
    const frame = fields.frame_id ?? fields.frame_index;
    const named = typeof video === 'string' && video !== '' ? video : undefined;
    const name = videos.get(id) ?? named ?? (id === undefined ? undefined : `video ${String(id)}`);
    if (name !== undefined && isIndex(frame)) image.attributes = { videoName: name, frameIndex: frame };
    else if (name !== undefined || frame !== undefined)
      issues.warning(
        image.where,
        name === undefined
          ? 'The image has a frame number but no video (video_id): imported as a lone image.'
          : `The image of video "${name}" has no frame number (frame_id, a whole number from 0): imported as a lone image.`,
      );
    if (id !== undefined && videos.size > 0 && !videos.has(id))
      issues.warning(image.where, `No video in "videos" has id ${JSON.stringify(id)}.`);
    image.source = without(image.source, IMAGE_VIDEO_KEYS);
    for (const object of image.objects) readTrack(object);
  }
  return images;
}

/** The object's track id (its source id, what sequences import as the track's key); none without one. */
function readTrack(object: DatasetObject): void {
  const raw = object.source?.fields.track_id ?? object.source?.fields.instance_id;
  // COCO's reader keeps the annotation id as the source id: in a video file only the track id names a track.
  delete object.sourceId;
  if ((Number.isSafeInteger(raw) && (raw as number) >= 0) || (typeof raw === 'string' && raw !== ''))
    object.sourceId = String(raw);
  object.source = without(object.source, ANNOTATION_VIDEO_KEYS);
}

export const cocoVideo = {
  id: 'coco-video' as const,
  reader: {
    name: 'COCO with track ids (video: TAO, BDD100K)',
    input: 'file',
    read: readCocoVideo,
  },
  writer: {
    ...coco.writer,
    name: 'COCO with track ids (video)',
    records(entry, options, context) {
      const { records, drawn } = coco.writer.records(entry, options, context);
      const { sequence, frame } = sequenceFrame(entry);
      const video = typeof entry.attributes?.videoName === 'string' ? entry.attributes.videoName : sequence;
      const video_id = videoId(video);
      let k = 0;
      const tracked = records.map((r): OutputRecord => {
        if (r.kind === 'coco-image')
          return { ...r, record: { ...(r.record as object), video, video_id, frame_id: frame } };
        if (r.kind === 'coco-annotation')
          return {
            ...r,
            record: { ...(r.record as object), video_id, track_id: trackId(entry.objects[k++]!) },
          };
        return r;
      });
      // The video's entry (its first frame's size: a sequence is one camera), once per file by id.
      const file = records.find((r) => r.kind === 'coco-image')?.file;
      if (file)
        tracked.push({
          file,
          kind: 'coco-video',
          record: { id: video_id, name: video, width: entry.width, height: entry.height },
        });
      return { records: tracked, drawn };
    },
  },
  // Its files are coco's, so coco's checks are its own.
  validator: coco.validator,
} satisfies DatasetFormat;
