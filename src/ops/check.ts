// Small validators shared by the op definitions. Each throws a FlopscopeError that names the
// layer, what was received and what was expected.
import { layerError } from '../errors.js';
import { concrete, formatShape, type Dim, type Shape } from '../shape/dim.js';
import type { LayerContext } from './types.js';

export function fail(ctx: LayerContext, what: string, code: 'bad-attribute' | 'channel-mismatch' | 'shape' = 'bad-attribute'): never {
  throw layerError(code, ctx.layer, ctx.site, what);
}

export function checkRank(ctx: LayerContext, input: Shape, rank: number, layout: string): void {
  if (input.length !== rank) {
    fail(ctx, `expects a rank-${rank} input (${layout}), received ${formatShape(input)}`, 'shape');
  }
}

export function checkArity(ctx: LayerContext, inputs: readonly Shape[], arity: number | { readonly min: number }): void {
  const ok = typeof arity === 'number' ? inputs.length === arity : inputs.length >= arity.min;
  if (!ok) fail(ctx, `expects ${typeof arity === 'number' ? arity : `at least ${arity.min}`} input(s), received ${inputs.length}`, 'shape');
}

/** Channel count (axis 1), which is always concrete: only N, H and W may be symbols. */
export function channelsOf(ctx: LayerContext, input: Shape): number {
  const c = concrete(input[1]);
  if (typeof c !== 'number') fail(ctx, `channel dimension must be a concrete number, received ${formatShape(input)}`, 'shape');
  return c;
}

/** A spatial output size must be at least 1 wherever it is concrete. */
/** `rule` describes the window for the message; a function, so the hot path builds no string. */
export function checkOutputSize(ctx: LayerContext, input: Shape, output: Dim, axis: string, rule: () => string): void {
  const v = concrete(output);
  if (v !== undefined && v < 1) {
    fail(ctx, `input ${formatShape(input)} is too small: output ${axis} would be ${v} (${rule()}); use a larger input`, 'shape');
  }
}

/** An ONNX mapping that cannot express this layer, e.g. a symbolic size ONNX needs as a number. */
export function cannotExport(layer: string, what: string): never {
  throw layerError('shape', layer, undefined, `cannot export to ONNX: ${what}`);
}
