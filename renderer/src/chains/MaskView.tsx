// One image with a run's regions drawn over it: masks filled in their label's colour, boxes outlined, label and
// score written at the box corner, prompt points and boxes (from boxes-to-points / boxes-to-prompts) marked. Drawn on a canvas at the image's own size and scaled by CSS.
import { useEffect, useRef } from 'react';
import type { Region } from '../../../shared/chains/regions';
import { rleToMask } from '../../../shared/geometry';
import { LABEL_PALETTE } from '../../../shared/labels';
import { imageSrc } from '../api';

export function labelColour(label: string, labels: readonly string[]): string {
  const at = labels.indexOf(label);
  return LABEL_PALETTE[(at < 0 ? 0 : at) % LABEL_PALETTE.length]!;
}

const rgb = (hex: string) =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

export function MaskView({
  project,
  imageId,
  regions,
  labels,
  testId,
}: {
  project: string;
  imageId: number;
  regions: readonly Region[];
  labels: readonly string[];
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let cancelled = false;
    const img = new Image();
    img.onload = () => {
      const c = canvas.current;
      if (cancelled || !c) return;
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const overlay = g.getImageData(0, 0, c.width, c.height);
      for (const r of regions) {
        if (!r.rle || r.rle.size[0] !== c.height || r.rle.size[1] !== c.width) continue;
        const [red, green, blue] = rgb(labelColour(r.label, labels));
        const mask = rleToMask(r.rle);
        for (let i = 0; i < mask.data.length; i++) {
          if (!mask.data[i]) continue;
          const p = i * 4;
          overlay.data[p] = (overlay.data[p]! + red) >> 1;
          overlay.data[p + 1] = (overlay.data[p + 1]! + green) >> 1;
          overlay.data[p + 2] = (overlay.data[p + 2]! + blue) >> 1;
        }
      }
      g.putImageData(overlay, 0, 0);
      g.lineWidth = Math.max(2, c.width / 400);
      g.font = `${Math.max(14, Math.round(c.width / 70))}px sans-serif`;
      for (const r of regions) {
        const [x1, y1, x2, y2] = r.box;
        g.strokeStyle = g.fillStyle = labelColour(r.label, labels);
        g.strokeRect(x1, y1, x2 - x1, y2 - y1);
        const text = `${r.label} ${r.score.toFixed(2)}`;
        const h = parseInt(g.font, 10) + 4;
        g.fillRect(x1, Math.max(0, y1 - h), g.measureText(text).width + 8, h);
        g.fillStyle = '#fff';
        g.fillText(text, x1 + 4, Math.max(h - 5, y1 - 5));
      }
      // The prompts a step made from the boxes: a point (a disc with a dark ring) or a dashed box.
      for (const r of regions) {
        const prompt = r.prompt;
        if (!prompt) continue;
        g.strokeStyle = '#fff';
        if ('point' in prompt) {
          g.beginPath();
          g.arc(prompt.point[0], prompt.point[1], Math.max(6, c.width / 90), 0, 2 * Math.PI);
          g.fillStyle = '#3fd37a';
          g.fill();
          g.stroke();
        } else {
          const [x1, y1, x2, y2] = prompt.box;
          g.setLineDash([8, 5]);
          g.strokeStyle = '#ffd166';
          g.strokeRect(x1, y1, x2 - x1, y2 - y1);
          g.setLineDash([]);
        }
      }
      c.dataset.drawn = String(regions.length);
    };
    img.src = imageSrc('full', project, imageId);
    return () => {
      cancelled = true;
    };
  }, [project, imageId, regions, labels]);

  return <canvas ref={canvas} className="chain-mask-view" data-testid={testId} />;
}
