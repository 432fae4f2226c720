// Opening an ONNX model for an engine: a corrupt file or one whose inputs/outputs differ from its manifest
// contract becomes a model_invalid StudioError that names the file and every difference, before any inference.
import { InferenceSession } from 'onnxruntime-node';
import { StudioError } from '../../../shared/errors';
import type { ModelFile, TensorSpec } from './manifest';

type Metadata = InferenceSession['inputMetadata'];

/** Every way the model's side of `kind` (inputs or outputs) differs from the contract; empty when it fits. */
function differences(kind: 'input' | 'output', actual: Metadata, expected: readonly TensorSpec[]): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const got = actual.find((m) => m.name === want.name);
    if (!got) {
      problems.push(
        `no ${kind} '${want.name}' (it has ${actual.map((m) => `'${m.name}'`).join(', ') || 'none'})`,
      );
      continue;
    }
    if (!got.isTensor) {
      problems.push(`${kind} '${want.name}' is not a tensor`);
      continue;
    }
    if (got.type !== want.type) problems.push(`${kind} '${want.name}' is ${got.type}, expected ${want.type}`);
    // A named (open) dimension on either side fits any size; fixed sizes must agree.
    const fits =
      got.shape.length === want.shape.length &&
      got.shape.every(
        (d, i) => typeof d !== 'number' || typeof want.shape[i] !== 'number' || d === want.shape[i],
      );
    if (!fits)
      problems.push(
        `${kind} '${want.name}' has shape [${got.shape.join(', ')}], expected [${want.shape.join(', ')}]`,
      );
  }
  // Inputs the contract does not know would never be fed: the run would fail later, so refuse now.
  if (kind === 'input')
    for (const m of actual)
      if (!expected.some((e) => e.name === m.name)) problems.push(`unexpected input '${m.name}'`);
  return problems;
}

/** Throws model_invalid when the session's inputs/outputs do not match the file's contract. */
export function checkContract(
  session: Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  contract: Pick<ModelFile, 'inputs' | 'outputs'>,
  path: string,
): void {
  const problems = [
    ...differences('input', session.inputMetadata, contract.inputs),
    ...differences('output', session.outputMetadata, contract.outputs),
  ];
  if (problems.length)
    throw new StudioError(
      'model_invalid',
      `The model ${path} does not have the inputs/outputs its manifest entry promises: ${problems.join('; ')}.`,
      { path, problems },
    );
}

/** Creates a CPU session for `path` and checks it against `contract`. */
export async function openOnnxModel(
  path: string,
  contract: Pick<ModelFile, 'inputs' | 'outputs'>,
  options: InferenceSession.SessionOptions = {},
): Promise<InferenceSession> {
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(path, { executionProviders: ['cpu'], ...options });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StudioError(
      'model_invalid',
      `The model ${path} could not be loaded (corrupt or not ONNX): ${reason}`,
      {
        path,
      },
    );
  }
  try {
    checkContract(session, contract, path);
  } catch (err) {
    await session.release();
    throw err;
  }
  return session;
}
