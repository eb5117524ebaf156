// Reads an ONNX file without reading its weights. A model file is mostly initializer bytes; this
// walks the protobuf framing of ModelProto -> GraphProto -> TensorProto from the file in small
// chunks, keeps every field but a tensor's bulk data, and notes where that data sits in the file
// (read later only if a value is asked for). protobufjs then decodes what was kept, so the
// messages are the ones a full decode gives, minus the data. Counting a 100 MB model reads a few
// hundred kilobytes.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FlopscopeError } from '../../errors.js';
import { modelProto, protoType, type FileData, type ModelMsg, type TensorMsg } from './proto.js';

/** Tensor fields that hold the data (raw_data and the typed value lists). */
const DATA_FIELDS = new Set([4, 5, 7, 9, 10, 11]);
/** Data fields shorter than this are kept (shape constants, scalars). */
const KEEP_BYTES = 256;
/** Bytes read at once while reading on; after skipping a tensor's data, only what a tensor's header needs. */
const CHUNK = 1 << 16;
const HEADER_CHUNK = 1 << 12;

class FileReader {
  private buf = Buffer.alloc(CHUNK);
  private start = 0;
  private end = 0;
  pos = 0;
  /** Bytes read from the file so far. */
  bytesRead = 0;

  constructor(private readonly fd: number, readonly size: number, private readonly shown: string) {}

  truncated(): never {
    throw new FlopscopeError('load', `${this.shown} is truncated or not an ONNX model: the protobuf data ends inside a field (${this.size} bytes read)`);
  }

  /** Makes bytes [pos, pos + n) available in the buffer. */
  private ensure(n: number): void {
    if (this.pos + n > this.size) this.truncated();
    if (this.pos >= this.start && this.pos + n <= this.end) return;
    if (n > this.buf.length) this.buf = Buffer.alloc(Math.max(n, this.buf.length * 2));
    const chunk = this.pos === this.end ? this.buf.length : Math.max(n, HEADER_CHUNK);
    const want = Math.min(chunk, this.size - this.pos);
    let got = 0;
    while (got < want) {
      const r = readSync(this.fd, this.buf, got, want - got, this.pos + got);
      if (r === 0) break;
      got += r;
    }
    this.bytesRead += got;
    this.start = this.pos;
    this.end = this.pos + got;
    if (got < n) this.truncated();
  }

  byte(): number {
    this.ensure(1);
    return this.buf[this.pos++ - this.start];
  }

  /** A varint as a number (lengths and tags fit in 2^53). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new FlopscopeError('load', `${this.shown} is not an ONNX model: a varint runs past 10 bytes at byte ${this.pos}`);
  }

  /** A copy of bytes [from, to). */
  copy(from: number, to: number): Buffer {
    this.pos = from;
    this.ensure(to - from);
    const out = Buffer.from(this.buf.subarray(from - this.start, to - this.start));
    this.pos = to;
    return out;
  }

  /** Skips the payload of a field of wire type `wire`. */
  skip(wire: number): void {
    switch (wire) {
      case 0: this.varint(); return;
      case 1: this.pos += 8; break;
      case 2: {
        const length = this.varint(); // read before pos is: the length's own bytes come first
        this.pos += length;
        break;
      }
      case 5: this.pos += 4; break;
      default: throw new FlopscopeError('load', `${this.shown} is not an ONNX model: invalid wire type ${wire} at byte ${this.pos}`);
    }
    if (this.pos > this.size) this.truncated();
  }
}

/** A tensor's fields without its bulk data, and where that data is. */
function scanTensor(r: FileReader, end: number): { kept: Buffer[]; data?: FileData } {
  const kept: Buffer[] = [];
  let data: FileData | undefined;
  while (r.pos < end) {
    const from = r.pos;
    const tag = r.varint();
    const field = tag >>> 3;
    if ((tag & 7) === 2 && DATA_FIELDS.has(field)) {
      const length = r.varint();
      if (length > KEEP_BYTES && !data) {
        data = { field, offset: r.pos, length };
        r.pos += length;
        if (r.pos > end) r.truncated();
        continue;
      }
      r.pos = from;
      r.varint();
    }
    r.skip(tag & 7);
    kept.push(r.copy(from, r.pos));
  }
  return data ? { kept, data } : { kept };
}

/** The model in `file`, decoded without the initializers' bulk data (each keeps a `FileData`). */
export async function scanModel(file: string, shown: string): Promise<{ msg: ModelMsg; size: number; bytesRead: number }> {
  const fd = openSync(file, 'r');
  try {
    const r = new FileReader(fd, fstatSync(fd).size, shown);
    const modelFields: Buffer[] = [];
    const graphFields: Buffer[] = [];
    const tensors: { kept: Buffer[]; data?: FileData }[] = [];
    let sawGraph = false;
    while (r.pos < r.size) {
      const from = r.pos;
      const tag = r.varint();
      if (tag >>> 3 === 7 && (tag & 7) === 2) {
        sawGraph = true;
        const length = r.varint();
        const end = r.pos + length;
        if (end > r.size) r.truncated();
        while (r.pos < end) {
          const at = r.pos;
          const t = r.varint();
          if (t >>> 3 === 5 && (t & 7) === 2) {
            const length = r.varint();
            const tensorEnd = r.pos + length;
            if (tensorEnd > end) r.truncated();
            tensors.push(scanTensor(r, tensorEnd));
          } else {
            r.skip(t & 7);
            if (r.pos > end) r.truncated();
            graphFields.push(r.copy(at, r.pos));
          }
        }
        continue;
      }
      r.skip(tag & 7);
      modelFields.push(r.copy(from, r.pos));
    }
    const msg = (await modelProto()).decode(Buffer.concat(modelFields)) as ModelMsg;
    if (sawGraph) {
      const graph = (await protoType('onnx.GraphProto')).decode(Buffer.concat(graphFields)) as NonNullable<ModelMsg['graph']>;
      const tensorType = await protoType('onnx.TensorProto');
      graph.initializer = tensors.map(({ kept, data }) => {
        const t = tensorType.decode(Buffer.concat(kept)) as TensorMsg;
        if (data) t.fileData = data;
        return t;
      });
      msg.graph = graph;
    }
    return { msg, size: r.size, bytesRead: r.bytesRead };
  } catch (e) {
    if (e instanceof FlopscopeError) throw e;
    throw new FlopscopeError('load', `${shown} is not an ONNX model: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}
