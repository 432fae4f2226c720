// What the emulator's Grounded-SAM understands of a text prompt: each phrase is optional colour words followed
// by a thing the local COCO-80 detector knows (its name, a plural, a common synonym, or a group word such as
// 'vehicle'). Everything else — stuff like 'driving lane', 'road' or 'sky', other attributes ('parked', 'left'),
// relations — it cannot find, and says so (the `unmatched` list of its answer).
import { classIndex, COCO_CLASSES } from '../../../shared/coco-classes';
import { COLOUR_WORDS, type ColourWord } from './colours';

/** Words naming several COCO classes, or one under a name classIndex does not know. */
const GROUPS: Record<string, string[]> = {
  vehicle: ['car', 'truck', 'bus', 'motorcycle', 'bicycle'],
  vehicles: ['car', 'truck', 'bus', 'motorcycle', 'bicycle'],
  automobile: ['car'],
  van: ['car', 'truck'],
  suv: ['car'],
  lorry: ['truck'],
  cyclist: ['person'],
  rider: ['person'],
  'traffic sign': ['stop sign'],
  sign: ['stop sign'],
  animal: ['dog', 'cat', 'horse', 'bird', 'cow', 'sheep'],
};

export interface PhraseQuery {
  phrase: string;
  colours: ColourWord[];
  /** COCO class names this phrase stands for (non-empty). */
  classes: string[];
}

/** The query a phrase ('silver car') stands for, or null when it names nothing the detector can find. */
export function parsePhrase(phrase: string): PhraseQuery | null {
  const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
  const colours: ColourWord[] = [];
  while (words.length && (COLOUR_WORDS as readonly string[]).includes(words[0]!))
    colours.push(words.shift()! as ColourWord);
  // The longest tail that names something: 'red traffic light' -> 'traffic light', 'parked car' -> 'car'.
  for (let start = 0; start < words.length; start++) {
    const noun = words.slice(start).join(' ');
    const group = GROUPS[noun];
    if (group) return { phrase, colours, classes: group };
    const at = classIndex(COCO_CLASSES, noun);
    if (at >= 0) return { phrase, colours, classes: [COCO_CLASSES[at]!] };
  }
  return null;
}
