// Gather with constant indices along one axis (ViT's class token `x[:, 0]`, a selection of
// channels): a copy. A single index drops the axis; a list replaces it by the list's length.
import { concrete, formatShape, type Shape } from '../shape/dim.js';
import { anyInt, intList, optional } from './attrs.js';
import { axisIndex, normaliseAxis } from './axis.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { gatherByAxis, stridesOf } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';
import type { LayerContext } from './types.js';

export interface GatherAttrs {
  /** Default 0; negative counts from the end. */
  readonly axis?: number;
  /** One index (the axis is dropped) or a list (the axis becomes its length); negative counts from the end. */
  readonly indices: number | readonly number[];
}

const indexList = (a: GatherAttrs): readonly number[] => (typeof a.indices === 'number' ? [a.indices] : a.indices);

function checkIndices(ctx: LayerContext, x: Shape, axis: number, a: GatherAttrs): void {
  const size = concrete(x[axis]);
  for (const i of indexList(a)) {
    if (size === undefined) {
      if (i < 0) fail(ctx, `index ${i} counts from the end of axis ${axis}, whose size is symbolic in ${formatShape(x)}`, 'shape');
    } else if (i < -size || i >= size) {
      fail(ctx, `index ${i} is out of range for axis ${axis} of ${formatShape(x)}: expects ${-size}..${Number(size) - 1}`, 'shape');
    }
  }
}

export const gather = defineOp<GatherAttrs, 'gather'>({
  name: 'gather',
  category: 'data',
  summary: 'picks constant indices along one axis (Gather): a copy',
  arity: 1,
  attrs: { axis: optional(anyInt), indices: { type: 'oneOf', rules: [anyInt, intList()] } },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const axis = normaliseAxis(ctx, a.axis ?? 0, x.length);
    checkIndices(ctx, x, axis, a);
    const kept = typeof a.indices === 'number' ? [] : [a.indices.length];
    return [...x.slice(0, axis), ...kept, ...x.slice(axis + 1)];
  },
  ...noArithmetic,
  kernel([x], a) {
    const rank = x.shape.length;
    const axis = axisIndex(a.axis ?? 0, rank);
    const strides = stridesOf(x.shape);
    const picked = indexList(a).map((i) => (i < 0 ? i + x.shape[axis] : i));
    const shape = x.shape.map((d, i) => (i === axis ? picked.length : d));
    const offsets = x.shape.map((d, i) => (i === axis ? picked.map((p) => p * strides[i]) : Array.from({ length: d }, (_, j) => j * strides[i])));
    const data = gatherByAxis(x.data, shape, offsets);
    return { shape: typeof a.indices === 'number' ? shape.filter((_, i) => i !== axis) : shape, data };
  },
  onnx([x], a, b) {
    const indices = typeof a.indices === 'number' ? b.constant('indices', [a.indices], 'int64', []) : b.constant('indices', [...a.indices], 'int64');
    return b.node('Gather', [x, indices], { axis: a.axis ?? 0 });
  },
});
