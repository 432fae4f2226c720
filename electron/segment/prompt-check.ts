// Checks a prompt against its image before any engine sees it: an empty prompt, a point outside the image or a
// box with no area inside it is a named invalid_input, not a silent empty mask. A box reaching past the edge
// (a drag that ended outside the canvas) is clipped to the image.
import type { PromptInput } from '../../shared/domain';
import { StudioError } from '../../shared/errors';
import { clipBox } from '../../shared/geometry';

export function checkPrompt(prompt: PromptInput, width: number, height: number): PromptInput {
  if (prompt.points.length === 0 && prompt.box === null)
    throw new StudioError('invalid_input', 'The prompt is empty: click a point or draw a box on the image.');
  for (const { point } of prompt.points) {
    const [x, y] = point;
    if (x < 0 || y < 0 || x > width || y > height)
      throw new StudioError(
        'invalid_input',
        `The point (${x}, ${y}) lies outside the ${width}x${height} image.`,
        { point },
      );
  }
  if (prompt.box === null) return prompt;
  const box = clipBox(prompt.box, width, height);
  if (box[2] - box[0] < 1 || box[3] - box[1] < 1)
    throw new StudioError(
      'invalid_input',
      `The box [${prompt.box.join(', ')}] has no area inside the ${width}x${height} image (under 1 pixel).`,
      { box: prompt.box },
    );
  return { points: prompt.points, box };
}

/**
 * Whether `next` refines `previous`: the same box, and the earlier points kept in order with at least one
 * added. Anything else (a point removed by undo, a new box) starts afresh, since feeding back a mask made
 * from other prompts would pull the answer toward what the user just took back.
 */
export function extendsPrompt(previous: PromptInput, next: PromptInput): boolean {
  const sameBox =
    previous.box === null
      ? next.box === null
      : next.box !== null && previous.box.every((v, i) => v === next.box![i]);
  if (!sameBox || next.points.length <= previous.points.length) return false;
  return previous.points.every(
    (p, i) =>
      p.positive === next.points[i]!.positive &&
      p.point[0] === next.points[i]!.point[0] &&
      p.point[1] === next.points[i]!.point[1],
  );
}
