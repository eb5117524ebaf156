// Layer normalization over the trailing axes (ONNX LayerNormalization, opset 17). Per row of D
// normalised elements it computes, and counts:
//   mean      D adds into a zeroed accumulator, 1 divide
//   centre    D subtractions (adds)                     x - mean
//   variance  D multiplies (squares), D adds, 1 divide
//   std       1 add (epsilon), 1 square root (exp bucket)
//   normalise D divides                                 (x - mean) / std
//   affine    D multiplies with a scale, D adds with a bias
// exactly what PyTorch's opset-13 export (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul,
// Add) costs op by op, so both exports count the same.
import { add, concrete, formatShape, mul, product, type Dim } from '../shape/dim.js';
import { anyInt, flag, optional } from './attrs.js';
import { axisIndex, normaliseAxis } from './axis.js';
import { checkArity, fail } from './check.js';
import { biasParam, defineOp, scaleParam } from './define.js';
import { elementCount } from './kernel/tensor.js';
import type { ElementwiseWork } from './types.js';

export interface LayerNormAttrs {
  /** First normalised axis (default -1); the axes from it to the last are normalised together. */
  readonly axis?: number;
  /** Added to the variance (default 1e-5). */
  readonly epsilon?: number;
  /** A learned per-element scale (gamma) of the normalised shape. */
  readonly scale: boolean;
  /** A learned per-element shift (beta) of the normalised shape. */
  readonly bias: boolean;
}

const axisOf = (rank: number, a: LayerNormAttrs): number => axisIndex(a.axis ?? -1, rank);
const normalisedShape = (x: readonly Dim[], a: LayerNormAttrs): number[] => x.slice(axisOf(x.length, a)).map(Number);

/** Work of one row of `d` normalised elements. */
function rowWork(d: Dim, a: LayerNormAttrs): ElementwiseWork {
  return {
    add: add(mul(d, a.bias ? 4 : 3), 1),
    mul: mul(d, a.scale ? 2 : 1),
    div: add(d, 2),
    exp: 1,
    cmp: 0,
  };
}

export const layernorm = defineOp<LayerNormAttrs, 'layernorm'>({
  name: 'layernorm',
  category: 'norm',
  summary: 'layer normalization over the trailing axes: mean, centre, variance, sqrt, divide, then scale and shift',
  counts: { add: '3 (+1 with bias), plus 1 per row (epsilon)', mul: '1 (square) (+1 with scale)', div: '1, plus 2 per row (the two means)', exp: '1 per row (square root)' },
  paramsDoc: 'weight and bias of the normalised shape (each when enabled)',
  arity: 1,
  attrs: { axis: optional(anyInt), epsilon: optional({ type: 'number', min: 0 }), scale: flag, bias: flag },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const axis = normaliseAxis(ctx, a.axis ?? -1, x.length);
    if (x.slice(axis).some((d) => concrete(d) === undefined)) {
      fail(ctx, `the normalised axes (${axis} to the last) must have concrete sizes, received ${formatShape(x)}`, 'shape');
    }
    return x;
  },
  params([x], a) {
    const shape = normalisedShape(x, a);
    return [...(a.scale ? [scaleParam(shape)] : []), ...(a.bias ? [biasParam(shape)] : [])];
  },
  macs: () => 0,
  work([x], _out, a) {
    const axis = axisOf(x.length, a);
    const rows = product(x.slice(0, axis));
    const per = rowWork(product(x.slice(axis)), a);
    return { add: mul(rows, per.add), mul: mul(rows, per.mul), div: mul(rows, per.div), exp: mul(rows, per.exp) };
  },
  kernel([x], a, ctx) {
    const d = elementCount(normalisedShape(x.shape, a));
    const gamma = a.scale ? ctx.param('weight') : undefined;
    const beta = a.bias ? ctx.param('bias') : undefined;
    const eps = Math.fround(a.epsilon ?? 1e-5);
    const src = x.data;
    const out = new Float32Array(src.length);
    const centred = new Float64Array(d);
    const c = ctx.count;
    for (let base = 0; base < src.length; base += d) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += src[base + k];
      c.add += d;
      const mean = sum / d;
      c.div++;
      for (let k = 0; k < d; k++) centred[k] = src[base + k] - mean;
      c.add += d;
      let squares = 0;
      for (let k = 0; k < d; k++) squares += centred[k] * centred[k];
      c.mul += d;
      c.add += d;
      const variance = squares / d;
      c.div++;
      const std = Math.sqrt(variance + eps);
      c.add++;
      c.exp++;
      for (let k = 0; k < d; k++) out[base + k] = centred[k] / std;
      c.div += d;
      if (gamma) {
        for (let k = 0; k < d; k++) out[base + k] *= gamma[k];
        c.mul += d;
      }
      if (beta) {
        for (let k = 0; k < d; k++) out[base + k] += beta[k];
        c.add += d;
      }
    }
    return { shape: x.shape, data: out };
  },
  onnx([x], a, b, [input]) {
    // ONNX requires a scale: without a learned one, a constant of ones.
    const shape = normalisedShape(input, a);
    const scale = a.scale ? b.param('weight') : b.constant('scale', new Array<number>(elementCount(shape)).fill(1), 'float', shape);
    const inputs = a.bias ? [x, scale, b.param('bias')] : [x, scale];
    return b.node('LayerNormalization', inputs, { axis: a.axis ?? -1, epsilon: { float: a.epsilon ?? 1e-5 } });
  },
});
