// The image, fitted to the space it has. The annotation canvas replaces this component: it receives everything
// the canvas will need (the image record, its annotations and the labels) and owns nothing else.
import { useState } from 'react';
import type { Annotation, ImageRecord, Label } from '../../../shared/domain';
import { imageSrc } from '../api';
import { Icon } from '../components/Icon';

export interface ImageStageProps {
  project: string;
  image: ImageRecord;
  annotations: readonly Annotation[];
  labels: readonly Label[];
}

export function ImageStage({ project, image }: ImageStageProps) {
  const src = imageSrc('full', project, image.id);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  return (
    <div className="stage" data-testid="image-stage">
      {failed === src ? (
        <div className="stage-message">
          <Icon name="alert" size={28} />
          <strong>{image.missing ? 'The image file is missing' : 'The image could not be shown'}</strong>
          <span className="muted mono small">{image.path}</span>
          {image.missing && (
            <span className="muted small">Relink it from the library once you know where it went.</span>
          )}
        </div>
      ) : (
        <>
          <img
            key={src}
            className={loaded === src ? 'stage-image' : 'stage-image loading'}
            src={src}
            alt={image.path}
            width={image.width}
            height={image.height}
            draggable={false}
            onLoad={() => setLoaded(src)}
            onError={() => setFailed(src)}
            data-testid="stage-image"
          />
          {loaded !== src && <div className="spinner stage-spinner" aria-label="Loading the image" />}
        </>
      )}
    </div>
  );
}
