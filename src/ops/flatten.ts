import { formatShape, product } from '../shape/dim.js';
import { anyInt, optional } from './attrs.js';
import { axisIndex } from './axis.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { elementCount } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export interface FlattenAttrs {
  /** Axes before it become the first dimension, the rest the second (default 1; negative counts from the end). */
  readonly axis?: number;
}

const flattenAxis = (a: FlattenAttrs, rank: number): number => axisIndex(a.axis ?? 1, rank);

/** ONNX Flatten: always a 2-D view, [d0 * ... * d(axis-1), d(axis) * ... * d(r-1)]. */
export const flatten = defineOp<FlattenAttrs, 'flatten'>({
  name: 'flatten',
  category: 'data',
  summary: 'flattens to 2-D around an axis (default 1: N x C x H x W to N x (C*H*W))',
  arity: 1,
  view: true,
  attrs: { axis: optional(anyInt) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const axis = flattenAxis(a, x.length);
    // Flatten's axis may also be the rank itself (everything in the first dimension).
    if (axis < 0 || axis > x.length) fail(ctx, `axis ${a.axis} is out of range for input ${formatShape(x)}: expects ${-x.length}..${x.length}`, 'shape');
    return [product(x.slice(0, axis)), product(x.slice(axis))];
  },
  ...noArithmetic,
  kernel([x], a) {
    const outer = elementCount(x.shape.slice(0, flattenAxis(a, x.shape.length)));
    return { shape: [outer, x.data.length / outer], data: x.data };
  },
  onnx([x], a, b) {
    return b.node('Flatten', [x], { axis: a.axis ?? 1 });
  },
});
