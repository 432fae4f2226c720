// Every canvas tool, in toolbar order.
import type { ToolId } from '../editor-state';
import { boxTool } from './box-tool';
import { brushTool, eraserTool } from './brush-tool';
import { pointTool } from './point-tool';
import { polygonTool } from './polygon-tool';
import { selectTool } from './select-tool';
import type { Tool } from './types';

export const TOOLS: readonly Tool[] = [selectTool, pointTool, boxTool, polygonTool, brushTool, eraserTool];

export function toolById(id: ToolId): Tool {
  return TOOLS.find((t) => t.id === id) ?? selectTool;
}

export type { Tool, ToolOutcome, ToolPointer } from './types';
