// readOnnxIo reads a model's inputs/outputs from the file's graph, without a session: for every model the tests
// have (the real PicoDet, the SAM test pairs, a model whose graph input is also a weight), it must say exactly
// what onnxruntime says once the model is loaded (but output shapes onnxruntime infers itself); a file that is not
// ONNX is model_invalid.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnnxIo } from '../../../electron/inference/models/onnx-io';
import { StudioError } from '../../../shared/errors';
import { samTestDecoder, samTestEncoder } from '../../helpers/sam-test-models';
import { hasSharedAssets, PICODET_MODEL } from '../../helpers/shared-assets';
import { makeTempDir } from '../../helpers/temp-dir';

const { ModelProto, TensorProto } = onnxProto.onnx;

/** y = x * w + bias: `w` is a graph input with an initializer (an overridable weight, as IR 3 exports list
 * them); `bias` is 1 MB of raw weights the reader must seek past; `x` has an unnamed dimension; `n` is int64. */
function weightInputModel(): Uint8Array {
  const tensor = (name: string, elemType: number, dim: { dimValue?: number; dimParam?: string }[]) => ({
    name,
    type: { tensorType: { elemType, shape: { dim } } },
  });
  const F = TensorProto.DataType.FLOAT;
  return ModelProto.encode(
    ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'weights',
        node: [
          { opType: 'Mul', input: ['x', 'w'], output: ['xw'] },
          { opType: 'Add', input: ['xw', 'bias'], output: ['y'] },
          { opType: 'Shape', input: ['n'], output: ['n_shape'] },
        ],
        initializer: [
          { name: 'w', dims: [1], dataType: F, floatData: [2] },
          { name: 'bias', dims: [262144], dataType: F, rawData: new Uint8Array(262144 * 4) },
        ],
        input: [
          tensor('x', F, [{ dimParam: 'N' }, {}]),
          tensor('w', F, [{ dimValue: 1 }]),
          tensor('n', TensorProto.DataType.INT64, [{ dimValue: 2 }]),
        ],
        output: [tensor('y', F, [{ dimValue: 262144 }]), tensor('n_shape', TensorProto.DataType.INT64, [])],
      },
    }),
  ).finish();
}

async function sessionIo(path: string) {
  const session = await InferenceSession.create(path);
  const io = { inputMetadata: session.inputMetadata, outputMetadata: session.outputMetadata };
  await session.release();
  return JSON.parse(JSON.stringify(io)) as unknown;
}

function modelInvalid(path: string): StudioError {
  try {
    readOnnxIo(path);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('model_invalid');
    return err as StudioError;
  }
  throw new Error(`${path} was read`);
}

describe('readOnnxIo', () => {
  const tmp = makeTempDir('vps-onnx-io-');
  afterAll(() => tmp.cleanup());
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it.each([
    ['SAM encoder, [H, W, 3] in-graph', () => samTestEncoder('sam-hwc-in-graph')],
    ['SAM encoder, [1, 3, 1024, 1024]', () => samTestEncoder('sam-nchw-1024')],
    ['SAM decoder, masks at original size', () => samTestDecoder('original')],
  ])('says what onnxruntime says: %s', async (name, build) => {
    const path = write(`${name.replace(/\W+/g, '-')}.onnx`, build());
    expect(readOnnxIo(path)).toEqual(await sessionIo(path));
  });

  // onnxruntime refines an output shape the graph declares loosely (or wrongly) by its own shape inference; the
  // reader keeps the declared one. Inputs, and outputs' names and types, are the same.
  it.each([
    ['SAM decoder, low-res masks declared [1, 4, H, W]', () => samTestDecoder('low-res')],
    ['a weight listed as an input, an unnamed dimension, int64', weightInputModel],
  ])('says what onnxruntime says but declared output shapes: %s', async (name, build) => {
    const path = write(`${name.replace(/\W+/g, '-')}.onnx`, build());
    const read = readOnnxIo(path);
    const session = (await sessionIo(path)) as typeof read;
    expect(read.inputMetadata).toEqual(session.inputMetadata);
    const nameAndType = (m: (typeof read.outputMetadata)[number]) => [m.name, m.isTensor && m.type];
    expect(read.outputMetadata.map(nameAndType)).toEqual(session.outputMetadata.map(nameAndType));
  });

  it('leaves out an input that has an initializer, as onnxruntime does', () => {
    const io = readOnnxIo(write('weights.onnx', weightInputModel()));
    expect(io.inputMetadata.map((m) => m.name)).toEqual(['x', 'n']);
    expect(io.inputMetadata[0]).toEqual({ name: 'x', isTensor: true, type: 'float32', shape: ['N', ''] });
    expect(io.outputMetadata[0]).toEqual({ name: 'y', isTensor: true, type: 'float32', shape: [262144] });
  });

  it.skipIf(!hasSharedAssets)('says what onnxruntime says: the real PicoDet-S 320', async () => {
    const io = readOnnxIo(PICODET_MODEL);
    expect(io).toEqual(await sessionIo(PICODET_MODEL));
    expect(io.inputMetadata).toEqual([
      { name: 'image', isTensor: true, type: 'float32', shape: [1, 3, 320, 320] },
    ]);
  });

  it('refuses a file of the right size but the wrong bytes, a truncated model and a missing file', () => {
    expect(modelInvalid(write('ones.onnx', Buffer.alloc(4096, 1))).message).toMatch(
      /^The model .*ones\.onnx could not be loaded \(corrupt or not ONNX\): a field has number 0/,
    );
    const whole = samTestDecoder();
    expect(modelInvalid(write('cut.onnx', whole.subarray(0, whole.length - 40))).message).toMatch(
      /corrupt or not ONNX/,
    );
    expect(modelInvalid(join(tmp.dir, 'none.onnx')).message).toMatch(/could not be loaded: ENOENT/);
  });

  it('refuses an empty file and a protobuf that is not a model (no graph)', () => {
    expect(modelInvalid(write('empty.onnx', new Uint8Array())).message).toMatch(/it has no graph/);
    const tensor = TensorProto.encode({ name: 't', dims: [1], dataType: 1, floatData: [1] }).finish();
    expect(modelInvalid(write('tensor.onnx', tensor)).message).toMatch(/corrupt or not ONNX/);
  });
});
