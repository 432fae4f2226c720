import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { IMAGE_STATUSES, type ImageRecord } from '../../../shared/domain';
import { api } from '../api';
import { Icon } from '../components/Icon';
import { actionTitle, ActionKbd } from '../components/Kbd';
import { STATUS_LABELS, StatusDot } from '../components/StatusChip';
import { formatBytes, formatDateTime, formatOrientation } from '../lib/format';
import { baseName } from '../lib/paths';
import { withImage } from '../state/app-state';
import { attempt, navigate, reportError, toast, update, useApp } from '../state/app';
import { go, neighborOf, onImageChanged, onStepRequest, setStatus } from '../state/commands';
import { AnnotationCanvas } from '../canvas/AnnotationCanvas';
import { CanvasStatus, CanvasToolbar } from '../canvas/CanvasToolbar';
import { labelColor } from '../canvas/colors';
import { installAutomation } from '../editor/automation';
import { closeEditor, openEditor, useEditor } from '../editor/editor-store';
import { HoverMask } from '../segment/HoverMask';
import { setHoverPoint } from '../segment/hover-preview';
import { SegmentPanel } from '../segment/SegmentPanel';
import { SequenceStrip } from '../sequences/SequenceStrip';
import { AnnotationList, LabelLegend } from './AnnotationList';

installAutomation();

type Neighbors = { prev: number | null | undefined; next: number | null | undefined };

