// ONNX tensor contents: element types, and decoding a tensor's values from whichever field holds
// them (raw_data little-endian, the typed repeated fields, or an external data file). Counting
// needs only dims; values are decoded for small tensors (shape constants, scalars) and, for
// validation, for the weights.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FlopscopeError } from '../../errors.js';
import { num, type TensorMsg } from './proto.js';

export const DTYPE = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16 } as const;

const NAMES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

export function dtypeName(t: number): string {
  return NAMES[t] ?? `type ${t}`;
}

const BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

export function isFloatType(t: number): boolean {
  return t === DTYPE.FLOAT || t === DTYPE.FLOAT16 || t === DTYPE.DOUBLE || t === DTYPE.BFLOAT16;
}

export function isIntType(t: number): boolean {
  return t === DTYPE.INT64 || t === DTYPE.INT32 || t === DTYPE.INT16 || t === DTYPE.INT8 || t === DTYPE.UINT8 || t === DTYPE.UINT16 || t === DTYPE.UINT32 || t === DTYPE.UINT64;
}

/** Where the model lives, for tensors kept in external data files or left in the file by the scanner. */
export interface DataSource {
  /** Folder of the model file; undefined when the model came as bytes. */
  readonly dir: string | undefined;
  /** The model file, when it was read from one. */
  readonly file?: string;
  /** How to name the model in messages. */
  readonly shown: string;
}

export interface ExternalRef {
  readonly file: string;
  readonly location: string;
  readonly offset: number;
  readonly length: number | undefined;
}

/** The external data file, offset and length of a tensor stored outside the model. */
export function externalRef(t: TensorMsg, src: DataSource): ExternalRef {
  const entry = (k: string) => t.external_data.find((e) => e.key === k)?.value;
  const location = entry('location');
  if (!location) throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' is marked as external data but names no location`);
  if (src.dir === undefined) {
    throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' keeps its data in the external file '${location}'; load the model from its path so the file can be found beside it`);
  }
  if (isAbsolute(location) || location.split(/[\\/]/).includes('..')) {
    throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' names external data '${location}' outside the model's folder`);
  }
  const offset = Number(entry('offset') ?? 0);
  const length = entry('length');
  return { file: join(src.dir, location), location, offset, length: length === undefined ? undefined : Number(length) };
}

/** Checks that every external data file exists and is long enough, without reading it. */
export function checkExternal(t: TensorMsg, elements: number, src: DataSource, sizes: Map<string, number>): void {
  const ref = externalRef(t, src);
  let size = sizes.get(ref.file);
  if (size === undefined) {
    try {
      size = statSync(ref.file).size;
    } catch {
      throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' keeps its data in '${ref.location}', which is missing beside the model`);
    }
    sizes.set(ref.file, size);
  }
  const need = ref.length ?? elements * (BYTES[t.data_type] ?? 1);
  if (ref.offset + need > size) {
    throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' needs bytes ${ref.offset}..${ref.offset + need} of '${ref.location}', which has ${size} bytes`);
  }
}

function readExternal(t: TensorMsg, elements: number, src: DataSource): Uint8Array {
  const ref = externalRef(t, src);
  const length = ref.length ?? elements * (BYTES[t.data_type] ?? 1);
  const out = Buffer.alloc(length);
  let fd: number;
  try {
    fd = openSync(ref.file, 'r');
  } catch {
    throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' keeps its data in '${ref.location}', which is missing beside the model`);
  }
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, ref.offset + done);
      if (n === 0) throw new FlopscopeError('load', `${src.shown}: '${ref.location}' ends before tensor '${t.name}' (offset ${ref.offset}, ${length} bytes)`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Bytes [offset, offset + length) of a file. */
function readRange(file: string, offset: number, length: number, what: string): Buffer {
  const out = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new FlopscopeError('load', `${what} ends before its data (offset ${offset}, ${length} bytes)`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Protobuf varints (packed int32/int64/uint64 lists) as numbers; negative ones are 10-byte two's complement. */
function varints(bytes: Uint8Array, count: number, unsigned: boolean): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length && out.length < count) {
    let v = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = bytes[i++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80 && i < bytes.length);
    out.push(Number(unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v)));
  }
  return out;
}

/** Values of a data field the scanner left in the model file. */
function fileValues(t: TensorMsg, elements: number, src: DataSource): number[] {
  const { field, offset, length } = t.fileData!;
  if (!src.file) throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' has no data in memory`);
  const bytes = readRange(src.file, offset, length, `${src.shown}: tensor '${t.name}'`);
  let values: number[];
  switch (field) {
    case 9: return fromBytes(bytes, t.data_type, elements, t.name, src.shown);
    case 4: return fromBytes(bytes, DTYPE.FLOAT, elements, t.name, src.shown);
    case 10: return fromBytes(bytes, DTYPE.DOUBLE, elements, t.name, src.shown);
    case 5:
      values = varints(bytes, elements, false);
      if (t.data_type === DTYPE.FLOAT16) values = values.map(halfToFloat);
      if (t.data_type === DTYPE.BFLOAT16) values = values.map(bfloatToFloat);
      break;
    case 11: values = varints(bytes, elements, true); break;
    default: values = varints(bytes, elements, false);
  }
  if (values.length !== elements) throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' holds ${values.length} values, expected ${elements}`);
  return values;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function bfloatToFloat(h: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, h << 16);
  return view.getFloat32(0);
}

