// `defineOp` keeps an op's name as a literal type, so the catalogue knows every op by name and
// each convention table can be checked for a rule per op. The parameter helpers say, once, how
// each kind of tensor is initialised for the executor.
import { checkSchema } from './attrs.js';
import type { LayerContext, OpDef, ParamInit, ParamSpec } from './types.js';

export function defineOp<A, const N extends string>(def: OpDef<A, N>): OpDef<A, N> {
  return def;
}

/** Every attribute check of an op: its schema (types, tuple lengths), then its own cross-checks. */
export function checkOpAttrs(def: OpDef, attrs: Readonly<Record<string, unknown>>, ctx: LayerContext): void {
  checkSchema(def.attrs, attrs, ctx);
  def.checkAttrs?.(attrs, ctx);
}

const FAN_IN: ParamInit = { kind: 'fan-in' };
/** Scales that start near 1 (BN gamma, running variance), so activations keep their size. */
const NEAR_ONE: ParamInit = { kind: 'uniform', low: 0.5, high: 1.5 };
/** Shifts that start near 0 (biases, running means). */
const NEAR_ZERO: ParamInit = { kind: 'uniform', low: -0.1, high: 0.1 };

/** A learned weight with a fan-in (conv filters, FC matrices). */
export const weightParam = (shape: readonly number[], name = 'weight'): ParamSpec => ({ name, shape, role: 'weight', init: FAN_IN });
/**
 * A learned weight whose fan-in is not its trailing axes (a K x N matrix multiplied from the
 * right, a transposed convolution's filters): uniform in +-sqrt(3 / fanIn), for unit variance out.
 */
export const fanInWeight = (shape: readonly number[], fanIn: number, name = 'weight'): ParamSpec => {
  const a = Math.sqrt(3 / fanIn);
  return { name, shape, role: 'weight', init: { kind: 'uniform', low: -a, high: a } };
};
/** A learned per-channel scale (BN gamma). */
export const scaleParam = (shape: readonly number[], name = 'weight'): ParamSpec => ({ name, shape, role: 'weight', init: NEAR_ONE });
export const biasParam = (shape: readonly number[], name = 'bias'): ParamSpec => ({ name, shape, role: 'bias', init: NEAR_ZERO });
/**
 * A tensor used as an operand as it is (a position embedding, a constant table): values near 1,
 * so it is as safe as a divisor as it is as an addend or a factor.
 */
export const tensorParam = (shape: readonly number[], role: 'weight' | 'buffer', name = 'weight'): ParamSpec => ({ name, shape, role, init: NEAR_ONE });
/** Non-learned state: running statistics. */
export const meanBuffer = (shape: readonly number[], name = 'running_mean'): ParamSpec => ({ name, shape, role: 'buffer', init: NEAR_ZERO });
export const varianceBuffer = (shape: readonly number[], name = 'running_var'): ParamSpec => ({ name, shape, role: 'buffer', init: NEAR_ONE });
