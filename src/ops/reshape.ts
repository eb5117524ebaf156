// Reshape (and ONNX Squeeze/Unsqueeze, which import as it): the same elements under a new shape,
// a view. The target is fully resolved (no 0 or -1) and may hold symbolic sizes.
import { concrete, dimEquals, formatShape, isSymbolic, product, type Dim, type Shape } from '../shape/dim.js';
import { dimList } from './attrs.js';
import { cannotExport, checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { numericShape } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';
import type { OnnxBuilder } from './types.js';

export interface ReshapeAttrs {
  readonly shape: readonly Dim[];
}

/**
 * The target as ONNX Reshape takes it (int64): concrete sizes as they are, a symbolic size equal
 * to the input's at the same axis as 0 (copy), and one other symbolic size as -1 (inferred).
 */
export function reshapeTarget(b: OnnxBuilder, input: Shape, target: Shape): number[] {
  let inferred = false;
  return target.map((d, i) => {
    const c = concrete(d);
    if (c !== undefined) return Number(c);
    if (i < input.length && dimEquals(d, input[i])) return 0;
    if (inferred) cannotExport(b.layer, `target ${formatShape(target)} has more than one symbolic size not found at the same axis of the input ${formatShape(input)} (ONNX Reshape copies with 0 and infers one -1)`);
    inferred = true;
    return -1;
  });
}

export const reshape = defineOp<ReshapeAttrs, 'reshape'>({
  name: 'reshape',
  category: 'data',
  summary: 'the same elements under a new shape (Reshape, Squeeze, Unsqueeze): a view',
  arity: 1,
  view: true,
  attrs: { shape: dimList(1) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const have = product(x);
    const want = product(a.shape);
    if (!dimEquals(have, want)) {
      const why = isSymbolic(have) || isSymbolic(want) ? 'cannot be shown to hold the same number of elements as' : 'does not hold the same number of elements as';
      fail(ctx, `target shape ${formatShape(a.shape)} ${why} the input ${formatShape(x)}`, 'shape');
    }
    return a.shape;
  },
  ...noArithmetic,
  kernel([x], a) {
    return { shape: numericShape(a.shape), data: x.data };
  },
  onnx([x], a, b, [input]) {
    return b.node('Reshape', [x, b.constant('shape', reshapeTarget(b, input, a.shape), 'int64')]);
  },
});
