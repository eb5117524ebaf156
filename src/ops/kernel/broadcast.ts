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

/**
 * Calls f(outIndex, inIndex) for every output element, walking the input with broadcast strides;
 * returns how many times it called f.
 */
function walk(x: Tensor, out: readonly number[], f: (o: number, i: number) => void): number {
  const rank = out.length;
  const strides = broadcastStrides(x.shape, out);
  const inner = out[rank - 1] ?? 1;
  const innerStride = strides[rank - 1] ?? 0;
  const outer = elementCount(out) / inner;
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let base = 0;
  let visits = 0;
  for (let r = 0; r < outer; r++) {
    const o = r * inner;
    for (let j = 0; j < inner; j++) f(o + j, base + j * innerStride);
    visits += inner;
    for (let ax = rank - 2; ax >= 0; ax--) {
      idx[ax]++;
      base += strides[ax];
      if (idx[ax] < out[ax]) break;
      base -= strides[ax] * out[ax];
      idx[ax] = 0;
    }
  }
  return visits;
}

/**
 * Folds the inputs left to right with `op` (a + b, a / b, ...) under broadcasting; counts one
 * operation of `kind` per visit of each operand after the first.
 */
export function broadcastCombine(inputs: readonly Tensor[], op: (a: number, b: number) => number, kind: WorkKind, count: WorkCount): Tensor {
  const shape = broadcastShape(inputs.map((t) => t.shape));
  const out = new Float32Array(elementCount(shape));
  const first = inputs[0].data;
  walk(inputs[0], shape, (o, i) => { out[o] = first[i]; });
  for (const x of inputs.slice(1)) {
    const d = x.data;
    count[kind] += walk(x, shape, (o, i) => { out[o] = op(out[o], d[i]); });
  }
  return { shape, data: out };
}

/** A copy of `x` broadcast to `shape` (ONNX Expand). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const out = new Float32Array(elementCount(shape));
  const src = x.data;
  walk(x, shape, (o, i) => { out[o] = src[i]; });
  return { shape, data: out };
}
