// What the folders share: the input they see, small constants, and n-D index arithmetic over
// concrete dims (shape vectors and small tables).
import { FlopscopeError } from '../../../errors.js';
import { broadcastShape } from '../../../ops/kernel/broadcast.js';
import { stridesOf } from '../../../ops/kernel/tensor.js';
import { concrete, type Dim, type Shape } from '../../../shape/dim.js';
import type { Attributes } from '../attributes.js';
import type { NodeMsg } from '../proto.js';
import { DTYPE } from '../tensor-data.js';
import { Constant, numbers, type Value, type Values } from '../values.js';

/** Largest constant whose values the importer computes (shape vectors and small tables are far below). */
export const SMALL = 4096;

export interface FoldInput {
  readonly node: NodeMsg;
  readonly attrs: Attributes;
  readonly opset: number;
  readonly inputs: readonly (Value | undefined)[];
  /** The node, for messages. */
  readonly label: string;
  /** Makes the constant that an initializer-backed tensor becomes (Constant nodes). */
  readonly tensorConstant: (attr: string) => Constant | undefined;
}

export type Folder = (f: FoldInput) => Constant[] | undefined;

export const BOOL = DTYPE.BOOL;

export function concreteDims(dims: Shape): number[] | undefined {
  const out: number[] = [];
  for (const d of dims) {
    const c = concrete(d);
    if (typeof c !== 'number') return undefined;
    out.push(c);
  }
  return out;
}

export function smallConst(dtype: number, dims: Shape, values: Values): Constant {
  return new Constant(dtype, dims, values, undefined, undefined, true);
}

/** Every present input as a constant with small values, or undefined. */
export function smallInputs(f: FoldInput): { c: Constant; v: Values; dims: number[] }[] | undefined {
  const out: { c: Constant; v: Values; dims: number[] }[] = [];
  for (const x of f.inputs) {
    if (x === undefined) continue;
    if (!(x instanceof Constant)) return undefined;
    const v = x.smallValues();
    const dims = concreteDims(x.dims);
    if (v === undefined || dims === undefined) return undefined;
    out.push({ c: x, v, dims });
  }
  return out;
}

/** The broadcast shape of `shapes`; a mismatch is an error about node `label`. */
export function broadcastDims(shapes: readonly (readonly number[])[], label: string): number[] {
  try {
    return broadcastShape(shapes);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new FlopscopeError('shape', `node '${label}': cannot broadcast ${shapes.map((s) => s.join('x') || 'scalar').join(' and ')}`);
  }
}

/** out[i] = values[index(i)] for an output of `count` elements, keeping float32 storage. */
export function pick(values: Values, count: number, index: (i: number) => number): Values {
  if (values instanceof Float32Array) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = values[index(i)];
    return out;
  }
  const out = new Array<Dim>(count);
  for (let i = 0; i < count; i++) out[i] = values[index(i)];
  return out;
}

/** The flat index into an input of `dims` broadcast to `out`, for each output element. */
export function broadcastIndex(dims: readonly number[], out: readonly number[]): (i: number) => number {
  const outStrides = stridesOf(out);
  const inStrides = stridesOf(dims);
  const offset = out.length - dims.length;
  return (i) => {
    let idx = 0;
    for (let a = 0; a < out.length; a++) {
      const coord = Math.floor(i / outStrides[a]) % out[a];
      const ia = a - offset;
      if (ia >= 0 && dims[ia] !== 1) idx += coord * inStrides[ia];
    }
    return idx;
  };
}

export const num = (x: Dim): number | undefined => {
  const c = concrete(x);
  return c === undefined ? undefined : Number(c);
};

export function needNumber(x: Dim, f: FoldInput): number {
  const n = num(x);
  if (n === undefined) throw new FlopscopeError('bad-input-shape', `node '${f.label}' (${f.node.op_type}) computes with the symbolic size ${String(x)} in a way flopscope cannot keep symbolic; give concrete sizes with --input`);
  return n;
}

/** Attribute (before `since`) or input `index` (from `since` on) holding a list of integers. */
export function intsArg(f: FoldInput, name: string, index: number, since: number): number[] | undefined {
  if (f.opset < since) return f.attrs.ints(name);
  const x = f.inputs[index];
  if (x === undefined) return undefined;
  if (!(x instanceof Constant)) throw new FlopscopeError('shape', `node '${f.label}': ${name} must be a constant, received a computed tensor`);
  const v = x.smallValues();
  if (!v) throw new FlopscopeError('shape', `node '${f.label}': ${name} is not a small constant`);
  return numbers(v, `node '${f.label}' ${name}`);
}
