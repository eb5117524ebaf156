// Element-wise arithmetic on two or more operands with NumPy/ONNX broadcasting: add, mul (either
// variadic), sub, div, pow (binary). A constant operand that is a single number is folded into the
// layer as an attribute (`scalar`, or pow's `exponent`), so `x * 0.5` is a layer with one input.
import { concrete, dimEquals, formatShape, mul, product, type Dim, type Shape } from '../shape/dim.js';
import { flag, float, optional, type AttrSchema } from './attrs.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { ADD, broadcastCombine, MUL } from './kernel/broadcast.js';
import type { CountsDoc, LayerContext, OnnxBuilder, OpDef, Tensor, WorkKind } from './types.js';

/** NumPy/ONNX broadcasting: align right; a dimension of 1 stretches. */
export function broadcastShapes(ctx: LayerContext, inputs: readonly Shape[]): Shape {
  const rank = Math.max(...inputs.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of inputs) {
      const d = s[s.length - rank + i] ?? 1;
      if (concrete(d) === 1) continue;
      if (concrete(dim) === 1) dim = d;
      else if (!dimEquals(dim, d)) {
        fail(ctx, `cannot broadcast input shapes ${inputs.map(formatShape).join(' and ')} (axis ${i}: ${String(dim)} vs ${String(d)})`, 'channel-mismatch');
      }
    }
    out.push(dim);
  }
  return out;
}

export interface ScalarAttrs {
  /** A constant operand folded into the layer: a single number. */
  readonly scalar?: number;
}

export interface BinaryAttrs extends ScalarAttrs {
  /** sub and div: the scalar is the left operand (`scalar - x`, `scalar / x`). */
  readonly scalarFirst?: boolean;
}

export interface PowAttrs {
  /** A constant exponent folded into the layer. */
  readonly exponent?: number;
}

type BinaryName = 'add' | 'mul' | 'sub' | 'div' | 'pow';

interface BinarySpec<A, N extends BinaryName> {
  readonly name: N;
  readonly summary: string;
  readonly counts: CountsDoc;
  readonly attrs: AttrSchema<A>;
  /** Two or more operands (add, mul), or exactly two. */
  readonly variadic: boolean;
  /** The folded constant, if any, and whether it comes first. */
  folded(a: A): { value: number; first: boolean } | undefined;
  /** The bucket one operation falls in (pow by 2 is a multiply). */
  kind(a: A): WorkKind;
  op(a: A): (x: number, y: number) => number;
  onnx(inputs: readonly string[], b: OnnxBuilder): string;
}

const operandCount = (inputs: readonly unknown[], folded: unknown): number => inputs.length + (folded === undefined ? 0 : 1);

function binary<A, const N extends BinaryName>(spec: BinarySpec<A, N>): OpDef<A, N> {
  return defineOp<A, N>({
    name: spec.name,
    category: 'elementwise',
    summary: spec.summary,
    counts: spec.counts,
    arity: { min: 1 },
    attrs: spec.attrs,
    outputShape(inputs, a, ctx) {
      checkArity(ctx, inputs, { min: 1 });
      const folded = spec.folded(a);
      const operands = operandCount(inputs, folded);
      if (spec.variadic ? operands < 2 : operands !== 2) {
        const want = spec.variadic ? 'at least 2' : 'exactly 2';
        fail(ctx, `expects ${want} operands (inputs plus a folded constant), received ${inputs.length} input(s)${folded ? ' and a constant' : ''}`, 'shape');
      }
      return broadcastShapes(ctx, inputs);
    },
    params: () => [],
    macs: () => 0,
    work(inputs, out, a) {
      return { [spec.kind(a)]: mul(product(out), operandCount(inputs, spec.folded(a)) - 1) };
    },
    kernel(inputs, a, ctx) {
      const folded = spec.folded(a);
      // The constant is a rank-0 tensor, rounded to float32 as the exported model stores it.
      if (!folded) return broadcastCombine(inputs, spec.op(a), spec.kind(a), ctx.count);
      const constant: Tensor = { shape: [], data: Float32Array.of(folded.value) };
      const operands = folded.first ? [constant, ...inputs] : [...inputs, constant];
      return broadcastCombine(operands, spec.op(a), spec.kind(a), ctx.count);
    },
    onnx(inputs, a, b) {
      const folded = spec.folded(a);
      if (!folded) return spec.onnx(inputs, b);
      const constant = b.constant('scalar', [folded.value], 'float', []);
      return spec.onnx(folded.first ? [constant, ...inputs] : [...inputs, constant], b);
    },
  });
}

