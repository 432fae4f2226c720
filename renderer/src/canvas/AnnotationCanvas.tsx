// The annotation canvas: a react-konva stage with layers for the image, accepted annotations, proposals, the
// open prompt (with the model's candidate) and the tool overlay. Pointer input is turned into image
// coordinates here and handed to the active tool; wheel zooms to the cursor; space-drag or the middle button
// pans. Nothing on the stage listens to events: hit tests run in image coordinates (hit-test.ts).
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import { Image as KImage, Layer, Rect, Stage } from 'react-konva';
import type { Annotation, ImageRecord, Label, Point } from '../../../shared/domain';
import { isEditableTarget } from '../actions/useShortcuts';
import { imageSrc } from '../api';
import { Icon } from '../components/Icon';
import { activeCandidate, isLocked, isProposal, isVisible } from '../editor/editor-state';
import { pointerEvent, useEditor } from '../editor/editor-store';
import { toolById, type ToolPointer } from '../editor/tools';
import { handleAt } from '../editor/tools/handles';
import { ShapesBatch } from './ShapesBatch';
import { labelColor } from './colors';
import { DraftMarks } from './DraftMarks';
import { hitTest } from './hit-test';
import { buildComposite, sameItems, type CompositeItem, type MaskComposite } from './mask-composite';
import { CandidateMask, PromptMarks } from './PromptMarks';
import { pan, setImageSize, setStageSize, useView, zoom } from './view-store';
import { toImage, wheelFactor } from './viewport';

/** An image element for `src`, loaded off-screen; `failed` when it cannot be. */
export function useImageElement(src: string) {
  const [state, setState] = useState<{ src: string; img: HTMLImageElement | null; failed: boolean }>({
    src: '',
    img: null,
    failed: false,
  });
  useEffect(() => {
    const img = new window.Image();
    img.onload = () => setState({ src, img, failed: false });
    img.onerror = () => setState({ src, img: null, failed: true });
    img.src = src;
    return () => {
      img.onload = null;
      img.onerror = null;
    };
  }, [src]);
  return state.src === src ? state : { src, img: null, failed: false };
}

/** The composite of the visible masks, rebuilt only when what it paints changes (not on selection or view). */
function useMaskComposite(
  visible: readonly Annotation[],
  labels: readonly Label[],
  width: number,
  height: number,
): MaskComposite | null {
  const items: CompositeItem[] = visible
    .filter((a) => a.kind === 'mask')
    .map((a) => ({ a, color: labelColor(labels, a.labelId), alpha: isProposal(a) ? 0.6 : 1 }));
  const [built, setBuilt] = useState<{
    items: CompositeItem[];
    size: string;
    composite: MaskComposite | null;
  }>({
    items: [],
    size: '',
    composite: null,
  });
  const size = `${width}x${height}`;
  if (built.size !== size || !sameItems(built.items, items)) {
    // Derived state: rebuilt during render, once per change (React re-renders at once with the new value).
    const next = { items, size, composite: buildComposite(items, width, height) };
    setBuilt(next);
    return next.composite;
  }
  return built.composite;
}

