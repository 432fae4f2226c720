// StudioApi: the one typed API the renderer, the CLI and the tests call. Every method has a zod schema for its
// input (checked at every transport) and a declared output type. Transports carry `group.method` names and JSON.
// Each group lives in its own file beside this one, one for one with electron/studio/handlers/ (built from the
// blocks of kit.ts); this file only puts them together.
import type { z } from 'zod';
import { annotationMethods } from './annotations';
import { backupMethods } from './backups';
import { batchMethods } from './batch';
import { chainMethods } from './chains';
import { datasetMethods } from './datasets';
import { endpointMethods } from './endpoints';
import { evalMethods } from './eval';
import { imageMethods } from './images';
import { jobMethods } from './jobs';
import type { MethodSpec } from './kit';
import { labelMethods } from './labels';
import { modelMethods } from './models';
import { projectMethods } from './projects';
import { promptMethods } from './prompts';
import { reviewMethods } from './review';
import { segmentMethods } from './segment';
import { sequenceMethods } from './sequences';
import { settingsMethods } from './settings';
import { systemMethods } from './system';

// The core groups' schemas and types, imported from shared/api since before the groups had files of their own.
export * from './annotations';
export * from './images';
export * from './jobs';
export * from './settings';
export * from './system';

export const studioMethods = {
  projects: projectMethods,
  images: imageMethods,
  labels: labelMethods,
  annotations: annotationMethods,
  prompts: promptMethods,
  segment: segmentMethods,
  chains: chainMethods,
  models: modelMethods,
  datasets: datasetMethods,
  endpoints: endpointMethods,
  settings: settingsMethods,
  jobs: jobMethods,
  batch: batchMethods,
  review: reviewMethods,
  eval: evalMethods,
  sequences: sequenceMethods,
  backups: backupMethods,
  system: systemMethods,
} as const;

type Methods = typeof studioMethods;
export type ApiGroup = keyof Methods;
export type MethodInput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type MethodParsedInput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type MethodOutput<G extends ApiGroup, M extends keyof Methods[G]> =
  Methods[G][M] extends MethodSpec<z.ZodType, infer O> ? O : never;

/** What callers use: each method takes its input as written by a caller (defaults optional). */
export type StudioApi = {
  [G in ApiGroup]: { [M in keyof Methods[G]]: (input: MethodInput<G, M>) => Promise<MethodOutput<G, M>> };
};

/** What services implement: each method receives its input already parsed (defaults filled in). */
export type StudioHandlers = {
  [G in ApiGroup]: {
    [M in keyof Methods[G]]: (input: MethodParsedInput<G, M>) => Promise<MethodOutput<G, M>>;
  };
};

/** `group.method` names, as carried by the transports. */
export const methodNames: string[] = Object.entries(studioMethods).flatMap(([g, ms]) =>
  Object.keys(ms).map((m) => `${g}.${m}`),
);

/** The input schema of `group.method`, or undefined when no such method exists. */
export function inputSchemaOf(name: string): z.ZodType | undefined {
  const [g, m] = name.split('.');
  const group = (studioMethods as Record<string, Record<string, MethodSpec<z.ZodType, unknown>>>)[g ?? ''];
  return group && Object.hasOwn(group, m ?? '') ? group[m!]!.input : undefined;
}
