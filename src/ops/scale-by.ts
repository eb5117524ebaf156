// Multiplication by a constant: Inception-ResNet's residual scaling (the branch times 0.17, 0.1 or
// 0.2 before the add). The factor is part of the architecture, not a learned weight, so the op
// owns no parameters; each output element costs one multiply.
import { product } from '../shape/dim.js';
import { checkArity } from './check.js';
import { defineOp } from './define.js';
import { mapElements } from './kernel/tensor.js';

export interface ScaleByAttrs {
  readonly factor: number;
}

export const scaleby = defineOp<ScaleByAttrs, 'scaleby'>({
  name: 'scaleby',
  category: 'elementwise',
  summary: 'x * constant (residual scaling): one multiply per element',
  counts: { mul: '1' },
  arity: 1,
  attrs: { factor: { type: 'number' } },
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    return inputs[0];
  },
  params: () => [],
  macs: () => 0,
  work(_inputs, out) {
    return { mul: product(out) };
  },
  kernel([x], a, ctx) {
    // The factor as float32, as ONNX stores it, so both backends multiply by the same number.
    const factor = Math.fround(a.factor);
    const out = mapElements(x, (v) => v * factor);
    ctx.count.mul += out.data.length;
    return out;
  },
  onnx([x], a, b) {
    return b.node('Mul', [x, b.constant('factor', [a.factor], 'float')]);
  },
});
