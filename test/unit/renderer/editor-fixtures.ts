import type { Annotation, Geometry, Rle } from '../../../shared/domain';
import { createEditor, type EditorState } from '../../../renderer/src/editor/editor-state';
import { HAND_DRAWN } from '../../../renderer/src/editor/edits';
import type { ToolPointer } from '../../../renderer/src/editor/tools';

export function ann(
  id: number,
  geometry: Geometry,
  extra: Partial<Annotation> = {},
  rle: Rle | null = null,
): Annotation {
  return {
    id,
    imageId: 1,
    labelId: 1,
    kind: geometry.kind,
    geometry,
    rle,
    area: 0,
    ...HAND_DRAWN,
    ...extra,
  };
}

export const box = (id: number, b: [number, number, number, number], extra: Partial<Annotation> = {}) =>
  ann(id, { kind: 'box', box: b }, extra);

export function editor(annotations: Annotation[] = [], patch: Partial<EditorState> = {}): EditorState {
  return { ...createEditor({ imageId: 1, width: 100, height: 80, annotations, labelId: 1 }), ...patch };
}

export function pointer(x: number, y: number, patch: Partial<ToolPointer> = {}): ToolPointer {
  return {
    point: [x, y],
    button: 0,
    alt: false,
    shift: false,
    scale: 1,
    targetId: null,
    handle: null,
    ...patch,
  };
}
