// All element-wise unary ops come from one factory: they keep the shape, own no parameters, and
// cost a fixed amount of work per element (which may depend on their attributes), listed per op.
import { mul, product } from '../shape/dim.js';
import { float, optional, type AttrSchema } from './attrs.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { erf as erfOf } from './kernel/erf.js';
import { mapElements } from './kernel/tensor.js';
import { WORK_KINDS, type CountsDoc, type LayerContext, type OnnxBuilder, type OpCategory, type OpDef, type WorkKind } from './types.js';

type PerElement = Partial<Record<WorkKind, number>>;
type Did = Record<WorkKind, number>;
type NoAttrs = Record<string, never>;

/**
 * One element-wise op: its per-element work (the cost model), the scalar function the reference
 * kernel applies (which reports, per call, the operations it did) and its ONNX mapping.
 */
interface UnarySpec<A, N extends string> {
  readonly name: N;
  readonly summary: string;
  readonly category?: OpCategory;
  readonly attrs?: AttrSchema<A>;
  checkAttrs?(a: A, ctx: LayerContext): void;
  /** Work per element; a function when the attributes change it (Clip compares once per bound). */
  readonly perElement: PerElement | ((a: A) => PerElement);
  /** The counts in words, when they are not the fixed numbers of `perElement`. */
  readonly counts?: CountsDoc;
  f(v: number, did: Did, a: A): number;
  onnx(x: string, b: OnnxBuilder, a: A): string;
}

const countsOf = (per: PerElement): CountsDoc => Object.fromEntries(WORK_KINDS.filter((k) => per[k]).map((k) => [k, String(per[k])]));

function unary<A = NoAttrs, const N extends string = string>(spec: UnarySpec<A, N>): OpDef<A, N> {
  const per = (a: A): PerElement => (typeof spec.perElement === 'function' ? spec.perElement(a) : spec.perElement);
  return defineOp<A, N>({
    name: spec.name,
    category: spec.category ?? 'activation',
    summary: spec.summary,
    counts: spec.counts ?? countsOf(per({} as A)),
    arity: 1,
    attrs: spec.attrs ?? ({} as AttrSchema<A>),
    ...(spec.checkAttrs ? { checkAttrs: spec.checkAttrs } : {}),
    outputShape(inputs, _a, ctx) {
      checkArity(ctx, inputs, 1);
      return inputs[0];
    },
    params: () => [],
    macs: () => 0,
    work(_inputs, out, a) {
      const n = product(out);
      const p = per(a);
      return { add: mul(n, p.add ?? 0), mul: mul(n, p.mul ?? 0), cmp: mul(n, p.cmp ?? 0), div: mul(n, p.div ?? 0), exp: mul(n, p.exp ?? 0) };
    },
    kernel([x], a, ctx) {
      const did = { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };
      const out = mapElements(x, (v) => spec.f(v, did, a));
      for (const k of Object.keys(did) as WorkKind[]) ctx.count[k] += did[k];
      return out;
    },
    onnx([x], a, b) {
      return spec.onnx(x, b, a);
    },
  });
}

// The scalar functions count each operation where they perform it (`d.cmp++` next to a compare).
const clamp6 = (v: number, d: Did): number => {
  d.cmp += 2;
  return v < 0 ? 0 : v > 6 ? 6 : v;
};
const sigmoidOf = (v: number, d: Did): number => {
  d.exp++;
  const e = Math.exp(-v);
  d.add++;
  d.div++;
  return 1 / (1 + e);
};

export const relu = unary({ name: 'relu', summary: 'max(x, 0): one compare per element', perElement: { cmp: 1 },
  f: (v, d) => { d.cmp++; return v > 0 ? v : 0; },
  onnx: (x, b) => b.node('Relu', [x]) });
export const relu6 = unary({ name: 'relu6', summary: 'min(max(x, 0), 6): two compares per element', perElement: { cmp: 2 },
  f: (v, d) => clamp6(v, d),
  onnx: (x, b) => b.node('Clip', [x, b.constant('min', [0], 'float'), b.constant('max', [6], 'float')]) });
export const sigmoid = unary({ name: 'sigmoid', summary: '1 / (1 + exp(-x)): one exp, add and divide per element', perElement: { exp: 1, add: 1, div: 1 },
  f: (v, d) => sigmoidOf(v, d),
  onnx: (x, b) => b.node('Sigmoid', [x]) });

/** hardsigmoid's default alpha and beta: PyTorch's relu6(x + 3) / 6. */
export const HARDSIGMOID_DEFAULTS = { alpha: 1 / 6, beta: 0.5 } as const;

