// Element-wise ops: activations, and the binary arithmetic ops with broadcasting. A constant
// operand that is a single number is folded into the layer (`scalar`); a larger one (a position
// embedding, a bias after MatMul) stays an operand, from a constant layer.
import { FlopscopeError } from '../../../errors.js';
import { HARDSIGMOID_DEFAULTS } from '../../../ops/activations.js';
import { axisIndex } from '../../../ops/axis.js';
import { near } from '../attributes.js';
import { Constant, numbers, type Activation, type Value } from '../values.js';
import { unsupported, type MapContext, type Mapping } from './context.js';

/** A one-input op with no attributes. */
export const unaryOp = (op: string): Mapping => (ctx) => [ctx.layer(op, {}, [ctx.act(0)])];

/** The single number of a constant operand that may be folded next to an activation of `rank`. */
function scalarOf(v: Value | undefined, rank: number): number | undefined {
  if (!(v instanceof Constant) || !v.small || v.size !== 1 || v.dims.length > rank) return undefined;
  const values = v.values();
  return values ? numbers(values, 'scalar')[0] : undefined;
}

/** add, sub, mul, div: a single-number operand is folded, on either side (`1 - x` is scalarFirst). */
export const binaryOp = (op: 'add' | 'sub' | 'mul' | 'div'): Mapping => (ctx) => {
  const a = ctx.input(0);
  const b = ctx.input(1);
  if (a === undefined || b === undefined) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': ${ctx.node.op_type} needs two inputs`);
  if (!(a instanceof Constant)) {
    const s = scalarOf(b, a.shape.length);
    if (s !== undefined) return [ctx.layer(op, { scalar: s }, [a])];
  }
  if (!(b instanceof Constant)) {
    const s = scalarOf(a, b.shape.length);
    const commutes = op === 'add' || op === 'mul';
    if (s !== undefined) return [ctx.layer(op, commutes ? { scalar: s } : { scalar: s, scalarFirst: true }, [b])];
  }
  return [ctx.layer(op, {}, [ctx.act(0), ctx.act(1)])];
};

export const sum: Mapping = (ctx) => {
  const inputs: Activation[] = [];
  for (let i = 0; i < ctx.inputCount; i++) inputs.push(ctx.act(i));
  return [inputs.length === 1 ? ctx.layer('identity', {}, inputs) : ctx.layer('add', {}, inputs)];
};

export const pow: Mapping = (ctx) => {
  const x = ctx.act(0);
  const e = scalarOf(ctx.input(1), x.shape.length);
  if (e !== undefined) return [ctx.layer('pow', { exponent: e }, [x])];
  return [ctx.layer('pow', {}, [x, ctx.act(1)])];
};

export const hardSigmoid: Mapping = (ctx) => {
  const alpha = ctx.attrs.float('alpha', 0.2);
  const beta = ctx.attrs.float('beta', 0.5);
  // PyTorch's Hardsigmoid is alpha 1/6, beta 1/2: the op's defaults.
  const attrs = near(alpha, HARDSIGMOID_DEFAULTS.alpha) && near(beta, HARDSIGMOID_DEFAULTS.beta) ? {} : { alpha, beta };
  return [ctx.layer('hardsigmoid', attrs, [ctx.act(0)])];
};

export const leakyRelu: Mapping = (ctx) => [ctx.layer('leakyrelu', { alpha: ctx.attrs.float('alpha', 0.01) }, [ctx.act(0)])];

function bound(ctx: MapContext, i: number, name: string): number | undefined {
  const v = ctx.input(i);
  if (v === undefined) return undefined;
  if (!(v instanceof Constant)) unsupported(ctx, `its ${name} bound is computed in the graph`);
  const s = scalarOf(v, Infinity);
  if (s === undefined) unsupported(ctx, `its ${name} bound is not a single number`);
  return Number.isFinite(s) ? s : undefined;
}

/** Clip(0, 6) is PyTorch's ReLU6 and Clip(0, -) a ReLU: one compare per bound either way. */
export const clip: Mapping = (ctx) => {
  const x = ctx.act(0);
  const min = ctx.opset >= 11 ? bound(ctx, 1, 'min') : ctx.attrs.float('min');
  const max = ctx.opset >= 11 ? bound(ctx, 2, 'max') : ctx.attrs.float('max');
  if (min === 0 && max === 6) return [ctx.layer('relu6', {}, [x])];
  if (min === 0 && max === undefined) return [ctx.layer('relu', {}, [x])];
  return [ctx.layer('clip', { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }, [x])];
};

export const softmax: Mapping = (ctx) => {
  const x = ctx.act(0);
  const rank = x.shape.length;
  const raw = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
  const axis = axisIndex(raw, rank);
  // Before opset 13, Softmax normalises over every axis from `axis` on; that is the usual
  // softmax only when `axis` is the last one.
  if (ctx.opset < 13 && axis !== rank - 1) unsupported(ctx, `an opset-${ctx.opset} Softmax over axes ${axis}..${rank - 1} together`);
  return [ctx.layer('softmax', { axis }, [x])];
};
