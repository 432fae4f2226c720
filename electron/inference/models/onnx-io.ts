// The inputs and outputs of an ONNX model file, read from its graph without creating a session: choosing an
// engine checks every candidate's I/O contract, and a session (graph optimisation, weights in memory: seconds
// for a SAM encoder) would be thrown away at once, then made again by the engine. The walk reads the protobuf
// tags and seeks past everything else (nodes, weights), so it touches a few kilobytes of even a 350 MB file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { StudioError } from '../../../shared/errors';

export interface OnnxIo {
  inputMetadata: InferenceSession.ValueMetadata[];
  outputMetadata: InferenceSession.ValueMetadata[];
}

// Field numbers of onnx.proto3.
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const TENSOR_NAME = 8;
const VALUE_NAME = 1;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_ELEM = 1;
const TENSOR_TYPE_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;
const DIM_PARAM = 2;

/** TensorProto.DataType -> onnxruntime's name for it. */
const ELEMENT_TYPES: Record<number, Tensor.Type> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  21: 'uint4',
  22: 'int4',
};

// Small: between two initializers the walk seeks past the weights, and each seek refills the window.
const WINDOW = 8 * 1024;

class Corrupt extends Error {}

/** Reads bytes at any offset through one small window, so seeking past weights costs nothing. */
class FileBytes {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  byte(at: number): number {
    if (at >= this.size) throw new Corrupt('it ends in the middle of a field');
    if (at < this.windowStart || at >= this.windowStart + this.window.length) {
      const buffer = Buffer.alloc(Math.min(WINDOW, this.size - at));
      const read = readSync(this.fd, buffer, 0, buffer.length, at);
      this.window = buffer.subarray(0, read);
      this.windowStart = at;
      if (read === 0) throw new Corrupt('it could not be read to its end');
    }
    return this.window[at - this.windowStart]!;
  }

  bytes(at: number, length: number): Buffer {
    if (at + length > this.size) throw new Corrupt('a field runs past its end');
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.byte(at + i);
    return out;
  }
}

interface Field {
  number: number;
  wire: number;
  /** For varints: the value; for length-delimited fields: where the payload starts. */
  value: number;
  /** Length-delimited: payload length. */
  length: number;
}

/** Each field of the message in [start, end), with its payload's place (seek-only: nothing is copied). */
function* fields(file: FileBytes, start: number, end: number): Generator<Field> {
  let at = start;
  const varint = (): number => {
    let value = 0;
    for (let scale = 1, i = 0; i < 10; i++, scale *= 128) {
      const b = file.byte(at++);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    throw new Corrupt('a varint is longer than 10 bytes');
  };
  while (at < end) {
    const tag = varint();
    const number = Math.floor(tag / 8);
    const wire = tag % 8;
    if (number === 0) throw new Corrupt('a field has number 0');
    if (wire === 0) yield { number, wire, value: varint(), length: 0 };
    else if (wire === 1 || wire === 5) at += wire === 1 ? 8 : 4;
    else if (wire === 2) {
      const length = varint();
      if (at + length > end) throw new Corrupt('a field runs past its message');
      yield { number, wire, value: at, length };
      at += length;
    } else throw new Corrupt(`a field has wire type ${wire}`);
  }
  if (at !== end) throw new Corrupt('a message runs past its end');
}

const sub = (file: FileBytes, f: Field) => fields(file, f.value, f.value + f.length);
const text = (file: FileBytes, f: Field) => file.bytes(f.value, f.length).toString('utf8');

function valueInfo(file: FileBytes, info: Field): InferenceSession.ValueMetadata {
  let name = '';
  let type: Field | null = null;
  for (const f of sub(file, info)) {
    if (f.number === VALUE_NAME && f.wire === 2) name = text(file, f);
    if (f.number === VALUE_TYPE && f.wire === 2) type = f;
  }
  let tensor: Field | null = null;
  if (type) for (const f of sub(file, type)) if (f.number === TYPE_TENSOR && f.wire === 2) tensor = f;
  if (!tensor) return { name, isTensor: false };
  let elem = 0;
  const shape: (number | string)[] = [];
  for (const f of sub(file, tensor)) {
    if (f.number === TENSOR_TYPE_ELEM && f.wire === 0) elem = f.value;
    if (f.number === TENSOR_TYPE_SHAPE && f.wire === 2)
      for (const d of sub(file, f)) {
        if (d.number !== SHAPE_DIM || d.wire !== 2) continue;
        // Like onnxruntime: a size, else the dimension's name, else '' (unknown: an open dimension to the contract).
        let dim: number | string = '';
        for (const v of sub(file, d)) {
          if (v.number === DIM_VALUE && v.wire === 0) dim = v.value;
          if (v.number === DIM_PARAM && v.wire === 2) dim = text(file, v);
        }
        shape.push(dim);
      }
  }
  const elementType = ELEMENT_TYPES[elem];
  if (!elementType)
    throw new Corrupt(`'${name}' has element type ${elem}, which onnxruntime-node cannot feed`);
  return { name, isTensor: true, type: elementType, shape };
}

/**
 * The graph's inputs (those without an initializer, as onnxruntime lists them) and outputs, as declared: a session
 * may report an output's shape more precisely (its shape inference), never differently named or typed.
 */
function graphIo(file: FileBytes, graph: Field): OnnxIo {
  const inputs: InferenceSession.ValueMetadata[] = [];
  const outputs: InferenceSession.ValueMetadata[] = [];
  const initialized = new Set<string>();
  for (const f of sub(file, graph)) {
    if (f.wire !== 2) continue;
    if (f.number === GRAPH_INPUT) inputs.push(valueInfo(file, f));
    else if (f.number === GRAPH_OUTPUT) outputs.push(valueInfo(file, f));
    else if (f.number === GRAPH_INITIALIZER)
      for (const t of sub(file, f))
        if (t.number === TENSOR_NAME && t.wire === 2) initialized.add(text(file, t));
  }
  return { inputMetadata: inputs.filter((i) => !initialized.has(i.name)), outputMetadata: outputs };
}

/** Reads the model's I/O; a file that is not an ONNX model is model_invalid, worded as a failed load. */
export function readOnnxIo(path: string): OnnxIo {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new StudioError(
      'model_invalid',
      `The model ${path} could not be loaded: ${(err as Error).message}`,
      {
        path,
      },
    );
  }
  try {
    const file = new FileBytes(fd, fstatSync(fd).size);
    let graph: Field | null = null;
    for (const f of fields(file, 0, file.size)) if (f.number === MODEL_GRAPH && f.wire === 2) graph = f;
    if (!graph) throw new Corrupt('it has no graph');
    return graphIo(file, graph);
  } catch (err) {
    if (!(err instanceof Corrupt)) throw err;
    throw new StudioError(
      'model_invalid',
      `The model ${path} could not be loaded (corrupt or not ONNX): ${err.message}`,
      { path },
    );
  } finally {
    closeSync(fd);
  }
}
