// The step-by-step view of one run: which run and image are shown, and that image's record of the run (every
// step's regions: boxes, prompt points and boxes, masks) as the studio kept it.
import { useEffect, useState } from 'react';
import type { ChainRunImage } from '../../../shared/chains/runs';
import { api } from '../api';
import { attempt } from '../state/app';

export function useRunSteps(path: string) {
  const [runId, setRunId] = useState<number | null>(null);
  const [images, setImages] = useState<ChainRunImage[]>([]);
  const [imageId, setImageId] = useState<number | null>(null);

  useEffect(() => {
    if (runId === null) return;
    let live = true;
    void attempt(() => api.chains.runImages({ project: path, runId })).then((list) => {
      if (!live || !list) return;
      setImages(list);
      setImageId((id) =>
        id !== null && list.some((i) => i.imageId === id) ? id : (list[0]?.imageId ?? null),
      );
    });
    return () => {
      live = false;
    };
  }, [path, runId]);

  const shown = runId === null ? null : (images.find((i) => i.imageId === imageId) ?? null);
  return {
    runId,
    open: (id: number) => setRunId(id),
    close: () => setRunId(null),
    images: runId === null ? [] : images,
    imageId,
    setImageId,
    shown,
  };
}

export type RunStepsView = ReturnType<typeof useRunSteps>;
