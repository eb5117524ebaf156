// Transpose: axes permuted, a copy (ONNX and onnxruntime materialise it).
import { formatShape } from '../shape/dim.js';
import { intList } from './attrs.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { gatherByAxis, stridesOf } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export interface TransposeAttrs {
  /** Output axis i is input axis perm[i]. */
  readonly perm: readonly number[];
}

export const transpose = defineOp<TransposeAttrs, 'transpose'>({
  name: 'transpose',
  category: 'data',
  summary: 'permutes the axes (a copy)',
  arity: 1,
  attrs: { perm: intList(0) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const sorted = [...a.perm].sort((p, q) => p - q);
    if (a.perm.length !== x.length || sorted.some((p, i) => p !== i)) {
      fail(ctx, `perm must be a permutation of 0..${x.length - 1} for input ${formatShape(x)}, received [${a.perm.join(', ')}]`, 'shape');
    }
    return a.perm.map((p) => x[p]);
  },
  ...noArithmetic,
  kernel([x], a) {
    const strides = stridesOf(x.shape);
    const shape = a.perm.map((p) => x.shape[p]);
    const offsets = a.perm.map((p) => Array.from({ length: x.shape[p] }, (_, i) => i * strides[p]));
    return { shape, data: gatherByAxis(x.data, shape, offsets) };
  },
  onnx([x], a, b) {
    return b.node('Transpose', [x], { perm: a.perm });
  },
});
