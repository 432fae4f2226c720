// Every canvas tool, in toolbar order. The tool ids come from this list: a new tool is one entry here.
import { boxTool } from './box-tool';
import { brushTool, eraserTool } from './brush-tool';
import { pointTool } from './point-tool';
import { polygonTool } from './polygon-tool';
import { selectTool } from './select-tool';
import type { Tool } from './types';

export const TOOLS = [selectTool, pointTool, boxTool, polygonTool, brushTool, eraserTool] as const;

export type ToolId = (typeof TOOLS)[number]['id'];
export const TOOL_IDS: readonly ToolId[] = TOOLS.map((t) => t.id);

/** Whether a stored value (the tool remembered for next time) names a tool. */
export const isToolId = (value: unknown): value is ToolId => (TOOL_IDS as readonly unknown[]).includes(value);

export function toolById(id: ToolId): Tool {
  return TOOLS.find((t) => t.id === id) ?? selectTool;
}

export type { Tool, ToolOutcome, ToolPointer } from './types';
