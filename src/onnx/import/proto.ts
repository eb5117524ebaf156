// Decoding an ONNX file with protobufjs against flopscope's schema (src/onnx/schema.ts). Bytes
// fields (raw_data, the weights) come back as views into the file's buffer, so nothing is copied
// or converted until a value is actually asked for.
import { FlopscopeError } from '../../errors.js';
import { ONNX_PROTO } from '../schema.js';

/** A protobufjs int64: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number; toString(): string };

export interface StringEntry { key: string; value: string }

/** Where a tensor's bulk data lies in the model file (read lazily): its field and the payload's bytes. */
export interface FileData {
  readonly field: number;
  readonly offset: number;
  readonly length: number;
}

export interface TensorMsg {
  name: string;
  dims: Int64[];
  data_type: number;
  raw_data?: Uint8Array;
  float_data: number[];
  int32_data: number[];
  int64_data: Int64[];
  double_data: number[];
  uint64_data: Int64[];
  external_data: StringEntry[];
  data_location: number;
  /** Set by the file scanner: the data field it left in the file. */
  fileData?: FileData;
}

export interface AttributeMsg {
  name: string;
  type: number;
  f: number;
  i: Int64;
  s: Uint8Array;
  t?: TensorMsg;
  g?: GraphMsg;
  floats: number[];
  ints: Int64[];
  strings: Uint8Array[];
  graphs: GraphMsg[];
  ref_attr_name: string;
}

export interface NodeMsg {
  name: string;
  op_type: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: AttributeMsg[];
}

export interface DimMsg { dim_value?: Int64; dim_param?: string }

export interface ValueInfoMsg {
  name: string;
  type?: { tensor_type?: { elem_type: number; shape?: { dim: DimMsg[] } }; sequence_type?: object };
}

export interface GraphMsg {
  name: string;
  node: NodeMsg[];
  initializer: TensorMsg[];
  sparse_initializer: { dims: Int64[]; values?: TensorMsg }[];
  input: ValueInfoMsg[];
  output: ValueInfoMsg[];
  value_info: ValueInfoMsg[];
}

export interface ModelMsg {
  ir_version: Int64;
  opset_import: { domain: string; version: Int64 }[];
  producer_name: string;
  producer_version: string;
  graph?: GraphMsg;
  metadata_props: StringEntry[];
  functions: { name: string; domain: string }[];
}

export function num(x: Int64 | undefined): number {
  return x === undefined ? 0 : typeof x === 'number' ? x : x.toNumber();
}

/** True when the message carries the field (proto3 leaves absent fields on the prototype). */
export function has(msg: object, field: string): boolean {
  return Object.hasOwn(msg, field);
}

type ProtoType = { decode(bytes: Uint8Array): unknown; encode(msg: unknown): { finish(): Uint8Array }; fromObject(o: object): unknown };
type Root = { lookupType(name: string): unknown };
let root: Promise<Root> | undefined;

/** A message type of the schema (protobufjs is loaded and the schema parsed once). */
export async function protoType(name: string): Promise<ProtoType> {
  root ??= import('protobufjs').then((m) => m.default.parse(ONNX_PROTO, { keepCase: true }).root as Root);
  return (await root).lookupType(name) as ProtoType;
}

export function modelProto(): Promise<ProtoType> {
  return protoType('onnx.ModelProto');
}

/**
 * Decodes a ModelProto; a file that is not one (or is cut short) is one line naming it. A
 * protobuf decoder accepts many byte strings, so a model must also carry an IR version and a
 * graph to count as ONNX.
 */
export async function decodeModel(bytes: Uint8Array, shown: string): Promise<ModelMsg> {
  const type = await modelProto();
  let model: ModelMsg;
  try {
    model = type.decode(bytes) as ModelMsg;
  } catch (e) {
    const why = (e as Error).message;
    if (/index out of range/.test(why)) {
      throw new FlopscopeError('load', `${shown} is truncated or not an ONNX model: the protobuf data ends inside a field (${bytes.length} bytes read)`);
    }
    throw new FlopscopeError('load', `${shown} is not an ONNX model: ${why}`);
  }
  return checkModel(model, shown, bytes.length);
}

/** A decoder accepts many byte strings: an ONNX model also carries an IR version and a graph. */
export function checkModel(model: ModelMsg, shown: string, size: number): ModelMsg {
  if (!has(model, 'ir_version') || !model.graph) {
    throw new FlopscopeError('load', `${shown} is not an ONNX model: no ${!has(model, 'ir_version') ? 'IR version' : 'graph'} in its ${size} bytes`);
  }
  return model;
}
