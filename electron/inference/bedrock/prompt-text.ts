// The text the studio sends Bedrock beside the image, and its reading back: the emulator (which has no language
// model) reads the same lines to answer from the offline planner and templates, so the format lives here once.
import type { Region } from '../../../shared/chains/regions';
import type { ChainContext } from '../../../shared/chains/validate';

const REQUEST = 'Request: ';
const AVAILABLE =
  'Available here (JSON: detectors with their classes, null = free text; segmenters; project labels): ';
const IMAGE = 'Image size (px, JSON [width, height]): ';
const REGIONS = 'Labelled regions (JSON, boxes [x1, y1, x2, y2] in pixels): ';

type RegionLine = Pick<Region, 'label' | 'score' | 'box'>;

export function planText(request: string, ctx: ChainContext): string {
  const available = { detectors: ctx.detectors, segmenters: ctx.segmenters, labels: ctx.labels ?? [] };
  return `${REQUEST}${request.replace(/\s+/g, ' ')}\n${AVAILABLE}${JSON.stringify(available)}`;
}

export function regionsText(
  image: { width: number; height: number },
  regions: readonly RegionLine[],
): string {
  const shown = regions.map((r) => ({
    label: r.label,
    score: Math.round(r.score * 100) / 100,
    box: r.box.map(Math.round),
  }));
  return `${IMAGE}${JSON.stringify([image.width, image.height])}\n${REGIONS}${JSON.stringify(shown)}`;
}

const line = (text: string, prefix: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(prefix))
    ?.slice(prefix.length);

/** The request and context of a plan prompt, or null when `text` is not one. */
export function readPlanText(text: string): { request: string; ctx: ChainContext } | null {
  const request = line(text, REQUEST);
  const available = line(text, AVAILABLE);
  if (request === undefined || available === undefined) return null;
  return { request, ctx: JSON.parse(available) as ChainContext };
}

/** The image size, regions and the rest of the text (the question) of a regions prompt, or null. */
export function readRegionsText(
  text: string,
): { width: number; height: number; regions: RegionLine[]; question: string } | null {
  const size = line(text, IMAGE);
  const regions = line(text, REGIONS);
  if (size === undefined || regions === undefined) return null;
  const [width, height] = JSON.parse(size) as [number, number];
  const question = text
    .split('\n')
    .filter((l) => !l.startsWith(IMAGE) && !l.startsWith(REGIONS))
    .join('\n')
    .trim();
  return { width, height, regions: JSON.parse(regions) as RegionLine[], question };
}
