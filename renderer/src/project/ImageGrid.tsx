import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { IMAGE_STATUSES, type ImageRecord, type ProjectInfo } from '../../../shared/domain';
import type { SequenceMembership } from '../../../shared/api/sequences';
import { imageSrc } from '../api';
import { FolderBrowser } from '../components/FolderBrowser';
import { Icon } from '../components/Icon';
import { actionTitle, ActionKbd } from '../components/Kbd';
import { STATUS_LABELS, StatusChip, StatusDot } from '../components/StatusChip';
import { formatCount, plural } from '../../../shared/counts';
import { revealBidiControls } from '../../../shared/display-text';
import { baseName, dirName } from '../lib/paths';
import {
  isFiltered,
  PAGE_SIZE,
  pageCount,
  runningJob,
  selectRange,
  toggleSelection,
} from '../state/app-state';
import { update, useApp } from '../state/app';
import { ImportReportBanner } from './ImportReportBanner';
import { DetectImages } from './DetectImages';
import { NewSequenceDialog } from '../sequences/NewSequenceDialog';
import { loadLibrarySequences, useLibrarySequences } from '../sequences/library-sequences';
import { deselectAll, go, relink, requestImport, setFilter, setPage, setStatusHere } from '../state/commands';

export function ImageGrid({ project }: { project: ProjectInfo }) {
  const images = useApp((s) => s.images);
  const filter = useApp((s) => s.filter);
  const page = useApp((s) => s.page);
  const selection = useApp((s) => s.selection);
  const importing = useApp((s) => runningJob(s.jobs, 'import', project.path) !== undefined);
  const [relinkFrom, setRelinkFrom] = useState<string | null>(null);
  const [sequencing, setSequencing] = useState(false);
  const frameOf = useLibrarySequences((s) => (s && s.project === project.path ? s.frames : null));
  // Which sequence each card's image is a frame of, loaded with each page.
  useEffect(() => {
    void loadLibrarySequences(
      project.path,
      images.items.map((i) => i.id),
    );
  }, [project.path, images.items]);
  const scroller = useRef<HTMLElement>(null);
  // A new page starts at its top.
  useEffect(() => {
    // A block body: scrollTo returns a promise in recent Chromium, and an effect must not return one.
    scroller.current?.scrollTo({ top: 0 });
  }, [page]);
  const selected = new Set(selection);
  const firstLoad = images.key === '' && images.loading;
  const filtered = isFiltered(filter);

  const onCardClick = (event: MouseEvent, image: ImageRecord) => {
    const order = images.items.map((i) => i.id);
    if (event.shiftKey) {
      event.preventDefault();
      update((s) => selectRange(s, order, image.id));
    } else if (event.metaKey || event.ctrlKey || selection.length > 0) {
      update((s) => toggleSelection(s, image.id));
    } else {
      go({ name: 'image', path: project.path, imageId: image.id });
    }
  };

  return (
    <section className="library" aria-label="Images" ref={scroller}>
      <ImportReportBanner />
      <div className="library-toolbar">
        {selection.length > 0 ? (
          <div className="selection-bar" data-testid="selection-bar">
            <span className="selection-count">{formatCount(selection.length)} selected</span>
            <span className="muted small">Set status</span>
            <div className="segmented small">
              {IMAGE_STATUSES.map((s) => (
                <button
                  key={s}
                  type="button"
                  onClick={() => void setStatusHere(s)}
                  title={actionTitle(`status.${s}`)}
                  data-testid={`set-status-${s}`}
                >
                  <StatusDot status={s} /> {STATUS_LABELS[s]}
                </button>
              ))}
            </div>
            <DetectImages
              project={project.path}
              images={{ imageIds: selection }}
              scope={`in ${formatCount(selection.length)} selected`}
            />
            <button
              type="button"
              className="btn small"
              onClick={() => setSequencing(true)}
              disabled={project.readOnly}
              title="Make the selected images the frames of a sequence, in file-name order"
              data-testid="make-sequence"
            >
              <Icon name="layers" size={13} /> Make sequence
            </button>
            <button
              type="button"
              className="btn btn-ghost small"
              onClick={deselectAll}
              title={actionTitle('library.clearSelection')}
            >
              Clear <ActionKbd id="library.clearSelection" />
            </button>
          </div>
        ) : (
          <div className="library-count">
            <span data-testid="image-total" data-total={images.total} className="total">
              {firstLoad
                ? 'Loading…'
                : filtered
                  ? `${plural(images.total, 'image')} match`
                  : plural(images.total, 'image')}
            </span>
            {images.total > 0 && (
              <span className="muted small hint">Click to open · Shift/Ctrl-click to select</span>
            )}
          </div>
        )}
        {selection.length === 0 && images.total > 0 && (
          <DetectImages
            project={project.path}
            images={filtered ? { filter } : { all: true }}
            scope={filtered ? `in these ${formatCount(images.total)}` : `in all ${formatCount(images.total)}`}
          />
        )}
        <Pager total={images.total} page={page} />
      </div>

      {firstLoad ? (
        <div className="grid" aria-busy="true">
          {Array.from({ length: 12 }, (_, i) => (
            <div key={i} className="image-card skeleton">
              <div className="thumb" />
              <div className="card-meta">
                <div className="skeleton-line" />
                <div className="skeleton-line short" />
              </div>
            </div>
          ))}
        </div>
      ) : images.items.length === 0 && !images.loading ? (
        importing && !filtered ? (
          <div className="empty" data-testid="empty-importing">
            <div className="spinner" />
            <h2>Importing images…</h2>
            <p className="muted">They appear here as they are added.</p>
          </div>
        ) : filtered ? (
          <div className="empty" data-testid="empty-filtered">
            <Icon name="search" size={32} className="icon empty-icon" />
            <h2>No images match these filters</h2>
            <p className="muted">Try another status or search, or clear the filters.</p>
            <button
              type="button"
              className="btn"
              onClick={() =>
                setFilter({
                  status: undefined,
                  search: undefined,
                  missing: undefined,
                  hasPredictions: undefined,
                  labelId: undefined,
                })
              }
            >
              Clear filters
            </button>
          </div>
        ) : (
          <div className="empty" data-testid="empty-project">
            <Icon name="image" size={32} className="icon empty-icon" />
            <h2>Import a folder of images to start</h2>
            <p className="muted">
              Images stay where they are; the project keeps their paths and content hashes.
            </p>
            <button
              type="button"
              className="btn btn-primary"
              onClick={requestImport}
              disabled={project.readOnly}
            >
              <Icon name="import" size={14} /> Import folder <ActionKbd id="library.import" />
            </button>
          </div>
        )
      ) : (
        <div className={images.loading ? 'grid refreshing' : 'grid'} data-testid="image-grid" role="list">
          {images.items.map((image) => (
            <ImageCard
              key={image.id}
              image={image}
              project={project.path}
              selected={selected.has(image.id)}
              sequence={frameOf?.[image.id] ?? null}
              selecting={selection.length > 0}
              onClick={(e) => onCardClick(e, image)}
              onToggle={(e) => {
                e.stopPropagation();
                if (e.shiftKey)
                  update((s) =>
                    selectRange(
                      s,
                      images.items.map((i) => i.id),
                      image.id,
                    ),
                  );
                else update((s) => toggleSelection(s, image.id));
              }}
              onRelink={() => setRelinkFrom(dirName(image.path))}
            />
          ))}
        </div>
      )}

      {images.total > PAGE_SIZE && (
        <div className="library-footer">
          <Pager total={images.total} page={page} />
        </div>
      )}

      {sequencing && (
        <NewSequenceDialog
          project={project.path}
          selection={selection}
          onClose={() => setSequencing(false)}
          onMade={deselectAll}
        />
      )}

      {relinkFrom !== null && (
        <FolderBrowser
          title="Relink missing images"
          chooseLabel="Search this folder"
          start={relinkFrom}
          onClose={() => setRelinkFrom(null)}
          onChoose={(folder) => {
            setRelinkFrom(null);
            void relink(folder);
          }}
        />
      )}
    </section>
  );
}