export function ImageView({ path, imageId }: { path: string; imageId: number }) {
  const labels = useApp((s) => (s.project?.path === path ? s.labels : EMPTY));
  const filter = useApp((s) => s.filter);
  const [image, setImage] = useState<ImageRecord | null>(null);
  const [loadedNeighbors, setNeighbors] = useState<Neighbors & { id: number }>({
    id: 0,
    prev: undefined,
    next: undefined,
  });
  // The image on screen, for answers that arrive after the user moved on.
  const current = useRef(imageId);
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  }, [labels]);
  useEffect(() => {
    current.current = imageId;
  }, [imageId]);

  // Shows a fresh record of the image (after a status change, say); an image that is gone sends you back.
  const showImage = useCallback(
    (id: number) =>
      api.images.get({ project: path, id }).then(
        (record) => {
          if (current.current !== id) return;
          setImage(record);
          update((s) => ({ ...s, images: withImage(s.images, record) }));
        },
        (err: unknown) => {
          reportError(err);
          if (current.current === id) navigate({ name: 'project', path }, { replace: true });
        },
      ),
    [path],
  );

  useEffect(() => {
    let live = true;
    void showImage(imageId);
    for (const direction of ['prev', 'next'] as const) {
      neighborOf(path, imageId, direction).then(
        (id) =>
          live &&
          setNeighbors((n) =>
            n.id === imageId
              ? { ...n, [direction]: id }
              : { id: imageId, prev: undefined, next: undefined, [direction]: id },
          ),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [path, imageId, filter, showImage]);

  const shown = image?.id === imageId ? image : null;
  const annotationCount = useEditor((s) =>
    s?.imageId === imageId ? s.annotations.filter((a) => a.reviewState !== 'rejected').length : 0,
  );
  // The hover preview is drawn in the colour a click would take: the active label's.
  const activeLabel = useEditor((s) => (s?.imageId === imageId ? s.labelId : null));

  // The editor opens once the image record, its annotations and its open prompt are in; it closes (its saves
  // still finish) when the user moves to another image.
  useEffect(() => {
    if (!shown) return;
    let live = true;
    void attempt(() =>
      Promise.all([
        api.annotations.list({ project: path, imageId: shown.id }),
        api.prompts.current({ project: path, imageId: shown.id }),
      ]),
    ).then((loaded) => {
      if (live && loaded) openEditor(path, shown, loaded[0], loaded[1], labelsRef.current);
    });
    return () => {
      live = false;
      closeEditor(shown.id);
    };
    // Reopen for another image or size only, not for a status change of the same image.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, shown?.id, shown?.width, shown?.height]);
  const neighbors = useMemo<Neighbors>(
    () => (loadedNeighbors.id === imageId ? loadedNeighbors : { prev: undefined, next: undefined }),
    [loadedNeighbors, imageId],
  );

  const step = useCallback(
    async (direction: 'prev' | 'next') => {
      let target = neighbors[direction];
      if (target === undefined) {
        const id = await attempt(() => neighborOf(path, imageId, direction));
        if (id === undefined) return;
        target = id;
      }
      if (target === null) {
        toast(
          'info',
          direction === 'next'
            ? 'This is the last image in the current view.'
            : 'This is the first image in the current view.',
        );
        return;
      }
      navigate({ name: 'image', path, imageId: target }, { replace: true });
    },
    [neighbors, path, imageId],
  );

  useEffect(() => onStepRequest((d) => void step(d)), [step]);
  useEffect(() => onImageChanged((id) => id === current.current && void showImage(id)), [showImage]);

  const changeStatus = async (status: ImageRecord['status']) => {
    if (!image || image.status === status) return;
    setImage({ ...image, status });
    if (!(await setStatus([image.id], status))) void showImage(image.id);
  };

  return (
    <div className="image-view" data-testid="image-view" data-image-id={imageId}>
      <div className="iv-toolbar">
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => go({ name: 'project', path })}
          title={actionTitle('image.back')}
          data-testid="image-back"
        >
          <Icon name="arrowLeft" size={14} /> Library <ActionKbd id="image.back" />
        </button>
        <div className="iv-title" title={shown?.path}>
          {shown ? baseName(shown.path) : '\u00a0'}
        </div>
        <div className="iv-nav">
          <button
            type="button"
            className="btn"
            onClick={() => void step('prev')}
            disabled={neighbors.prev === null}
            title={actionTitle('image.prev')}
            data-testid="image-prev"
          >
            <Icon name="chevronLeft" size={14} /> Prev <ActionKbd id="image.prev" />
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void step('next')}
            disabled={neighbors.next === null}
            title={actionTitle('image.next')}
            data-testid="image-next"
          >
            Next <ActionKbd id="image.next" /> <Icon name="chevronRight" size={14} />
          </button>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Image status">
          {IMAGE_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={shown?.status === s}
              className={shown?.status === s ? `active status-${s}` : undefined}
              onClick={() => void changeStatus(s)}
              disabled={!shown}
              title={actionTitle(`status.${s}`)}
              data-testid={`image-status-${s}`}
            >
              <StatusDot status={s} /> {STATUS_LABELS[s]}
            </button>
          ))}
        </div>
      </div>
      <div className="iv-body">
        <div className="canvas-column">
          <CanvasToolbar labels={labels} />
          {shown ? (
            <AnnotationCanvas
              project={path}
              image={shown}
              labels={labels}
              overlays={<HoverMask imageId={shown.id} color={labelColor(labels, activeLabel)} />}
              onHover={(point) => setHoverPoint(shown.id, point)}
            />
          ) : (
            <div className="stage">
              <div className="spinner" />
            </div>
          )}
          <CanvasStatus />
          <SequenceStrip project={path} imageId={imageId} labels={labels} />
        </div>
        <aside className="iv-panel">
          <SegmentPanel project={path} imageId={imageId} labels={labels} />
          <section className="panel-section">
            <h3 className="side-title">Labels</h3>
            <LabelLegend labels={labels} />
          </section>
          <section className="panel-section">
            <h3 className="side-title">
              Annotations {annotationCount > 0 && <span className="side-count">{annotationCount}</span>}
            </h3>
            <AnnotationList labels={labels} />
          </section>
          <section className="panel-section">
            <h3 className="side-title">File</h3>
            {shown ? <FileInfo image={shown} /> : <div className="skeleton-line" />}
          </section>
        </aside>
      </div>
    </div>
  );
}

const EMPTY: never[] = [];

function FileInfo({ image }: { image: ImageRecord }) {
  return (
    <dl className="file-info">
      <dt>Path</dt>
      <dd className="mono break" title={image.path}>
        {image.path}
        {image.missing && <span className="badge warn">Missing</span>}
      </dd>
      <dt>Size</dt>
      <dd>
        {image.width} × {image.height} px · {formatBytes(image.sizeBytes)} · {image.format.toUpperCase()}
      </dd>
      <dt>SHA-256</dt>
      <dd className="mono" title={image.sha256}>
        {image.sha256.slice(0, 12)}…
      </dd>
      <dt>Orientation</dt>
      <dd>{formatOrientation(image.orientation)}</dd>
      <dt>Added</dt>
      <dd>{formatDateTime(image.addedAt)}</dd>
      <dt>Updated</dt>
      <dd>{formatDateTime(image.updatedAt)}</dd>
    </dl>
  );
}
