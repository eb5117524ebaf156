// Ops that pass their input through at inference: views with no memory or work of their own.
import { checkArity } from './check.js';
import { defineOp } from './define.js';
import { noArithmetic, passThrough } from './no-arithmetic.js';

export const identity = defineOp<Record<string, never>, 'identity'>({
  name: 'identity',
  category: 'data',
  summary: 'passes its input through',
  arity: 1,
  view: true,
  attrs: {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    return inputs[0];
  },
  ...noArithmetic,
  ...passThrough,
  onnx([x], _a, b) {
    return b.node('Identity', [x]);
  },
});

export interface DropoutAttrs {
  readonly p: number;
}

export const dropout = defineOp<DropoutAttrs, 'dropout'>({
  name: 'dropout',
  category: 'data',
  summary: 'dropout: the identity at inference',
  arity: 1,
  view: true,
  attrs: { p: { type: 'number', min: 0, max: 1 } },
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    return inputs[0];
  },
  ...noArithmetic,
  ...passThrough,
  onnx([x], _a, b) {
    // Inference-mode Dropout (no ratio or training_mode inputs) is the identity.
    return b.node('Dropout', [x]);
  },
});
