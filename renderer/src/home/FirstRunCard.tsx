// The first-run prompt on Home: until a model is installed the studio says plainly that masks come from the
// fallback engine, offers MobileSAM and the detector with their download sizes, and when a download fails
// (offline) names the exact files and folder to put them in by hand and checks again. 'Not now' hides it.
import { useCallback, useEffect, useState } from 'react';
import type { SegmentStatus } from '../../../shared/api/segment';
import { api } from '../api';
import { Icon } from '../components/Icon';
import { ModelRow } from '../segment/ModelRow';
import { useModels } from '../segment/use-models';

const DISMISSED_KEY = 'visprompt.firstRun.dismissed';

function dismissedBefore(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

export function FirstRunCard() {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  const [status, setStatus] = useState<SegmentStatus | null>(null);
  const readStatus = useCallback(() => {
    void api.segment.status({}).then(setStatus, () => setStatus(null));
  }, []);
  useEffect(readStatus, [readStatus]);
  const { list, downloads, download, recheck } = useModels(readStatus);

  if (dismissed || !status || !list) return null;
  // The models a new user wants: the default segmenter and detector.
  const offered = list.models.filter((m) => m.default);
  const fallback = status.segmenter.engine === 'classical';
  if (!fallback && offered.every((m) => m.installed)) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Not remembered: it shows again next time, which is fine.
    }
    setDismissed(true);
  };

  return (
    <section className="card first-run" data-testid="first-run" data-engine={status.segmenter.engine ?? ''}>
      <div className="first-run-head">
        <span className={`engine-chip ${fallback ? 'fallback' : 'sam'}`}>
          <Icon name={fallback ? 'alert' : 'check'} size={12} /> {fallback ? 'Fallback engine' : 'SAM ready'}
        </span>
        <h2 className="first-run-title">
          {fallback
            ? 'Masks come from the fallback engine for now'
            : 'One more model: the detector is not installed'}
        </h2>
      </div>
      <p className="muted">
        {fallback
          ? 'No segmentation model is installed, so each click is answered by the classical engine built into the studio (OpenCV GrabCut): no download, but rough masks. '
          : ''}
        MobileSAM gives SAM masks on this machine in a fraction of a second; the detector proposes cars,
        people and traffic lights. Both run offline once downloaded, into{' '}
        <span className="mono">{list.modelsDir}</span>.
      </p>
      <ul className="models-list">
        {offered.map((m) => (
          <ModelRow
            key={m.id}
            model={m}
            download={downloads[m.id]}
            onDownload={(allow) => void download(m, allow)}
            onRecheck={recheck}
          />
        ))}
      </ul>
      <div className="first-run-foot">
        <button
          type="button"
          className="btn btn-ghost small"
          onClick={dismiss}
          data-testid="first-run-dismiss"
        >
          Not now
        </button>
      </div>
    </section>
  );
}
