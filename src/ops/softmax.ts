// Softmax along one axis, computed the numerically safe way and counted as it runs: per row of D
// elements, the row's maximum (D - 1 compares), x - max (D adds), exp (D), their sum into a zeroed
// accumulator (D adds), and a divide per element (D).
import { mul, product, sub } from '../shape/dim.js';
import { anyInt, optional } from './attrs.js';
import { axisIndex, normaliseAxis } from './axis.js';
import { checkArity } from './check.js';
import { defineOp } from './define.js';
import { elementCount } from './kernel/tensor.js';

export interface SoftmaxAttrs {
  /** The axis normalised over (default -1, the last; ONNX opset 13 semantics). */
  readonly axis?: number;
}

export const softmax = defineOp<SoftmaxAttrs, 'softmax'>({
  name: 'softmax',
  category: 'activation',
  summary: 'softmax along one axis: max, subtract, exp, sum, divide',
  counts: { add: '2 (subtract the max, sum)', cmp: 'D-1 per row of D (the max)', div: '1', exp: '1' },
  arity: 1,
  attrs: { axis: optional(anyInt) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    normaliseAxis(ctx, a.axis ?? -1, inputs[0].length);
    return inputs[0];
  },
  params: () => [],
  macs: () => 0,
  work(_inputs, out, a) {
    const n = product(out);
    const axis = normaliseAxis({ layer: '' }, a.axis ?? -1, out.length);
    const rows = product(out.filter((_, i) => i !== axis));
    return { add: mul(n, 2), cmp: sub(n, rows), exp: n, div: n };
  },
  kernel([x], a, ctx) {
    const rank = x.shape.length;
    const axis = axisIndex(a.axis ?? -1, rank);
    const d = x.shape[axis];
    const inner = elementCount(x.shape.slice(axis + 1));
    const outer = x.data.length / (d * inner);
    const src = x.data;
    const out = new Float32Array(src.length);
    const e = new Float64Array(d);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * d * inner + i;
        let max = src[base];
        for (let k = 1; k < d; k++) if (src[base + k * inner] > max) max = src[base + k * inner];
        ctx.count.cmp += d - 1;
        let sum = 0;
        for (let k = 0; k < d; k++) {
          e[k] = Math.exp(src[base + k * inner] - max);
          sum += e[k];
        }
        ctx.count.add += 2 * d; // x - max, and the sum
        ctx.count.exp += d;
        for (let k = 0; k < d; k++) out[base + k * inner] = e[k] / sum;
        ctx.count.div += d;
      }
    }
    return { shape: x.shape, data: out };
  },
  onnx([x], a, b) {
    return b.node('Softmax', [x], { axis: a.axis ?? -1 });
  },
});
