// A constant tensor operand (a position embedding, a class token, a fixed table): a node with no
// inputs. Learned, it owns its tensor as a parameter (keyed by its initializer, so counted once);
// not learned, it holds small values inline, or a larger tensor as a buffer. Its output aliases
// that tensor, so it holds no activation memory of its own (a view).
import { flag, floatList, intList, optional } from './attrs.js';
import { checkArity, fail } from './check.js';
import { defineOp, tensorParam } from './define.js';
import { elementCount } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export interface ConstantAttrs {
  readonly shape: readonly number[];
  /** A learned tensor (a parameter); otherwise a constant (inline `values`, or a buffer). */
  readonly learned: boolean;
  /** The values of a small non-learned constant, row-major; absent for a tensor kept as a parameter or buffer. */
  readonly values?: readonly number[];
}

export const constant = defineOp<ConstantAttrs, 'constant'>({
  name: 'constant',
  category: 'data',
  summary: 'a constant tensor operand (learned parameter, buffer, or small inline values); no inputs',
  paramsDoc: 'the tensor, when learned (a buffer when not learned and not inline)',
  arity: 0,
  view: true,
  attrs: { shape: intList(1), learned: flag, values: optional(floatList) },
  checkAttrs(a, ctx) {
    if (a.values === undefined) return;
    if (a.learned) fail(ctx, 'a learned constant is a parameter: it takes no inline values');
    if (a.values.length !== elementCount(a.shape)) {
      fail(ctx, `values must fill shape ${a.shape.join('x') || 'scalar'} (${elementCount(a.shape)} values), received ${a.values.length}`);
    }
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 0);
    return a.shape;
  },
  ...noArithmetic,
  params(_inputs, a) {
    if (a.values !== undefined) return [];
    return [tensorParam(a.shape, a.learned ? 'weight' : 'buffer')];
  },
  kernel(_inputs, a, ctx) {
    return { shape: a.shape, data: a.values !== undefined ? Float32Array.from(a.values) : ctx.param('weight') };
  },
  onnx(_inputs, a, b) {
    // The tensor is an initializer (or an inline constant); Identity gives it the layer's name.
    const tensor = a.values !== undefined ? b.constant('value', a.values, 'float', a.shape) : b.param('weight');
    return b.node('Identity', [tensor]);
  },
});
