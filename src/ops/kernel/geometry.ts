// What the convolution kernels share: what they need to know of their layer, and the bias.
import type { WorkCount } from '../types.js';

/** The attributes the kernel needs (conv2d's, without bias, which comes as its own tensor). */
export interface ConvGeometry {
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right */
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/** Adds bias[c] to each of the `plane` elements of channel c of every image of `out` (N x C x plane), one add each. */
export function addChannelBias(out: Float32Array, bias: Float32Array, n: number, channels: number, plane: number, count: WorkCount): void {
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < channels; c++) {
      const off = (b * channels + c) * plane;
      const v = bias[c];
      for (let i = 0; i < plane; i++) out[off + i] += v;
      count.add += plane;
    }
  }
}
