// Op kinds of the time model: an op name, with convolutions split by the kernels engines run for
// them (a depthwise or pointwise convolution runs far from a dense 3x3's speed), and average
// pooling in ceil mode counting its padding apart (engines run it outside their blocked layout).
import { knownOps, type OpName } from '../ops/catalogue.js';
import type { Shape } from '../shape/dim.js';

export const CONV_KINDS = ['conv2d.pointwise', 'conv2d.depthwise', 'conv2d.grouped'] as const;

/**
 * Channels per group at which `calibrate` measures grouped convolutions: odd, so never whole
 * channel blocks (those run as dense convolutions, see groupedEfficiency in roofline.ts).
 */
export const GROUP_WIDTHS = [3, 9, 27, 81] as const;

/** The efficiency key of grouped convolutions with `width` channels per group. */
export const groupWidthKind = (width: number): string => `conv2d.grouped.cpg${width}`;

/** Every kind a device profile may give an efficiency factor for. */
export const OP_KINDS: readonly string[] = [...knownOps(), ...CONV_KINDS, ...GROUP_WIDTHS.map(groupWidthKind), 'avgpool.ceil'];

/**
 * The kind of a layer: 'conv2d' for a dense convolution with a kernel larger than 1x1,
 * 'conv2d.pointwise' (1x1, one group), 'conv2d.depthwise' (one group per input channel),
 * 'conv2d.grouped' (other groups), 'avgpool.ceil' (average pooling in ceil mode that counts the
 * padding), else the op's name.
 */
export function opKind(op: OpName, attrs: Readonly<Record<string, unknown>>, inputShapes: readonly Shape[]): string {
  if (op === 'avgpool') return attrs.ceilMode === true && attrs.countIncludePad !== false ? 'avgpool.ceil' : 'avgpool';
  if (op !== 'conv2d') return op;
  const groups = attrs.groups as number;
  const kernel = attrs.kernel as readonly number[];
  if (groups > 1) return groups === Number(inputShapes[0]?.[1]) ? 'conv2d.depthwise' : 'conv2d.grouped';
  return kernel[0] === 1 && kernel[1] === 1 ? 'conv2d.pointwise' : 'conv2d';
}

/**
 * What a kind's efficiency factor scales. A convolution's says how near its kernel computes to the
 * peak (depthwise and grouped kernels vectorise worse than a GEMM); the memory term stays at the
 * measured bandwidth. Other kinds move data: their factor scales the whole roofline time, and is
 * above 1 when their data stays in cache between layers.
 */
export function efficiencyScope(kind: string): 'compute' | 'time' {
  return kind.startsWith('conv2d') ? 'compute' : 'time';
}
