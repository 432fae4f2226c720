// The labels group: a project's label names, colours and 1-9 hotkeys.
import { z } from 'zod';
import type { Label } from '../domain';
import { id, method, project } from './kit';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
const hotkey = z.number().int().min(1).max(9).nullable();

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
