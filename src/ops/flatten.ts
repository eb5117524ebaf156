import { product } from '../shape/dim.js';
import { checkArity } from './check.js';
import { defineOp } from './define.js';
import { noArithmetic } from './no-arithmetic.js';

export const flatten = defineOp<Record<string, never>, 'flatten'>({
  name: 'flatten',
  category: 'data',
  summary: 'flattens N x C x H x W to N x (C*H*W)',
  arity: 1,
  view: true,
  attrs: {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    return [x[0], product(x.slice(1))];
  },
  ...noArithmetic,
  kernel([x]) {
    return { shape: [x.shape[0], x.data.length / x.shape[0]], data: x.data };
  },
  onnx([x], _a, b) {
    return b.node('Flatten', [x], { axis: 1 });
  },
});
