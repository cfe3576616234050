/**
 * Small builders over `onnx-proto` (the ONNX protobuf schema of onnx 1.10, IR
 * version 8) for the graph of src/model/export-onnx.ts: attributes, double
 * tensors, value infos, nodes. Tensors are written as little-endian raw bytes so
 * every double goes in exactly.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

/** The onnx namespace of onnx-proto (a CommonJS module: its namespace is the default export). */
export const onnx = (onnxProto as unknown as { onnx: typeof OnnxTypes }).onnx;
export type { OnnxTypes };

const A = onnx.AttributeProto.AttributeType;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Element types used by the graph. */
export const DOUBLE = onnx.TensorProto.DataType.DOUBLE;
export const FLOAT = onnx.TensorProto.DataType.FLOAT;

export function attrInt(name: string, i: number): OnnxTypes.IAttributeProto {
  return { name, type: A.INT, i };
}

export function attrInts(name: string, ints: ArrayLike<number>): OnnxTypes.IAttributeProto {
  return { name, type: A.INTS, ints: Array.from(ints) };
}

export function attrString(name: string, s: string): OnnxTypes.IAttributeProto {
  return { name, type: A.STRING, s: utf8(s) };
}

export function attrStrings(name: string, list: readonly string[]): OnnxTypes.IAttributeProto {
  const cache = new Map<string, Uint8Array>();
  return { name, type: A.STRINGS, strings: list.map((s) => cache.get(s) ?? cache.set(s, utf8(s)).get(s) as Uint8Array) };
}

export function attrTensor(name: string, t: OnnxTypes.ITensorProto): OnnxTypes.IAttributeProto {
  return { name, type: A.TENSOR, t };
}

/** A double tensor of the given shape, raw little-endian bytes. */
export function doubleTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTypes.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  if (values.length !== n) throw new RangeError(`tensor ${name}: shape [${dims.join(', ')}] needs ${n} values, was ${values.length}`);
  const data = Float64Array.from(values);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) view.setFloat64(i * 8, data[i], true);
  return { name, dims, dataType: DOUBLE, rawData: bytes };
}

/** A tensor value info; a string dimension is symbolic (e.g. the batch "N"). */
export function valueInfo(name: string, elemType: number, dims: Array<number | string>): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

/** A node; `domain` '' is the default ONNX domain. */
export function node(opType: string, inputs: string[], outputs: string[], attribute: OnnxTypes.IAttributeProto[] = [], domain = ''): OnnxTypes.INodeProto {
  return { opType, input: inputs, output: outputs, name: outputs[0], attribute, domain };
}

/** Serialises a model (protobuf encoding is deterministic: same model, same bytes). */
export function encodeModel(model: OnnxTypes.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parses model bytes (tests and tools). */
export function decodeModel(bytes: Uint8Array): OnnxTypes.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
