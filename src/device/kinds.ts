// Op kinds of the time model: an op name, with convolutions split by the kernels engines run for
// them (a depthwise or pointwise convolution runs far from a dense 3x3's speed).
import { knownOps, type OpName } from '../ops/catalogue.js';
import type { Shape } from '../shape/dim.js';

export const CONV_KINDS = ['conv2d.pointwise', 'conv2d.depthwise', 'conv2d.grouped'] as const;

/** Every kind a device profile may give an efficiency factor for. */
export const OP_KINDS: readonly string[] = [...knownOps(), ...CONV_KINDS];

/**
 * The kind of a layer: 'conv2d' for a dense convolution with a kernel larger than 1x1,
 * 'conv2d.pointwise' (1x1, one group), 'conv2d.depthwise' (one group per input channel),
 * 'conv2d.grouped' (other groups), else the op's name.
 */
export function opKind(op: OpName, attrs: Readonly<Record<string, unknown>>, inputShapes: readonly Shape[]): string {
  if (op !== 'conv2d') return op;
  const groups = attrs.groups as number;
  const kernel = attrs.kernel as readonly number[];
  if (groups > 1) return groups === Number(inputShapes[0]?.[1]) ? 'conv2d.depthwise' : 'conv2d.grouped';
  return kernel[0] === 1 && kernel[1] === 1 ? 'conv2d.pointwise' : 'conv2d';
}
