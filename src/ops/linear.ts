import { concrete, mul, product } from '../shape/dim.js';
import { flag, optional, positiveInt } from './attrs.js';
import { checkArity, checkRank, fail } from './check.js';
import { biasParam, defineOp, weightParam } from './define.js';
import { denseForward } from './kernel/dense.js';

export interface LinearAttrs {
  readonly outFeatures: number;
  readonly bias: boolean;
  /** Declared input features, checked against the actual input when given. */
  readonly inFeatures?: number;
}

export const linear = defineOp<LinearAttrs, 'linear'>({
  name: 'linear',
  category: 'linear',
  summary: 'fully connected layer on an (N, features) input',
  counts: { macs: 'in·out per row', add: '1 if bias' },
  paramsDoc: 'weight out·in; bias out',
  arity: 1,
  attrs: { outFeatures: positiveInt, bias: flag, inFeatures: optional(positiveInt) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 2, 'N x features; add flatten() before it');
    const features = concrete(x[1]);
    if (typeof features !== 'number') fail(ctx, `input features must be concrete, received ${String(x[1])}; add a global pool before flatten`, 'shape');
    if (a.inFeatures !== undefined && a.inFeatures !== features) {
      fail(ctx, `expects ${a.inFeatures} input features, received ${features}`, 'channel-mismatch');
    }
    return [x[0], a.outFeatures];
  },
  params([x], a) {
    const weight = weightParam([a.outFeatures, x[1] as number]);
    return a.bias ? [weight, biasParam([a.outFeatures])] : [weight];
  },
  macs([x], out) {
    return mul(product(out), x[1]);
  },
  work(_inputs, out, a) {
    return a.bias ? { add: product(out) } : {};
  },
  kernel([x], a, ctx) {
    const weight = ctx.param('weight');
    const bias = a.bias ? ctx.param('bias') : undefined;
    return denseForward(x, weight, bias, a.outFeatures, ctx.count);
  },
  onnx([x], a, b) {
    const inputs = a.bias ? [x, b.param('weight'), b.param('bias')] : [x, b.param('weight')];
    return b.node('Gemm', inputs, { transB: 1 });
  },
});
