import { ceilDiv, concrete, floorDiv, isSymbolic, sub, add, mul, type Dim } from './dim.js';

/** Extent of a dilated kernel: d * (k - 1) + 1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/**
 * Output size of a convolution along one axis, as PyTorch and ONNX compute it:
 * floor((in + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1.
 */
export function convOutputSize(input: Dim, kernel: number, stride: number, padBegin: number, padEnd: number, dilation = 1): Dim {
  const span = sub(add(input, padBegin + padEnd), effectiveKernel(kernel, dilation));
  return add(floorDiv(span, stride), 1);
}

/**
 * Output size of a pooling window along one axis. With ceilMode the division rounds up, and, as in
 * PyTorch and ONNX, a last window that would start inside the right padding is dropped.
 */
export function poolOutputSize(input: Dim, kernel: number, stride: number, padBegin: number, padEnd: number, ceilMode: boolean, dilation = 1): Dim {
  if (!ceilMode) return convOutputSize(input, kernel, stride, padBegin, padEnd, dilation);
  const span = sub(add(input, padBegin + padEnd), effectiveKernel(kernel, dilation));
  const out = add(ceilDiv(span, stride), 1);
  if (isSymbolic(out)) {
    // The drop can only happen when stride > kernel extent - padEnd; otherwise ceil is exact.
    if (stride > effectiveKernel(kernel, dilation) - padEnd) {
      throw new RangeError('ceil_mode pooling with stride larger than the window is not supported for symbolic sizes');
    }
    return out;
  }
  const lastStart = mul(sub(out, 1), stride);
  const limit = add(input, padBegin);
  return (concrete(lastStart) as number) >= (concrete(limit) as number) ? sub(out, 1) : out;
}
