// Datasets: import a labelled dataset into the project, and export the project as training data (preview of
// the first records, progress while it runs, the manifest's counts or every problem when it ends), and the
// exports made before, with their manifests.
import { ScreenHeader } from '../components/ScreenHeader';
import { go } from '../state/commands';
import { ExportCard } from './ExportCard';
import { ImportCard } from './ImportCard';
import { PastExportsCard } from './PastExportsCard';
import './datasets.css';

export function DatasetsScreen({ path }: { path: string }) {
  return (
    <div className="settings datasets">
      <div className="settings-inner">
        <ScreenHeader
          title="Datasets"
          backText="Back to the library"
          onBack={() => go({ name: 'project', path })}
        >
          <p className="muted">
            Bring labels in from COCO, BDD100K or KITTI; export training data for LLaVA, BLIP-2 and detectors.
          </p>
        </ScreenHeader>
        <ImportCard project={path} />
        <ExportCard project={path} />
        <PastExportsCard project={path} />
      </div>
    </div>
  );
}
