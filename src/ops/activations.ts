// All element-wise activations come from one factory: they keep the shape, own no parameters,
// and cost a fixed amount of work per element, listed here per op.
import { mul, product } from '../shape/dim.js';
import { checkArity } from './check.js';
import { registerOp } from './registry.js';
import type { ElementwiseWork, OpDef, WorkKind } from './types.js';

type PerElement = Partial<Record<WorkKind, number>>;

function activation(name: string, summary: string, perElement: PerElement): OpDef<Record<string, never>> {
  return registerOp<Record<string, never>>({
    name,
    category: 'activation',
    summary,
    arity: 1,
    checkAttrs() {},
    outputShape(inputs, _a, ctx) {
      checkArity(ctx, inputs, 1);
      return inputs[0];
    },
    params: () => [],
    macs: () => 0,
    work(_inputs, out) {
      const n = product(out);
      const work: Partial<Record<WorkKind, ReturnType<typeof mul>>> = {};
      for (const [kind, count] of Object.entries(perElement) as [WorkKind, number][]) work[kind] = mul(n, count);
      return work as Partial<ElementwiseWork>;
    },
  });
}

export const relu = activation('relu', 'max(x, 0): one compare per element', { cmp: 1 });
export const relu6 = activation('relu6', 'min(max(x, 0), 6): two compares per element', { cmp: 2 });
export const sigmoid = activation('sigmoid', '1 / (1 + exp(-x)): one exp, add and divide per element', { exp: 1, add: 1, div: 1 });
export const hardsigmoid = activation('hardsigmoid', 'relu6(x + 3) / 6: one add, two compares, one multiply per element', { add: 1, cmp: 2, mul: 1 });
export const hardswish = activation('hardswish', 'x * relu6(x + 3) / 6: one add, two compares, two multiplies per element', { add: 1, cmp: 2, mul: 2 });
export const silu = activation('silu', 'x * sigmoid(x): one exp, add, divide and multiply per element', { exp: 1, add: 1, div: 1, mul: 1 });
export const tanh = activation('tanh', 'tanh(x): one transcendental per element', { exp: 1 });
