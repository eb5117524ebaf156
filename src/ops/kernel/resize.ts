// Reference Resize (ONNX opset 11-18 semantics, as onnxruntime computes them): per axis, each
// output coordinate maps to an input coordinate; nearest picks one input index, linear lerps the
// two neighbours, cubic weighs four. Interpolation is separable: an axis at a time, from the last,
// so per output element linear does 2^k - 1 lerps (2 adds, 1 multiply each) and cubic
// (4^k - 1) / 3 four-tap sums (4 multiplies, 3 adds each) over k resized axes. The per-axis
// coordinates and weights are computed once per output position along an axis, not per element.
import type { Tensor, WorkCount } from '../types.js';
import { elementCount, gatherByAxis, stridesOf } from './tensor.js';

export const RESIZE_MODES = ['nearest', 'linear', 'cubic'] as const;
export const COORDINATE_MODES = ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'] as const;
export const NEAREST_MODES = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'] as const;

export interface ResizeGeometry {
  readonly mode: (typeof RESIZE_MODES)[number];
  readonly coordinateTransformationMode: (typeof COORDINATE_MODES)[number];
  readonly nearestMode: (typeof NEAREST_MODES)[number];
  readonly cubicCoeffA: number;
  readonly excludeOutside: boolean;
  /** Per-axis scale: the given one, or output size / input size. */
  readonly scales: readonly number[];
  /** Axes whose coordinate mapping is not the identity. */
  readonly resized: readonly boolean[];
}

/** The input coordinate output coordinate `x` reads (ONNX coordinate_transformation_mode). */
function sourceCoordinate(x: number, outLen: number, inLen: number, scale: number, mode: ResizeGeometry['coordinateTransformationMode']): number {
  switch (mode) {
    case 'half_pixel':
      return (x + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel':
      return outLen > 1 ? (x + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outLen === 1 ? 0 : (x * (inLen - 1)) / (outLen - 1);
    case 'asymmetric':
      return x / scale;
  }
}

function nearestIndex(c: number, mode: ResizeGeometry['nearestMode'], inLen: number): number {
  let i: number;
  if (mode === 'floor') i = Math.floor(c);
  else if (mode === 'ceil') i = Math.ceil(c);
  else if (mode === 'round_prefer_ceil') i = Math.round(c);
  // round_prefer_floor: halves go down.
  else i = c === Math.trunc(c) + 0.5 ? Math.floor(c) : Math.round(c);
  return Math.min(Math.max(i, 0), inLen - 1);
}

/** Keys's cubic convolution weights of the four taps floor(c) - 1 .. floor(c) + 2 at fraction s. */
function cubicWeights(s: number, a: number): number[] {
  const w = (t: number): number => {
    const d = Math.abs(t);
    if (d <= 1) return ((a + 2) * d - (a + 3)) * d * d + 1;
    if (d < 2) return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
    return 0;
  };
  return [w(s + 1), w(s), w(1 - s), w(2 - s)];
}

/** Per output position along one axis: the input indices it reads and their weights. */
function axisTaps(outLen: number, inLen: number, scale: number, g: ResizeGeometry): { index: number[]; weight: number[] }[] {
  const taps: { index: number[]; weight: number[] }[] = [];
  for (let x = 0; x < outLen; x++) {
    const c = sourceCoordinate(x, outLen, inLen, scale, g.coordinateTransformationMode);
    if (g.mode === 'linear') {
      const clamped = Math.min(Math.max(c, 0), inLen - 1);
      const low = Math.floor(clamped);
      taps.push({ index: [low, Math.min(low + 1, inLen - 1)], weight: [clamped - low] });
    } else {
      const base = Math.floor(c);
      const index = [base - 1, base, base + 1, base + 2];
      let weight = cubicWeights(c - base, g.cubicCoeffA);
      if (g.excludeOutside) {
        // Taps outside the input get no weight; the rest are renormalised to sum to 1.
        weight = weight.map((v, i) => (index[i] < 0 || index[i] >= inLen ? 0 : v));
        const total = weight.reduce((p, v) => p + v, 0);
        weight = weight.map((v) => v / total);
      }
      taps.push({ index: index.map((i) => Math.min(Math.max(i, 0), inLen - 1)), weight });
    }
  }
  return taps;
}

export function resizeForward(x: Tensor, outShape: readonly number[], g: ResizeGeometry, count: WorkCount): Tensor {
  const rank = x.shape.length;
  const strides = stridesOf(x.shape);
  if (g.mode === 'nearest') {
    const offsets = outShape.map((n, axis) =>
      Array.from({ length: n }, (_, o) => (g.resized[axis] ? nearestIndex(sourceCoordinate(o, n, x.shape[axis], g.scales[axis], g.coordinateTransformationMode), g.nearestMode, x.shape[axis]) : o) * strides[axis]));
    return { shape: outShape, data: gatherByAxis(x.data, outShape, offsets) };
  }
  const axes = outShape.map((_, i) => i).filter((i) => g.resized[i]);
  const taps = axes.map((axis) => axisTaps(outShape[axis], x.shape[axis], g.scales[axis], g));
  const per = g.mode === 'linear' ? 2 : 4;
  const corners = per ** axes.length;
  const values = new Float64Array(corners);
  const out = new Float32Array(elementCount(outShape));
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    // Offset of the element along the axes that are not resized.
    let base = 0;
    for (let i = 0; i < rank; i++) if (!g.resized[i]) base += idx[i] * strides[i];
    // Every corner: one tap per resized axis, the first resized axis varying slowest.
    for (let c = 0; c < corners; c++) {
      let off = base;
      let rest = c;
      for (let j = axes.length - 1; j >= 0; j--) {
        off += taps[j][idx[axes[j]]].index[rest % per] * strides[axes[j]];
        rest = Math.floor(rest / per);
      }
      values[c] = x.data[off];
    }
    // Collapse the last resized axis first: groups of `per` neighbours become one value.
    let n = corners;
    for (let j = axes.length - 1; j >= 0; j--) {
      const t = taps[j][idx[axes[j]]];
      n /= per;
      for (let q = 0; q < n; q++) {
        const v = q * per;
        if (per === 2) {
          values[q] = values[v] + (values[v + 1] - values[v]) * t.weight[0];
          count.add += 2;
          count.mul += 1;
        } else {
          const [w0, w1, w2, w3] = t.weight;
          values[q] = w0 * values[v] + w1 * values[v + 1] + w2 * values[v + 2] + w3 * values[v + 3];
          count.mul += 4;
          count.add += 3;
        }
      }
    }
    out[o] = values[0];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
  return { shape: outShape, data: out };
}
