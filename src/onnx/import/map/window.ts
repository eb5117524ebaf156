// Sliding-window attributes shared by Conv, ConvTranspose and the pools: ONNX defaults, and
// auto_pad turned into explicit padding.
import { FlopscopeError } from '../../../errors.js';
import { concrete, type Shape } from '../../../shape/dim.js';
import { unsupported, type MapContext } from './context.js';

export interface Window {
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  /** [top, left, bottom, right], ONNX's order for 2-D. */
  readonly padding: [number, number, number, number];
}

function pair(ctx: MapContext, name: string, values: readonly number[]): [number, number] {
  if (values.length !== 2) unsupported(ctx, `${name} has ${values.length} values: only 2-D windows are counted`);
  return [values[0], values[1]];
}

/** The window of a 2-D Conv or pool over input `x` (NCHW), with auto_pad resolved. */
export function windowOf(ctx: MapContext, x: Shape, kernel: readonly number[]): Window {
  const a = ctx.attrs;
  const k = pair(ctx, 'kernel_shape', kernel);
  const stride = pair(ctx, 'strides', a.ints('strides', [1, 1]));
  const dilation = pair(ctx, 'dilations', a.ints('dilations', [1, 1]));
  const autoPad = a.string('auto_pad', 'NOTSET');
  if (autoPad === 'NOTSET') {
    const p = a.ints('pads', [0, 0, 0, 0]);
    if (p.length !== 4) unsupported(ctx, `pads has ${p.length} values: only 2-D windows are counted`);
    return { kernel: k, stride, dilation, padding: [p[0], p[1], p[2], p[3]] };
  }
  if (autoPad === 'VALID') return { kernel: k, stride, dilation, padding: [0, 0, 0, 0] };
  if (autoPad !== 'SAME_UPPER' && autoPad !== 'SAME_LOWER') throw new FlopscopeError('bad-attribute', `node '${ctx.label}': auto_pad '${autoPad}' is not an ONNX value (NOTSET, SAME_UPPER, SAME_LOWER, VALID)`);
  // SAME: output = ceil(input / stride); the padding that takes depends on the input size,
  // except at stride 1 where it is always (k - 1) * dilation.
  const total = [0, 1].map((i) => {
    const span = (k[i] - 1) * dilation[i] + 1;
    if (stride[i] === 1) return span - 1;
    const size = concrete(x[2 + i]);
    if (typeof size !== 'number') throw new FlopscopeError('bad-input-shape', `node '${ctx.label}': auto_pad ${autoPad} with stride ${stride[i]} pads by an amount that depends on the input size ${String(x[2 + i])}; give concrete sizes with --input`);
    const out = Math.ceil(size / stride[i]);
    return Math.max(0, (out - 1) * stride[i] + span - size);
  });
  const small = total.map((t) => Math.floor(t / 2));
  const large = total.map((t, i) => t - small[i]);
  // SAME_UPPER puts the extra padding at the end, SAME_LOWER at the start.
  const [begin, end] = autoPad === 'SAME_UPPER' ? [small, large] : [large, small];
  return { kernel: k, stride, dilation, padding: [begin[0], begin[1], end[0], end[1]] };
}
