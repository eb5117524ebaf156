// All element-wise activations come from one factory: they keep the shape, own no parameters,
// and cost a fixed amount of work per element, listed here per op.
import { mul, product } from '../shape/dim.js';
import { checkArity } from './check.js';
import { defineOp } from './define.js';
import { mapElements } from './kernel/tensor.js';
import { WORK_KINDS, type OnnxBuilder, type OpDef, type WorkKind } from './types.js';

type PerElement = Partial<Record<WorkKind, number>>;

/**
 * One activation: its per-element work (the cost model), the scalar function the reference kernel
 * applies (which reports, per call, the operations it did) and its ONNX mapping.
 */
function activation<const N extends string>(
  name: N,
  summary: string,
  perElement: PerElement,
  f: (v: number, did: Record<WorkKind, number>) => number,
  onnx: (x: string, b: OnnxBuilder) => string,
): OpDef<Record<string, never>, N> {
  return defineOp<Record<string, never>, N>({
    name,
    category: 'activation',
    summary,
    counts: Object.fromEntries(WORK_KINDS.filter((k) => perElement[k]).map((k) => [k, String(perElement[k])])),
    arity: 1,
    attrs: {},
    outputShape(inputs, _a, ctx) {
      checkArity(ctx, inputs, 1);
      return inputs[0];
    },
    params: () => [],
    macs: () => 0,
    work(_inputs, out) {
      const n = product(out);
      return { add: mul(n, perElement.add ?? 0), mul: mul(n, perElement.mul ?? 0), cmp: mul(n, perElement.cmp ?? 0), div: mul(n, perElement.div ?? 0), exp: mul(n, perElement.exp ?? 0) };
    },
    kernel([x], _a, ctx) {
      const did = { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };
      const out = mapElements(x, (v) => f(v, did));
      for (const k of Object.keys(did) as WorkKind[]) ctx.count[k] += did[k];
      return out;
    },
    onnx([x], _a, b) {
      return onnx(x, b);
    },
  });
}

// The scalar functions count each operation where they perform it (`d.cmp++` next to a compare).
const clamp6 = (v: number, d: Record<WorkKind, number>): number => {
  d.cmp += 2;
  return v < 0 ? 0 : v > 6 ? 6 : v;
};
const sigmoidOf = (v: number, d: Record<WorkKind, number>): number => {
  d.exp++;
  const e = Math.exp(-v);
  d.add++;
  d.div++;
  return 1 / (1 + e);
};

export const relu = activation('relu', 'max(x, 0): one compare per element', { cmp: 1 },
  (v, d) => { d.cmp++; return v > 0 ? v : 0; },
  (x, b) => b.node('Relu', [x]));
export const relu6 = activation('relu6', 'min(max(x, 0), 6): two compares per element', { cmp: 2 },
  (v, d) => clamp6(v, d),
  (x, b) => b.node('Clip', [x, b.constant('min', [0], 'float'), b.constant('max', [6], 'float')]));
export const sigmoid = activation('sigmoid', '1 / (1 + exp(-x)): one exp, add and divide per element', { exp: 1, add: 1, div: 1 },
  (v, d) => sigmoidOf(v, d),
  (x, b) => b.node('Sigmoid', [x]));
export const hardsigmoid = activation('hardsigmoid', 'relu6(x + 3) / 6: one add, two compares, one multiply per element', { add: 1, cmp: 2, mul: 1 },
  (v, d) => { d.add++; const r = clamp6(v + 3, d); d.mul++; return r * (1 / 6); },
  (x, b) => b.node('HardSigmoid', [x], { alpha: { float: 1 / 6 }, beta: { float: 0.5 } }));
export const hardswish = activation('hardswish', 'x * relu6(x + 3) / 6: one add, two compares, two multiplies per element', { add: 1, cmp: 2, mul: 2 },
  (v, d) => { d.add++; const r = clamp6(v + 3, d); d.mul += 2; return v * r * (1 / 6); },
  (x, b) => b.node('HardSwish', [x]));
export const silu = activation('silu', 'x * sigmoid(x): one exp, add, divide and multiply per element', { exp: 1, add: 1, div: 1, mul: 1 },
  (v, d) => { const s = sigmoidOf(v, d); d.mul++; return v * s; },
  // No SiLU before opset 24: Sigmoid then Mul, the Mul carrying the layer's name.
  (x, b) => b.node('Mul', [x, b.node('Sigmoid', [x], {}, 'sigmoid')]));
export const tanh = activation('tanh', 'tanh(x): one transcendental per element', { exp: 1 },
  (v, d) => { d.exp++; return Math.tanh(v); },
  (x, b) => b.node('Tanh', [x]));
