// Small helpers shared by the reference kernels.
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
