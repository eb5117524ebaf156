// Conv and ConvTranspose: 2-D only (a 1-D or 3-D convolution is refused, not counted as zero).
import { FlopscopeError } from '../../../errors.js';
import { concrete } from '../../../shape/dim.js';
import { Constant, numbers } from '../values.js';
import { unsupported, type MapContext, type Mapping } from './context.js';
import { windowOf } from './window.js';

/** A weight or bias input: a tensor of the file (an initializer, or what folding made of one). */
function weightInput(ctx: MapContext, i: number, what: string): Constant | undefined {
  const w = ctx.input(i);
  if (w === undefined) return undefined;
  if (!(w instanceof Constant)) unsupported(ctx, `its ${what} is computed in the graph rather than stored in the file`);
  return w;
}

function convWeight(ctx: MapContext, what: string): { w: Constant; dims: number[] } {
  const w = weightInput(ctx, 1, 'weight');
  if (!w) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': ${ctx.node.op_type} has no weight input`);
  if (w.dims.length !== 4) unsupported(ctx, `a ${w.dims.length - 2}-D ${what} (weight ${w.dims.join('x')}); flopscope counts 2-D ones`);
  const dims = numbers(w.dims, `node '${ctx.label}' weight`);
  const declared = ctx.attrs.ints('kernel_shape');
  if (declared && declared.join('x') !== dims.slice(2).join('x')) {
    throw new FlopscopeError('bad-attribute', `node '${ctx.label}': kernel_shape ${declared.join('x')} does not match the weight ${dims.join('x')}`);
  }
  return { w, dims };
}

export const conv: Mapping = (ctx) => {
  const x = ctx.act(0);
  const { w, dims } = convWeight(ctx, 'convolution');
  const bias = weightInput(ctx, 2, 'bias');
  const win = windowOf(ctx, x.shape, dims.slice(2));
  const attrs = { outChannels: dims[0], kernel: win.kernel, stride: win.stride, padding: win.padding, dilation: win.dilation, groups: ctx.attrs.int('group', 1), bias: bias !== undefined };
  return [ctx.layer('conv2d', attrs, [x], bias ? { weight: w, bias } : { weight: w })];
};

export const convTranspose: Mapping = (ctx) => {
  const x = ctx.act(0);
  const { w, dims } = convWeight(ctx, 'transposed convolution');
  const bias = weightInput(ctx, 2, 'bias');
  const groups = ctx.attrs.int('group', 1);
  const a = ctx.attrs;
  const kernel: [number, number] = [dims[2], dims[3]];
  const stride = a.ints('strides', [1, 1]);
  const dilation = a.ints('dilations', [1, 1]);
  const outputPadding = a.ints('output_padding', [0, 0]);
  if (stride.length !== 2 || dilation.length !== 2 || outputPadding.length !== 2) unsupported(ctx, 'a window that is not 2-D');
  const autoPad = a.string('auto_pad', 'NOTSET');
  const outputShape = a.ints('output_shape');
  let padding = a.ints('pads', [0, 0, 0, 0]);
  if (outputShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    // The padding that gives the requested output size (ONNX ConvTranspose, output_shape).
    const total = [0, 1].map((i) => {
      const size = concrete(x.shape[2 + i]);
      if (typeof size !== 'number') throw new FlopscopeError('bad-input-shape', `node '${ctx.label}': output_shape/auto_pad needs concrete input sizes; give them with --input`);
      const target = outputShape ? outputShape[outputShape.length - 2 + i] : size * stride[i];
      return stride[i] * (size - 1) + outputPadding[i] + (kernel[i] - 1) * dilation[i] + 1 - target;
    });
    const half = total.map((t) => Math.floor(t / 2));
    padding = autoPad === 'SAME_UPPER' ? [half[0], half[1], total[0] - half[0], total[1] - half[1]] : [total[0] - half[0], total[1] - half[1], half[0], half[1]];
  } else if (autoPad === 'VALID') padding = [0, 0, 0, 0];
  const attrs = {
    outChannels: dims[1] * groups, kernel, stride, padding, outputPadding, dilation, groups, bias: bias !== undefined,
  };
  return [ctx.layer('convtranspose2d', attrs, [x], bias ? { weight: w, bias } : { weight: w })];
};