export interface HardSigmoidAttrs {
  /** Slope; PyTorch's hardsigmoid (relu6(x + 3) / 6) is alpha 1/6. */
  readonly alpha?: number;
  /** Offset; PyTorch's is 1/2. */
  readonly beta?: number;
}
export const hardsigmoid = unary<HardSigmoidAttrs, 'hardsigmoid'>({
  name: 'hardsigmoid',
  summary: 'max(0, min(1, alpha*x + beta)), by default alpha 1/6, beta 1/2 (relu6(x + 3) / 6): one multiply, one add, two compares per element',
  attrs: { alpha: optional(float), beta: optional(float) },
  perElement: { add: 1, cmp: 2, mul: 1 },
  f: (v, d, a) => {
    d.mul++;
    d.add++;
    const y = Math.fround(a.alpha ?? HARDSIGMOID_DEFAULTS.alpha) * v + Math.fround(a.beta ?? HARDSIGMOID_DEFAULTS.beta);
    d.cmp += 2;
    return y < 0 ? 0 : y > 1 ? 1 : y;
  },
  onnx: (x, b, a) => b.node('HardSigmoid', [x], { alpha: { float: a.alpha ?? HARDSIGMOID_DEFAULTS.alpha }, beta: { float: a.beta ?? HARDSIGMOID_DEFAULTS.beta } }),
});
export const hardswish = unary({ name: 'hardswish', summary: 'x * relu6(x + 3) / 6: one add, two compares, two multiplies per element', perElement: { add: 1, cmp: 2, mul: 2 },
  f: (v, d) => { d.add++; const r = clamp6(v + 3, d); d.mul += 2; return v * r * (1 / 6); },
  onnx: (x, b) => b.node('HardSwish', [x]) });
export const silu = unary({ name: 'silu', summary: 'x * sigmoid(x): one exp, add, divide and multiply per element', perElement: { exp: 1, add: 1, div: 1, mul: 1 },
  f: (v, d) => { const s = sigmoidOf(v, d); d.mul++; return v * s; },
  // No SiLU before opset 24: Sigmoid then Mul, the Mul carrying the layer's name.
  onnx: (x, b) => b.node('Mul', [x, b.node('Sigmoid', [x], {}, 'sigmoid')]) });
export const tanh = unary({ name: 'tanh', summary: 'tanh(x): one transcendental per element', perElement: { exp: 1 },
  f: (v, d) => { d.exp++; return Math.tanh(v); },
  onnx: (x, b) => b.node('Tanh', [x]) });

/** leakyrelu's default slope for x < 0 (ONNX's and PyTorch's). */
const LEAKYRELU_ALPHA = 0.01;

export interface LeakyReluAttrs {
  /** Slope for x < 0 (ONNX's and PyTorch's default 0.01). */
  readonly alpha?: number;
}
export const leakyrelu = unary<LeakyReluAttrs, 'leakyrelu'>({
  name: 'leakyrelu',
  summary: 'x if x >= 0, else alpha*x: one compare and one multiply per element',
  attrs: { alpha: optional(float) },
  perElement: { cmp: 1, mul: 1 },
  f: (v, d, a) => {
    d.mul++;
    const scaled = Math.fround(a.alpha ?? LEAKYRELU_ALPHA) * v;
    d.cmp++;
    return v >= 0 ? v : scaled;
  },
  onnx: (x, b, a) => b.node('LeakyRelu', [x], { alpha: { float: a.alpha ?? LEAKYRELU_ALPHA } }),
});

export interface ClipAttrs {
  /** Lower bound; absent means none (not compared). */
  readonly min?: number;
  /** Upper bound; absent means none. */
  readonly max?: number;
}
const boundsOf = (a: ClipAttrs): number => (a.min !== undefined ? 1 : 0) + (a.max !== undefined ? 1 : 0);
export const clip = unary<ClipAttrs, 'clip'>({
  name: 'clip',
  summary: 'min(max(x, min), max) with either bound optional: one compare per element and bound',
  attrs: { min: optional(float), max: optional(float) },
  checkAttrs(a, ctx) {
    if (a.min !== undefined && a.max !== undefined && a.min > a.max) fail(ctx, `min must not exceed max, received min ${a.min}, max ${a.max}`);
  },
  perElement: (a) => ({ cmp: boundsOf(a) }),
  counts: { cmp: '1 per bound given (min, max)' },
  f: (v, d, a) => {
    let y = v;
    if (a.min !== undefined) {
      d.cmp++;
      if (y < Math.fround(a.min)) y = Math.fround(a.min);
    }
    if (a.max !== undefined) {
      d.cmp++;
      if (y > Math.fround(a.max)) y = Math.fround(a.max);
    }
    return y;
  },
  // Clip's bounds are optional inputs: an empty name leaves one out.
  onnx: (x, b, a) => {
    const min = a.min !== undefined ? b.constant('min', [a.min], 'float', []) : '';
    const inputs = a.max !== undefined ? [x, min, b.constant('max', [a.max], 'float', [])] : a.min !== undefined ? [x, min] : [x];
    return b.node('Clip', inputs);
  },
});

export const erf = unary({ name: 'erf', category: 'elementwise', summary: 'the error function (GELU\'s building block): one transcendental per element', perElement: { exp: 1 },
  f: (v, d) => { d.exp++; return erfOf(v); },
  onnx: (x, b) => b.node('Erf', [x]) });
export const sqrt = unary({ name: 'sqrt', category: 'elementwise', summary: 'square root: one transcendental (exp bucket) per element', perElement: { exp: 1 },
  f: (v, d) => { d.exp++; return Math.sqrt(v); },
  onnx: (x, b) => b.node('Sqrt', [x]) });
