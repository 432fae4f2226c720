// COCO with tracks, the video-COCO convention (TAO, BDD100K's COCO tracking files): COCO instances whose images
// carry their video (name and a stable video_id) and frame_id, and whose annotations carry track_id, the same
// number on every frame of a track (KITTI tracking's numbering of the track key; -1 for an ignore region).
import { hash32 } from '../split';
import { coco } from './coco';
import type { DatasetFormat, OutputRecord } from './format';
import { sequenceFrame, trackId } from './kitti-tracking';

/** A video's id: a stable positive number from its name, the same in every export. */
export const videoId = (name: string) => hash32(name) & 0x7fffffff || 1;

export const cocoVideo = {
  id: 'coco-video' as const,
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
      return { records: tracked, drawn };
    },
  },
  // Its files are coco's, so coco's checks are its own.
  validator: coco.validator,
} satisfies DatasetFormat;
