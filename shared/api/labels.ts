// The labels group: a project's label names, colours and 1-9 hotkeys.
import { z } from 'zod';
import type { Label } from '../domain';
import { isHexColor, isHotkey } from '../labels';
import { id, method, project } from './kit';

// The label rules of shared/labels.ts, so the API refuses what the store would.
const hexColor = z.string().refine(isHexColor, 'a colour like #1f77b4');
const hotkey = z.number().int().refine(isHotkey, 'a key from 1 to 9').nullable();

export const labelMethods = {
  list: method<Label[]>().of(z.object({ project })),
  create: method<Label>().of(
    z.object({
      project,
      name: z.string().trim().min(1).max(100),
      color: hexColor.optional(),
      hotkey: hotkey.optional(),
    }),
  ),
  update: method<Label>().of(
    z.object({
      project,
      id,
      name: z.string().trim().min(1).max(100).optional(),
      color: hexColor.optional(),
      hotkey: hotkey.optional(),
    }),
  ),
  remove: method<void>().of(z.object({ project, id })),
} as const;