/** Values from little-endian bytes. int64 beyond 2^53 keep their sign and size (slice ends use INT64_MAX). */
function fromBytes(bytes: Uint8Array, type: number, count: number, name: string, shown: string): number[] {
  const size = BYTES[type];
  if (size === undefined) throw new FlopscopeError('load', `${shown}: tensor '${name}' has element type ${dtypeName(type)}, which flopscope does not read`);
  if (bytes.length < count * size) throw new FlopscopeError('load', `${shown}: tensor '${name}' holds ${bytes.length} bytes, fewer than its ${count} ${dtypeName(type)} elements need`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (type) {
      case DTYPE.FLOAT: out[i] = v.getFloat32(o, true); break;
      case DTYPE.DOUBLE: out[i] = v.getFloat64(o, true); break;
      case DTYPE.FLOAT16: out[i] = halfToFloat(v.getUint16(o, true)); break;
      case DTYPE.BFLOAT16: out[i] = bfloatToFloat(v.getUint16(o, true)); break;
      case DTYPE.INT64: out[i] = Number(v.getBigInt64(o, true)); break;
      case DTYPE.UINT64: out[i] = Number(v.getBigUint64(o, true)); break;
      case DTYPE.INT32: out[i] = v.getInt32(o, true); break;
      case DTYPE.UINT32: out[i] = v.getUint32(o, true); break;
      case DTYPE.INT16: out[i] = v.getInt16(o, true); break;
      case DTYPE.UINT16: out[i] = v.getUint16(o, true); break;
      case DTYPE.INT8: out[i] = v.getInt8(o); break;
      default: out[i] = v.getUint8(o); // uint8, bool
    }
  }
  return out;
}

/** Every value of a tensor as plain numbers (floats as they are, ints exactly up to 2^53). */
export function tensorValues(t: TensorMsg, elements: number, src: DataSource): number[] {
  const type = t.data_type;
  if (t.fileData) return fileValues(t, elements, src);
  if (t.data_location === 1) return fromBytes(readExternal(t, elements, src), type, elements, t.name, src.shown);
  if (t.raw_data && t.raw_data.length) return fromBytes(t.raw_data, type, elements, t.name, src.shown);
  let list: readonly (number | { toNumber(): number })[];
  switch (type) {
    case DTYPE.FLOAT: list = t.float_data; break;
    case DTYPE.DOUBLE: list = t.double_data; break;
    case DTYPE.INT64: list = t.int64_data; break;
    case DTYPE.UINT32: case DTYPE.UINT64: list = t.uint64_data; break;
    case DTYPE.FLOAT16: list = t.int32_data.map(halfToFloat); break;
    case DTYPE.BFLOAT16: list = t.int32_data.map(bfloatToFloat); break;
    default:
      if (BYTES[type] === undefined) throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' has element type ${dtypeName(type)}, which flopscope does not read`);
      list = t.int32_data;
  }
  if (list.length !== elements) {
    throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' of shape ${t.dims.map(num).join('x') || 'scalar'} holds ${list.length} values, expected ${elements}`);
  }
  return list.map((x) => num(x));
}

/** Float32 values of a weight (for validation), without an intermediate number array for raw float data. */
export function floatValues(t: TensorMsg, elements: number, src: DataSource): Float32Array {
  if (t.data_type === DTYPE.FLOAT) {
    const inFile = t.fileData && (t.fileData.field === 9 || t.fileData.field === 4) && src.file ? readRange(src.file, t.fileData.offset, t.fileData.length, `${src.shown}: tensor '${t.name}'`) : undefined;
    const bytes = inFile ?? (t.data_location === 1 ? readExternal(t, elements, src) : t.raw_data && t.raw_data.length ? t.raw_data : undefined);
    if (bytes) {
      if (bytes.length < elements * 4) throw new FlopscopeError('load', `${src.shown}: tensor '${t.name}' holds ${bytes.length} bytes, fewer than its ${elements} float elements need`);
      const out = new Float32Array(elements);
      new Uint8Array(out.buffer).set(bytes.subarray(0, elements * 4));
      return out;
    }
  }
  return Float32Array.from(tensorValues(t, elements, src));
}

/** True when the tensor holds any data at all (stripped files keep only dims). */
export function hasData(t: TensorMsg): boolean {
  return t.fileData !== undefined || t.data_location === 1 || (t.raw_data !== undefined && t.raw_data.length > 0) || t.float_data.length > 0 || t.int32_data.length > 0
    || t.int64_data.length > 0 || t.double_data.length > 0 || t.uint64_data.length > 0;
}
