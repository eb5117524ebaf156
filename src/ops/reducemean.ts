// ReduceMean: the mean over some axes (a global pool written as x.mean((2, 3)), one step of an
// opset-13 LayerNorm). Each input element is added into a zeroed accumulator, then one divide
// per output element.
import { formatShape, product, type Dim, type Shape } from '../shape/dim.js';
import { flag, intList, optional } from './attrs.js';
import { normaliseAxis } from './axis.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { elementCount, stridesOf } from './kernel/tensor.js';
import type { LayerContext } from './types.js';

export interface ReduceMeanAttrs {
  /** Axes averaged over (negative counts from the end); empty means every axis, as in ONNX. */
  readonly axes: readonly number[];
  /** Keep the reduced axes as size 1 (default true, as in ONNX). */
  readonly keepdims?: boolean;
}

function reducedAxes(ctx: LayerContext, x: Shape, a: ReduceMeanAttrs): Set<number> {
  if (a.axes.length === 0) return new Set(x.map((_, i) => i));
  const axes = new Set<number>();
  for (const ax of a.axes) {
    const axis = normaliseAxis(ctx, ax, x.length);
    if (axes.has(axis)) fail(ctx, `axis ${axis} is listed twice in axes [${a.axes.join(', ')}] for input ${formatShape(x)}`, 'shape');
    axes.add(axis);
  }
  return axes;
}

const reducedShape = <D extends Dim>(x: readonly D[], axes: Set<number>, keepdims: boolean): D[] =>
  keepdims ? x.map((d, i) => (axes.has(i) ? (1 as D) : d)) : x.filter((_, i) => !axes.has(i));

export const reducemean = defineOp<ReduceMeanAttrs, 'reducemean'>({
  name: 'reducemean',
  category: 'pool',
  summary: 'mean over some axes (ReduceMean): one add per input element, one divide per output element',
  counts: { add: '1 per input element', div: '1' },
  arity: 1,
  attrs: { axes: intList(), keepdims: optional(flag) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    return reducedShape(x, reducedAxes(ctx, x, a), a.keepdims ?? true);
  },
  params: () => [],
  macs: () => 0,
  work([x], out) {
    return { add: product(x), div: product(out) };
  },
  kernel([x], a, ctx) {
    const rank = x.shape.length;
    const axes = reducedAxes({ layer: '' }, x.shape, a);
    // Where each input element lands: the output stride of its axis, 0 along reduced axes.
    const kept = reducedShape(x.shape, axes, true);
    const keptStrides = stridesOf(kept);
    const step = x.shape.map((_, i) => (axes.has(i) ? 0 : keptStrides[i]));
    const sums = new Float64Array(elementCount(kept));
    const idx = new Array<number>(rank).fill(0);
    let o = 0;
    for (let i = 0; i < x.data.length; i++) {
      sums[o] += x.data[i];
      ctx.count.add++;
      for (let ax = rank - 1; ax >= 0; ax--) {
        o += step[ax];
        if (++idx[ax] < x.shape[ax]) break;
        o -= step[ax] * x.shape[ax];
        idx[ax] = 0;
      }
    }
    const count = x.data.length / sums.length;
    const out = new Float32Array(sums.length);
    for (let j = 0; j < sums.length; j++) out[j] = sums[j] / count;
    ctx.count.div += out.length;
    return { shape: reducedShape(x.shape, axes, a.keepdims ?? true), data: out };
  },
  onnx([x], a, b) {
    const attrs = { keepdims: (a.keepdims ?? true) ? 1 : 0, ...(a.axes.length ? { axes: a.axes } : {}) };
    return b.node('ReduceMean', [x], attrs);
  },
});