function Pager({ total, page }: { total: number; page: number }) {
  const pages = pageCount(total);
  if (total <= PAGE_SIZE) return null;
  const from = page * PAGE_SIZE + 1;
  const to = Math.min(total, (page + 1) * PAGE_SIZE);
  return (
    <div className="pager" data-testid="pager">
      <span className="muted small tabular">
        {formatCount(from)}–{formatCount(to)} of {formatCount(total)}
      </span>
      <button
        type="button"
        className="icon-btn bordered"
        disabled={page === 0}
        onClick={() => setPage(page - 1)}
        title={actionTitle('library.prevPage')}
        aria-label="Previous page"
        data-testid="page-prev"
      >
        <Icon name="chevronLeft" />
      </button>
      <span className="small tabular">
        Page {page + 1} of {formatCount(pages)}
      </span>
      <button
        type="button"
        className="icon-btn bordered"
        disabled={page >= pages - 1}
        onClick={() => setPage(page + 1)}
        title={actionTitle('library.nextPage')}
        aria-label="Next page"
        data-testid="page-next"
      >
        <Icon name="chevronRight" />
      </button>
    </div>
  );
}

interface ImageCardProps {
  image: ImageRecord;
  project: string;
  selected: boolean;
  /** The sequence the image is a frame of. */
  sequence: SequenceMembership | null;
  selecting: boolean;
  onClick: (event: MouseEvent) => void;
  onToggle: (event: MouseEvent) => void;
  onRelink: () => void;
}

