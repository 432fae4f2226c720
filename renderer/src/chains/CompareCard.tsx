// The comparison panel: two runs image by image (regions, mean scores, matches), and the picked image with
// each run's regions side by side.
import type { RunComparison } from '../../../shared/api/chains';
import { Card } from '../components/Card';
import { MaskView } from './MaskView';
import type { RunComparisonView } from './use-run-comparison';

export function CompareCard({
  path,
  comparison,
  compare,
}: {
  path: string;
  comparison: RunComparison;
  compare: RunComparisonView;
}) {
  const { imageId, setImageId, shown, labelsShown } = compare;
  return (
    <Card
      title={
        <>
          Run #{comparison.runA.id} (A) vs #{comparison.runB.id} (B)
        </>
      }
      data-testid="chain-compare"
    >
      <p className="muted" data-testid="compare-summary">
        {comparison.images.length} images · regions A {comparison.countA}, B {comparison.countB} · matched{' '}
        {comparison.matched}
        {comparison.meanMatchedIou !== null &&
          ` · mean IoU of matches ${comparison.meanMatchedIou.toFixed(2)}`}
      </p>
      <table className="chains-table">
        <thead>
          <tr>
            <th>Image</th>
            <th>A regions (mean score)</th>
            <th>B regions (mean score)</th>
            <th>Matched (mean IoU)</th>
          </tr>
        </thead>
        <tbody>
          {comparison.images.map((i) => (
            <tr
              key={i.imageId}
              className={i.imageId === imageId ? 'selected' : ''}
              onClick={() => setImageId(i.imageId)}
              data-testid={`compare-image-${i.imageId}`}
            >
              <td>{i.imageId}</td>
              <td>
                {i.countA} ({i.meanScoreA?.toFixed(2) ?? '–'})
              </td>
              <td>
                {i.countB} ({i.meanScoreB?.toFixed(2) ?? '–'})
              </td>
              <td>
                {i.matches.length} ({i.meanMatchedIou?.toFixed(2) ?? '–'})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {imageId !== null && (
        <div className="chains-side-by-side">
          {(['a', 'b'] as const).map((side) => (
            <figure key={side}>
              <figcaption>
                {side.toUpperCase()}: #{side === 'a' ? comparison.runA.id : comparison.runB.id}{' '}
                {side === 'a' ? comparison.runA.name : comparison.runB.name} ·{' '}
                {shown[side]?.regions.length ?? 0} regions
              </figcaption>
              <MaskView
                project={path}
                imageId={imageId}
                regions={shown[side]?.regions ?? []}
                labels={labelsShown}
                testId={`compare-view-${side}`}
              />
            </figure>
          ))}
        </div>
      )}
    </Card>
  );
}
