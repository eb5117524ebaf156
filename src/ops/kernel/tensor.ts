// Small helpers shared by the reference kernels.
import type { Dim } from '../../shape/dim.js';
import type { Tensor } from '../types.js';

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function zeros(shape: readonly number[]): Tensor {
  return { shape, data: new Float32Array(elementCount(shape)) };
}

/** Applies `f` to every element; the caller adds the per-element work to its counters. */
export function mapElements(x: Tensor, f: (v: number) => number): Tensor {
  const src = x.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return { shape: x.shape, data: out };
}

/** Output size of a sliding window along one axis, written from the window's own definition. */
export function windowPositions(input: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number, ceilMode: boolean): number {
  const span = input + padBegin + padEnd - (dilation * (kernel - 1) + 1);
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // A window may not start in the right padding (PyTorch/ONNX ceil_mode rule).
  if (ceilMode && (out - 1) * stride >= input + padBegin) out--;
  return out;
}

/** Sizes from an attribute, as numbers: kernels run on concrete shapes only. */
export function numericShape(dims: readonly Dim[]): number[] {
  return dims.map((d) => {
    if (typeof d === 'number') return d;
    if (typeof d === 'bigint') return Number(d);
    throw new RangeError(`a kernel needs concrete sizes, received the symbolic size ${d.toString()}; bind the input shape first`);
  });
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/**
 * Gathers out[o] = src[offset(o)] over every output index, where the input offset is a sum of one
 * term per axis: `axisOffsets[axis][index along that axis]`. Slice, Gather, Transpose and Pad are
 * all this walk with different tables. An offset of NaN marks a position outside the input (a
 * constant pad), which takes `fill`.
 */
export function gatherByAxis(src: Float32Array, outShape: readonly number[], axisOffsets: readonly (readonly number[])[], fill = 0): Float32Array {
  const out = new Float32Array(elementCount(outShape));
  const rank = outShape.length;
  if (out.length === 0) return out;
  if (rank === 0) {
    out[0] = src[0];
    return out;
  }
  const idx = new Array<number>(rank).fill(0);
  const last = axisOffsets[rank - 1];
  const inner = outShape[rank - 1];
  for (let o = 0; o < out.length; o += inner) {
    let base = 0;
    for (let a = 0; a < rank - 1; a++) base += axisOffsets[a][idx[a]];
    for (let j = 0; j < inner; j++) {
      const at = base + last[j];
      out[o + j] = Number.isNaN(at) ? fill : src[at];
    }
    for (let a = rank - 2; a >= 0; a--) {
      if (++idx[a] < outShape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** The transpose of a rows x cols row-major matrix (a copy, no arithmetic). */
export function transpose2d(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = src[i * cols + j];
  return out;
}