function ImageCard({
  image,
  project,
  selected,
  sequence,
  selecting,
  onClick,
  onToggle,
  onRelink,
}: ImageCardProps) {
  const [failed, setFailed] = useState(false);
  const name = revealBidiControls(baseName(image.path));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      go({ name: 'image', path: project, imageId: image.id });
    } else if (e.key === ' ' && e.target === e.currentTarget) {
      e.preventDefault();
      update((s) => toggleSelection(s, image.id));
    }
  };
  const classes = ['image-card', selected && 'selected', selecting && 'selecting', image.missing && 'missing']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      role="listitem"
      tabIndex={0}
      onClick={onClick}
      onKeyDown={onKeyDown}
      aria-selected={selected}
      aria-label={`${name}, ${STATUS_LABELS[image.status]}${image.missing ? ', file missing' : ''}`}
      data-testid="image-card"
      data-status={image.status}
      data-image-id={image.id}
      data-selected={selected || undefined}
      data-missing={image.missing || undefined}
    >
      <div className="thumb">
        {!failed && (
          <img
            src={imageSrc('thumb', project, image.id)}
            alt=""
            loading="lazy"
            decoding="async"
            draggable={false}
            onError={() => setFailed(true)}
            data-testid="image-thumb"
          />
        )}
        {failed && !image.missing && (
          <div className="thumb-fallback">
            <Icon name="image" size={24} />
            <span>No preview</span>
          </div>
        )}
        {image.missing && (
          <div className="missing-overlay" data-testid="missing-file">
            <Icon name="alert" size={20} />
            <span>File missing</span>
            <button
              type="button"
              className="btn small"
              onClick={(e) => {
                e.stopPropagation();
                onRelink();
              }}
              data-testid="relink"
            >
              <Icon name="link" size={13} /> Relink…
            </button>
          </div>
        )}
        <button
          type="button"
          className={selected ? 'card-check checked' : 'card-check'}
          onClick={onToggle}
          aria-label={selected ? `Deselect ${name}` : `Select ${name}`}
          aria-pressed={selected}
          tabIndex={-1}
        >
          {selected && <Icon name="check" size={12} strokeWidth={3} />}
        </button>
      </div>
      <div className="card-meta">
        <div className="card-name" title={image.path}>
          {name}
        </div>
        <div className="card-row">
          <StatusChip status={image.status} />
          <span className="card-dims tabular">
            {image.width}×{image.height}
          </span>
        </div>
        <div className="card-row card-counts">
          <span title="Annotations" className={image.annotationCount ? '' : 'zero'}>
            <Icon name="shapes" size={12} /> {formatCount(image.annotationCount)}
          </span>
          <span
            title="Model proposals awaiting review"
            className={image.proposalCount ? 'proposals' : 'zero'}
          >
            <Icon name="sparkles" size={12} /> {formatCount(image.proposalCount)}
          </span>
          {sequence && (
            <span
              className="card-sequence"
              title={`Frame ${sequence.frame} of sequence “${sequence.name}”`}
              data-testid="card-sequence"
            >
              <Icon name="layers" size={12} /> <span className="card-sequence-name">{sequence.name}</span> ·{' '}
              {sequence.frame}
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
