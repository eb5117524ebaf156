// Pad: borders added on every axis (negative pads crop), filled with a constant, the edge value,
// or a reflection. Moves data only.
import { add, concrete, formatShape } from '../shape/dim.js';
import { float, intList, oneOfStrings, optional } from './attrs.js';
import { checkArity, checkOutputSize, fail } from './check.js';
import { defineOp } from './define.js';
import { gatherByAxis, stridesOf } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export const PAD_MODES = ['constant', 'reflect', 'edge'] as const;

export interface PadAttrs {
  /** ONNX order: every axis's begin, then every axis's end (2 x rank). */
  readonly pads: readonly number[];
  /** Default 'constant'. */
  readonly mode?: (typeof PAD_MODES)[number];
  /** Fill of constant padding (default 0); reflect and edge padding ignore it, as ONNX does. */
  readonly value?: number;
}

/** Input index read by output index `o` along one axis, or NaN for constant padding. */
function sourceIndex(o: number, begin: number, size: number, mode: PadAttrs['mode']): number {
  const i = o - begin;
  if (i >= 0 && i < size) return i;
  if (mode === 'edge') return i < 0 ? 0 : size - 1;
  if (mode === 'reflect') return i < 0 ? -i : 2 * (size - 1) - i;
  return NaN;
}

export const pad = defineOp<PadAttrs, 'pad'>({
  name: 'pad',
  category: 'data',
  summary: 'pads every axis with a constant, the edge value or a reflection (Pad): moves data',
  arity: 1,
  attrs: { pads: intList(), mode: optional(oneOfStrings(PAD_MODES)), value: optional(float) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const r = x.length;
    if (a.pads.length !== 2 * r) fail(ctx, `pads must hold a begin and an end for each of the ${r} axes of ${formatShape(x)} (${2 * r} values), received ${a.pads.length}`, 'shape');
    return x.map((d, i) => {
      const [begin, end] = [a.pads[i], a.pads[i + r]];
      const size = concrete(d);
      const reach = Math.max(begin, end);
      if (a.mode === 'reflect' && size !== undefined && reach > Number(size) - 1) {
        fail(ctx, `reflect padding of ${reach} needs an axis longer than ${reach}, received ${formatShape(x)} (axis ${i})`, 'shape');
      }
      const out = add(d, begin + end);
      checkOutputSize(ctx, x, out, `axis ${i}`, () => `pads ${a.pads.join(',')}`);
      return out;
    });
  },
  ...noArithmetic,
  kernel([x], a) {
    const r = x.shape.length;
    const strides = stridesOf(x.shape);
    const shape = x.shape.map((d, i) => d + a.pads[i] + a.pads[i + r]);
    const offsets = shape.map((n, i) => Array.from({ length: n }, (_, o) => sourceIndex(o, a.pads[i], x.shape[i], a.mode) * strides[i]));
    return { shape, data: gatherByAxis(x.data, shape, offsets, Math.fround(a.value ?? 0)) };
  },
  onnx([x], a, b) {
    const mode = a.mode ?? 'constant';
    const inputs = [x, b.constant('pads', [...a.pads], 'int64')];
    if (mode === 'constant') inputs.push(b.constant('value', [a.value ?? 0], 'float', []));
    return b.node('Pad', inputs, { mode });
  },
});
