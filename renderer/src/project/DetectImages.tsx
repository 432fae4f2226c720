// 'Detect' over the library: the local detector's classes (the same targets as the image view's Detect) on the
// selected images, or on every image the library shows, as a pre-labeling job (a one-step detector chain
// through the batch API). Proposals already on an image are not proposed again (shared/duplicates.ts).
import { useState } from 'react';
import type { ImageSet } from '../../../shared/api/batch';
import { Icon } from '../components/Icon';
import { DETECT_TARGETS } from '../segment/proposals';
import { startBatchJob } from '../state/commands';

export function DetectImages({
  project,
  images,
  scope,
}: {
  project: string;
  images: ImageSet;
  /** Says which images, after 'Detect' ('in 3 selected', 'in all 120'). */
  scope: string;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const detect = async (target: (typeof DETECT_TARGETS)[number]) => {
    setBusy(target.id);
    const name = `Detect ${target.many}`;
    await startBatchJob(project, {
      chain: { name, steps: [{ op: 'detect-class', classes: [...target.classes] }] },
      images,
      name,
      settings: {},
    });
    setBusy(null);
  };
  return (
    <div className="library-detect" data-testid="library-detect">
      <span className="muted small">
        <Icon name="sparkles" size={12} /> Detect {scope}
      </span>
      {DETECT_TARGETS.map((t) => (
        <button
          key={t.id}
          type="button"
          className="btn btn-ghost small"
          disabled={busy !== null}
          onClick={() => void detect(t)}
          title={`Propose boxes of ${t.many} ${scope} with the local detector, as a pre-labeling job`}
          data-testid={`library-detect-${t.id}`}
        >
          {busy === t.id && <span className="spinner tiny" aria-hidden="true" />}
          {t.label}
        </button>
      ))}
    </div>
  );
}
