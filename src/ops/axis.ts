// Axes as ONNX writes them: counted from the end when negative.
import { fail } from './check.js';
import type { LayerContext } from './types.js';

/**
 * The axis in 0..limit-1 for an `axis` attribute in -limit..limit-1 (`limit` is the rank, or
 * rank + 1 where an axis may also point past the last one, as Flatten's does).
 */
export function normaliseAxis(ctx: LayerContext, axis: number, limit: number, what = 'axis'): number {
  if (axis < -limit || axis >= limit) fail(ctx, `${what} ${axis} is out of range for a rank-${limit} input: expects ${-limit}..${limit - 1}`, 'shape');
  return axis < 0 ? axis + limit : axis;
}