export function AnnotationCanvas({
  project,
  image,
  labels,
  overlays,
  onHover,
}: {
  project: string;
  image: ImageRecord;
  labels: readonly Label[];
  /** Drawn in image coordinates under the prompt's candidate and marks (e.g. the hover preview's mask). */
  overlays?: ReactNode;
  /** Where the point tool hovers, in image pixels, while no shape is drawn; null when it leaves or stops. */
  onHover?: (point: Point | null) => void;
}) {
  const ed = useEditor((s) => (s?.imageId === image.id ? s : null));
  const view = useView((s) => s.view);
  const stageSize = useView((s) => s.stage);
  const container = useRef<HTMLDivElement>(null);
  const { img, failed } = useImageElement(imageSrc('full', project, image.id));
  const [hover, setHover] = useState<Point | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const panning = useRef<{ x: number; y: number } | null>(null);
  const [isPanning, setIsPanning] = useState(false);

  useEffect(() => setImageSize(image.width, image.height), [image.id, image.width, image.height]);

  // The stage box exists only while the image can be shown; (re)attach when it appears.
  const blocked = failed || image.missing;
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setStageSize(el.clientWidth, el.clientHeight));
    ro.observe(el);
    setStageSize(el.clientWidth, el.clientHeight);
    // Wheel must be a non-passive listener to keep the page from scrolling while zooming.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoom(wheelFactor(e.deltaY), [e.clientX - r.left, e.clientY - r.top]);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      ro.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, [blocked]);

  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isEditableTarget(e.target)) return;
      e.preventDefault();
      setSpaceHeld(true);
    };
    const up = (e: KeyboardEvent) => e.code === 'Space' && setSpaceHeld(false);
    const blur = () => setSpaceHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  const visible = useMemo(() => (ed ? ed.annotations.filter((a) => isVisible(ed, a)) : []), [ed]);
  const shapes = useMemo(() => {
    const chosen = new Set(ed?.selection);
    const rest = visible.filter((a) => !chosen.has(a.id));
    return {
      accepted: rest.filter((a) => !isProposal(a)),
      proposals: rest.filter(isProposal),
      selected: visible.filter((a) => chosen.has(a.id)),
    };
  }, [visible, ed?.selection]);
  const composite = useMaskComposite(visible, labels, image.width, image.height);
  const selected = useMemo(
    () => (ed ? visible.filter((a) => ed.selection.includes(a.id) && !isLocked(ed, a.id)) : []),
    [visible, ed],
  );

  if (blocked) {
    return (
      <div className="stage" data-testid="image-stage">
        <div className="stage-message">
          <Icon name="alert" size={28} />
          <strong>{image.missing ? 'The image file is missing' : 'The image could not be shown'}</strong>
          <span className="muted mono small">{image.path}</span>
          {image.missing && (
            <span className="muted small">Relink it from the library once you know where it went.</span>
          )}
        </div>
      </div>
    );
  }

  const tool = ed ? toolById(ed.tool) : null;
  const screenOf = (e: ReactPointerEvent): Point => {
    const r = container.current!.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const toolPointer = (e: ReactPointerEvent, withTargets: boolean): ToolPointer => {
    const point = toImage(view, screenOf(e));
    return {
      point,
      button: e.button === -1 ? 0 : e.button,
      alt: e.altKey,
      shift: e.shiftKey,
      scale: view.scale,
      targetId: withTargets ? hitTest(visible, labels, point, view.scale) : null,
      handle: withTargets && ed?.tool === 'select' ? handleAt(selected, point, view.scale) : null,
    };
  };

  const onPointerDown = (e: ReactPointerEvent) => {
    if (!ed) return;
    container.current?.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.button === 1 || spaceHeld) {
      e.preventDefault();
      panning.current = { x: e.clientX, y: e.clientY };
      setIsPanning(true);
      return;
    }
    pointerEvent('down', toolPointer(e, true));
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    if (panning.current) {
      pan(e.clientX - panning.current.x, e.clientY - panning.current.y);
      panning.current = { x: e.clientX, y: e.clientY };
      return;
    }
    const p = toolPointer(e, false);
    if (ed?.tool === 'brush' || ed?.tool === 'eraser') setHover(p.point);
    onHover?.(ed?.tool === 'point' && !ed.draft ? p.point : null);
    if (ed?.draft) pointerEvent('move', p);
  };
  const onPointerUp = (e: ReactPointerEvent) => {
    if (panning.current) {
      panning.current = null;
      setIsPanning(false);
      return;
    }
    if (ed?.draft) pointerEvent('up', toolPointer(e, false));
  };

  const cursor = isPanning ? 'grabbing' : spaceHeld ? 'grab' : (tool?.cursor ?? 'default');
  const activeColor = labelColor(labels, ed?.labelId ?? null);
  const candidate = ed ? activeCandidate(ed) : null;
  const brushing = ed && (ed.tool === 'brush' || ed.tool === 'eraser');

  return (
    <div
      ref={container}
      className="stage canvas-stage"
      style={{ cursor }}
      tabIndex={-1}
      data-testid="image-stage"
      data-tool={ed?.tool}
      data-view={`${view.scale} ${view.x} ${view.y}`}
      data-ready={img && ed ? 'true' : 'false'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerLeave={() => {
        setHover(null);
        onHover?.(null);
      }}
      onContextMenu={(e) => e.preventDefault()}
      onAuxClick={(e) => e.preventDefault()}
    >
      {stageSize.w > 0 && (
        <Stage
          width={stageSize.w}
          height={stageSize.h}
          scaleX={view.scale}
          scaleY={view.scale}
          x={view.x}
          y={view.y}
          listening={false}
        >
          <Layer listening={false} imageSmoothingEnabled={view.scale < 2}>
            <Rect
              width={image.width}
              height={image.height}
              stroke="#ffffff"
              opacity={0.25}
              strokeWidth={1}
              strokeScaleEnabled={false}
            />
            {img && <KImage image={img} width={image.width} height={image.height} listening={false} />}
          </Layer>
          {ed && (
            <>
              <Layer listening={false}>
                {composite && ed.maskDisplay !== 'outline' && (
                  <KImage
                    image={composite.canvas}
                    width={image.width}
                    height={image.height}
                    opacity={ed.opacity}
                    listening={false}
                    perfectDrawEnabled={false}
                  />
                )}
              </Layer>
              <Layer listening={false}>
                <ShapesBatch
                  annotations={shapes.accepted}
                  labels={labels}
                  opacity={ed.opacity}
                  display={ed.maskDisplay}
                  proposal={false}
                  selected={false}
                />
                <ShapesBatch
                  annotations={shapes.proposals}
                  labels={labels}
                  opacity={ed.opacity}
                  display={ed.maskDisplay}
                  proposal
                  selected={false}
                />
                <ShapesBatch
                  annotations={shapes.selected}
                  labels={labels}
                  opacity={ed.opacity}
                  display={ed.maskDisplay}
                  proposal={false}
                  selected
                />
              </Layer>
              <Layer listening={false}>
                {overlays}
                {candidate && <CandidateMask candidate={candidate} color={activeColor} />}
                <PromptMarks prompt={ed.prompt} scale={view.scale} />
              </Layer>
              <Layer listening={false}>
                <DraftMarks
                  draft={ed.draft}
                  annotations={ed.annotations}
                  selected={ed.tool === 'select' ? selected : []}
                  scale={view.scale}
                  color={activeColor}
                  brush={
                    brushing && hover ? { at: hover, size: ed.brushSize, erase: ed.tool === 'eraser' } : null
                  }
                />
              </Layer>
            </>
          )}
        </Stage>
      )}
      {!img && <div className="spinner stage-spinner" aria-label="Loading the image" />}
    </div>
  );
}
