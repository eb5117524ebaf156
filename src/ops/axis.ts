// Axes as ONNX writes them: counted from the end when negative.
import { fail } from './check.js';
import type { LayerContext } from './types.js';

/** The axis counted from the front: a negative `axis` counts from the end of a rank-`rank` shape. Unchecked. */
export const axisIndex = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** The axis in 0..rank-1 for an `axis` attribute in -rank..rank-1; fails outside that range. */
export function normaliseAxis(ctx: LayerContext, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) fail(ctx, `axis ${axis} is out of range for a rank-${rank} input: expects ${-rank}..${rank - 1}`, 'shape');
  return axisIndex(axis, rank);
}
