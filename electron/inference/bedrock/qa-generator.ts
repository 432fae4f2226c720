// The dataset export's QA generator backed by Bedrock: each image's labelled objects (ignore regions left out,
// as instruction data leaves them out) go with the image to the model, which writes the question-answer pairs.
import { shapeBox } from '../../../shared/datasets/shapes';
import { isIgnoreLabel } from '../../../shared/datasets/records';
import type { QaGenerator } from '../../../shared/datasets/instructions';
import type { BedrockVisionLanguage } from './converse';

export function bedrockQaGenerator(vision: BedrockVisionLanguage, pairsPerImage = 5): QaGenerator {
  return ({ path, width, height, objects }) =>
    vision.qaPairs(
      // Only the path is read (the image goes as a JPEG block); nothing is cached by hash here.
      { sha256: '', path, width, height },
      objects
        .filter((o) => !o.ignore && !isIgnoreLabel(o.category))
        .map((o) => ({ label: o.category, score: o.score ?? 1, box: shapeBox(o.shape) })),
      pairsPerImage,
    );
}
