// Embedding mode of the emulator's 'sam' endpoint from the local SAM engine: its prepare() runs the real encoder
// path (decode, resize, preprocess variant, ONNX in a worker) and leaves the embedding in the cache it was given,
// which is where this reads it from. No second copy of the encoder pipeline.
import type { EmbeddingCache } from '../../../electron/inference/embedding-cache';
import type { Segmenter } from '../../../electron/inference/segmenter';
import type { EmbeddingEncoder } from './sam-container';

export function encoderFromLocalSam(segmenter: Segmenter, cache: EmbeddingCache): EmbeddingEncoder {
  return {
    modelId: segmenter.modelId,
    async encode(image, signal) {
      await segmenter.prepare(image, signal);
      const e = await cache.get({ imageSha256: image.sha256, modelId: segmenter.modelId });
      if (!e || e.dtype !== 'float32')
        throw new Error(`The local encoder '${segmenter.modelId}' left no float32 embedding in its cache.`);
      return { data: e.data, dims: e.shape };
    },
  };
}
