import { mul, product } from '../shape/dim.js';
import { checkArity, checkPositiveInt, checkRank, fail } from './check.js';
import { registerOp } from './registry.js';
import { denseForward } from './kernel/dense.js';
import { concrete } from '../shape/dim.js';

export interface LinearAttrs {
  readonly outFeatures: number;
  readonly bias: boolean;
  /** Declared input features, checked against the actual input when given. */
  readonly inFeatures?: number;
}

export const linear = registerOp<LinearAttrs>({
  name: 'linear',
  category: 'linear',
  summary: 'fully connected layer on an (N, features) input',
  arity: 1,
  checkAttrs(a, ctx) {
    checkPositiveInt(ctx, 'outFeatures', a.outFeatures);
    if (a.inFeatures !== undefined) checkPositiveInt(ctx, 'inFeatures', a.inFeatures);
  },
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
    const weight = { name: 'weight', shape: [a.outFeatures, x[1] as number], role: 'weight' as const };
    return a.bias ? [weight, { name: 'bias', shape: [a.outFeatures], role: 'bias' as const }] : [weight];
  },
  macs([x], out) {
    return mul(product(out), x[1]);
  },
  work(_inputs, out, a) {
    return a.bias ? { add: product(out) } : {};
  },
  kernel([x], a, ctx) {
    const features = x.shape[1];
    const weight = ctx.param('weight', [a.outFeatures, features], 'weight');
    const bias = a.bias ? ctx.param('bias', [a.outFeatures], 'bias') : undefined;
    return denseForward(x, weight, bias, a.outFeatures, ctx.count);
  },
  onnx([x], a, b) {
    const inputs = a.bias ? [x, b.param('weight'), b.param('bias')] : [x, b.param('weight')];
    return b.node('Gemm', inputs, { transB: 1 });
  },
});