const scalarAttrs = { scalar: optional(float), scalarFirst: optional(flag) } as const;
const foldedScalar = (a: ScalarAttrs & { scalarFirst?: boolean }) => (a.scalar === undefined ? undefined : { value: a.scalar, first: a.scalarFirst === true });
const pairwise = (opType: string) => (inputs: readonly string[], b: OnnxBuilder): string => {
  // Binary ONNX ops: a chain, the last link carrying the layer's name.
  let acc = inputs[0];
  for (let i = 1; i < inputs.length; i++) acc = b.node(opType, [acc, inputs[i]], {}, i === inputs.length - 1 ? undefined : `${opType.toLowerCase()}${i}`);
  return acc;
};

/** Residual sum: one add per output element and extra operand. */
export const add = binary<ScalarAttrs, 'add'>({
  name: 'add',
  summary: 'element-wise sum with broadcasting (residual add, or x + constant): one add per output element and extra operand',
  counts: { add: '1 per extra operand' },
  attrs: { scalar: optional(float) },
  variadic: true,
  folded: foldedScalar,
  kind: () => 'add',
  op: () => ADD,
  onnx: (inputs, b) => (inputs.length === 2 ? b.node('Add', inputs) : b.node('Sum', inputs)),
});
/** Channel scaling (SE), or x times a constant: one multiply per output element and extra operand. */
export const mulOp = binary<ScalarAttrs, 'mul'>({
  name: 'mul',
  summary: 'element-wise product with broadcasting (SE channel scale, or x * constant): one multiply per output element and extra operand',
  counts: { mul: '1 per extra operand' },
  attrs: { scalar: optional(float) },
  variadic: true,
  folded: foldedScalar,
  kind: () => 'mul',
  op: () => MUL,
  onnx: pairwise('Mul'),
});
/** A subtraction is counted with the adds. */
export const subOp = binary<BinaryAttrs, 'sub'>({
  name: 'sub',
  summary: 'element-wise difference with broadcasting: one subtraction (add bucket) per output element',
  counts: { add: '1 (the subtraction)' },
  attrs: scalarAttrs,
  variadic: false,
  folded: foldedScalar,
  kind: () => 'add',
  op: () => (x, y) => x - y,
  onnx: pairwise('Sub'),
});
export const divOp = binary<BinaryAttrs, 'div'>({
  name: 'div',
  summary: 'element-wise quotient with broadcasting: one divide per output element',
  counts: { div: '1' },
  attrs: scalarAttrs,
  variadic: false,
  folded: foldedScalar,
  kind: () => 'div',
  op: () => (x, y) => x / y,
  onnx: pairwise('Div'),
});
/** Squaring is one multiply; any other power one transcendental (exp and log). */
export const pow = binary<PowAttrs, 'pow'>({
  name: 'pow',
  summary: 'element-wise power with broadcasting: x^2 is one multiply per element, any other exponent one transcendental (exp bucket)',
  counts: { mul: '1 if the exponent is the constant 2', exp: '1 otherwise' },
  attrs: { exponent: optional(float) },
  variadic: false,
  folded: (a) => (a.exponent === undefined ? undefined : { value: a.exponent, first: false }),
  kind: (a) => (a.exponent === 2 ? 'mul' : 'exp'),
  op: (a) => (a.exponent === 2 ? (x) => x * x : (x, y) => Math.pow(x, y)),
  onnx: pairwise('Pow'),
});
