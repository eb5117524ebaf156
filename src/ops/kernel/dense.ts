// Fully connected layer: y[b][o] = sum_i W[o][i] x[b][i] (+ bias[o]). A matrix-vector product per
// batch row, bound by reading W once; four running sums per dot product keep the loop from
// waiting on one chain of adds.
import type { Tensor, WorkCount } from '../types.js';

export function denseForward(x: Tensor, weight: Float32Array, bias: Float32Array | undefined, outFeatures: number, count: WorkCount): Tensor {
  const [n, features] = x.shape;
  const input = x.data;
  const out = new Float32Array(n * outFeatures);
  const quads = features - (features % 4);
  for (let b = 0; b < n; b++) {
    const col = b * features;
    for (let o = 0; o < outFeatures; o++) {
      const row = o * features;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let i = 0;
      for (; i < quads; i += 4) {
        s0 += weight[row + i] * input[col + i];
        s1 += weight[row + i + 1] * input[col + i + 1];
        s2 += weight[row + i + 2] * input[col + i + 2];
        s3 += weight[row + i + 3] * input[col + i + 3];
      }
      for (; i < features; i++) s0 += weight[row + i] * input[col + i];
      count.macs += features;
      let acc = s0 + s1 + (s2 + s3);
      if (bias) {
        acc += bias[o];
        count.add++;
      }
      out[b * outFeatures + o] = acc;
    }
  }
  return { shape: [n, outFeatures], data: out };
}
