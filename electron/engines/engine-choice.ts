// Which engine answers: the first SAM-family segmenter of the manifest (the default first) whose files are in
// the models folder and open with the inputs/outputs their entry promises, else the classical engine, which
// needs no download. The reason is kept in words, because the UI has to say why masks look the way they do.
// The same for the detector, and for the tracker propagation uses (a SAM 2-family video model; none is fine:
// propagation then has its fallback).
import { StudioError } from '../../shared/errors';
import { modelsOfRole, type Manifest, type ModelEntry, type ModelRole } from '../inference/models/manifest';
import { describeProblems, locateModel, partPath, type LocatedModel } from '../inference/models/locate';
import { checkContract } from '../inference/models/onnx-session';
import type { Chosen, Detector, MaskTracker, Segmenter } from '../inference/segmenter';
import { readOnnxIo } from '../inference/models/onnx-io';

export interface EngineFactories {
  /** The SAM engine over a complete, checked model folder (electron/inference/local-sam). */
  localSam?: (entry: ModelEntry, modelDir: string) => Segmenter;
  /** The engine that needs no download (electron/inference/classical). */
  classical?: () => Segmenter;
  /** The local detector over its checked model file. */
  detector?: (entry: ModelEntry, modelPath: string) => Detector;
  /** The SAM 2 tracker over a complete, checked model folder (electron/inference/sam2-video). */
  tracker?: (entry: ModelEntry, modelDir: string) => MaskTracker;
}

/**
 * Checks every file of the model against its I/O contract from the graph alone; throws model_invalid. No session
 * is made here: the engine makes the only one, when first used (and checks the contract again, for free).
 */
export function checkModelFiles(located: LocatedModel): void {
  for (const file of located.entry.files) {
    const path = partPath(located, file.part);
    checkContract(readOnnxIo(path), file, path);
  }
}

interface Usable {
  located: LocatedModel;
}

/** The models of `role` whose files are usable, first the default; and why each other one is not. */
async function usableModel(
  manifest: Manifest,
  role: ModelRole,
  modelsDir: string,
): Promise<{ usable: Usable | null; reasons: string[]; invalid: boolean }> {
  const reasons: string[] = [];
  let invalid = false;
  for (const entry of modelsOfRole(manifest, role)) {
    const located = locateModel(entry, modelsDir);
    if (!located.complete) {
      reasons.push(`${entry.name} weights not found in ${located.dir} (${describeProblems(located)})`);
      continue;
    }
    try {
      checkModelFiles(located);
    } catch (err) {
      if (!(err instanceof StudioError)) throw err;
      reasons.push(`${entry.name} in ${located.dir} is unusable: ${err.message}`);
      invalid = true;
      continue;
    }
    return { usable: { located }, reasons, invalid };
  }
  return { usable: null, reasons, invalid };
}

/** An engine that answers, with the reason in words; `why` defaults to the model and the folder it came from. */
function chosen<T extends Segmenter | Detector | MaskTracker>(engine: T, why: string): Chosen<T> {
  return {
    engine,
    status: { engine: engine.engine, modelId: engine.modelId, reason: `${engine.engine}: ${why}` },
  };
}

const fromFolder = ({ located }: Usable) => `${located.entry.name} from ${located.dir}`;

export async function chooseSegmenter(
  manifest: Manifest,
  modelsDir: string,
  factories: EngineFactories,
): Promise<Chosen<Segmenter>> {
  const { usable, reasons, invalid } = await usableModel(manifest, 'segmenter', modelsDir);
  if (usable && !factories.localSam)
    reasons.push(
      `${usable.located.entry.name} weights are in ${usable.located.dir}, but this build has no SAM engine`,
    );
  if (usable && factories.localSam) {
    return chosen(factories.localSam(usable.located.entry, usable.located.dir), fromFolder(usable));
  }
  if (factories.classical) return chosen(factories.classical(), reasons.join('; '));
  return {
    engine: null,
    status: {
      engine: null,
      modelId: null,
      reason: `no segmenter: ${reasons.join('; ')}; no classical engine`,
    },
    missing: invalid ? 'model_invalid' : 'model_missing',
  };
}

/** The usable model of an optional role made into its engine by `make`, or none with why. */
async function chooseOptional<T extends Detector | MaskTracker>(
  manifest: Manifest,
  modelsDir: string,
  role: 'detector' | 'tracker',
  make: ((located: LocatedModel) => T) | undefined,
  /** Files put there that make the role's model unusable rather than absent, whatever the choice found. */
  unusable = false,
): Promise<Chosen<T>> {
  const { usable, reasons, invalid } = make
    ? await usableModel(manifest, role, modelsDir)
    : { usable: null, reasons: [`this build has no ${role} engine`], invalid: false };
  if (!usable || !make)
    return {
      engine: null,
      status: { engine: null, modelId: null, reason: `no ${role}: ${reasons.join('; ')}` },
      missing: invalid || unusable ? 'model_invalid' : 'model_missing',
    };
  return chosen(make(usable.located), fromFolder(usable));
}

export function chooseDetector(
  manifest: Manifest,
  modelsDir: string,
  factories: EngineFactories,
): Promise<Chosen<Detector>> {
  const { detector } = factories;
  return chooseOptional(
    manifest,
    modelsDir,
    'detector',
    detector && ((located) => detector(located.entry, partPath(located, 'model'))),
  );
}

export function chooseTracker(
  manifest: Manifest,
  modelsDir: string,
  factories: EngineFactories,
): Promise<Chosen<MaskTracker>> {
  const { tracker } = factories;
  // Some of a tracker's files put there but not all is a model the user meant to use: unusable, not absent.
  const partial = modelsOfRole(manifest, 'tracker').some((entry) => {
    const located = locateModel(entry, modelsDir);
    return !located.complete && located.files.some((f) => f.sizeBytes !== null);
  });
  return chooseOptional(
    manifest,
    modelsDir,
    'tracker',
    tracker && ((located) => tracker(located.entry, located.dir)),
    partial,
  );
}
