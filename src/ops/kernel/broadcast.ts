// Element-wise binary ops over several tensors, and broadcast copies, with NumPy/ONNX broadcasting.
import type { Tensor, WorkCount, WorkKind } from '../types.js';
import { elementCount } from './tensor.js';

/** The broadcast shape, computed from the tensors themselves. */
export function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) throw new RangeError(`cannot broadcast ${shapes.map((x) => x.join('x')).join(' and ')}`);
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** Strides of `shape` seen through `out`: 0 along the axes it is broadcast over. */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = rank - shape.length + i;
    strides[axis] = shape[i] === 1 && out[axis] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** How an operand is combined into the output: copied, or folded in with a binary op. */
export type Combine = 'copy' | ((a: number, b: number) => number);

/** The sum and the product: their loops are written out (the residual add and SE scale are hot). */
export const ADD = (a: number, b: number): number => a + b;
export const MUL = (a: number, b: number): number => a * b;

/** out[o .. o + n) (op)= src[i], src[i + stride], ...: one contiguous run of the walk. */
function run(combine: Combine, out: Float32Array, o: number, src: Float32Array, i: number, stride: number, n: number): void {
  if (combine === 'copy') for (let j = 0; j < n; j++) out[o + j] = src[i + j * stride];
  else if (combine === ADD) for (let j = 0; j < n; j++) out[o + j] += src[i + j * stride];
  else if (combine === MUL) for (let j = 0; j < n; j++) out[o + j] *= src[i + j * stride];
  else for (let j = 0; j < n; j++) out[o + j] = combine(out[o + j], src[i + j * stride]);
}

/**
 * Combines x into every element of `out` (shape `shape`), walking x with broadcast strides one
 * innermost run at a time; returns how many elements it combined.
 */
function walk(combine: Combine, x: Tensor, out: Float32Array, shape: readonly number[]): number {
  const total = out.length;
  if (x.data.length === total) {
    // Same element count as the output: x is the output's shape (up to leading ones), one run.
    run(combine, out, 0, x.data, 0, 1, total);
    return total;
  }
  const rank = shape.length;
  const strides = broadcastStrides(x.shape, shape);
  const inner = shape[rank - 1] ?? 1;
  const innerStride = strides[rank - 1] ?? 0;
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let base = 0;
  let visits = 0;
  for (let o = 0; o < total; o += inner) {
    run(combine, out, o, x.data, base, innerStride, inner);
    visits += inner;
    for (let ax = rank - 2; ax >= 0; ax--) {
      idx[ax]++;
      base += strides[ax];
      if (idx[ax] < shape[ax]) break;
      base -= strides[ax] * shape[ax];
      idx[ax] = 0;
    }
  }
  return visits;
}

/**
 * Folds the inputs left to right with `op` (a + b, a / b, ...) under broadcasting; counts one
 * operation of `kind` per element combined, for each operand after the first.
 */
export function broadcastCombine(inputs: readonly Tensor[], op: (a: number, b: number) => number, kind: WorkKind, count: WorkCount): Tensor {
  const shape = broadcastShape(inputs.map((t) => t.shape));
  const out = new Float32Array(elementCount(shape));
  const [a, b] = inputs;
  let rest = 1;
  if (op === ADD && b && a.data.length === out.length && b.data.length === out.length) {
    // Two inputs of the output's shape (the residual sum): one pass instead of a copy and a pass.
    const x = a.data;
    const y = b.data;
    for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
    count[kind] += out.length;
    rest = 2;
  } else {
    walk('copy', a, out, shape);
  }
  for (const x of inputs.slice(rest)) count[kind] += walk(op, x, out, shape);
  return { shape, data: out };
}

/** A copy of `x` broadcast to `shape` (ONNX Expand). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const out = new Float32Array(elementCount(shape));
  walk('copy', x, out, shape);
  return { shape, data: out };
}
