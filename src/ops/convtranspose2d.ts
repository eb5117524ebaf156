// Transposed 2-D convolution (ONNX ConvTranspose, PyTorch's ConvTranspose2d): each input pixel
// scatters a filter block into the output, which is then cropped by the padding.
import { add, mul, product, sub, type Dim } from '../shape/dim.js';
import { flag, nonNegativeInts, optional, positiveInt, positiveInts } from './attrs.js';
import { channelsOf, checkArity, checkOutputSize, checkRank, fail } from './check.js';
import { biasParam, defineOp, fanInWeight } from './define.js';
import { convTranspose2dForward, type ConvTransposeGeometry } from './kernel/conv-transpose.js';

export interface ConvTranspose2dAttrs extends Omit<ConvTransposeGeometry, 'outputPadding' | 'dilation'> {
  /** Extra rows and columns at the bottom and right of the output (default 0), to pick among the sizes a stride allows. */
  readonly outputPadding?: readonly [number, number];
  readonly dilation?: readonly [number, number];
  readonly bias: boolean;
}

/** (in - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1, for symbolic sizes too. */
function outputSize(input: Dim, kernel: number, stride: number, padBegin: number, padEnd: number, dilation: number, outputPadding: number): Dim {
  return add(mul(sub(input, 1), stride), dilation * (kernel - 1) + outputPadding + 1 - padBegin - padEnd);
}

const geometry = (a: ConvTranspose2dAttrs): ConvTransposeGeometry => ({ ...a, outputPadding: a.outputPadding ?? [0, 0], dilation: a.dilation ?? [1, 1] });

export const convtranspose2d = defineOp<ConvTranspose2dAttrs, 'convtranspose2d'>({
  name: 'convtranspose2d',
  category: 'conv',
  summary: 'transposed 2-D convolution (groups, stride, dilation, padding, output padding, bias)',
  counts: { macs: 'Cin·(Cout/groups)·kh·kw per input pixel', add: '1 if bias' },
  paramsDoc: 'weight Cin·(Cout/groups)·kh·kw; bias Cout',
  arity: 1,
  attrs: {
    outChannels: positiveInt,
    kernel: positiveInts(2),
    stride: positiveInts(2),
    padding: nonNegativeInts(4),
    outputPadding: optional(nonNegativeInts(2)),
    dilation: optional(positiveInts(2)),
    groups: positiveInt,
    bias: flag,
  },
  checkAttrs(a, ctx) {
    if (a.outChannels % a.groups !== 0) fail(ctx, `groups=${a.groups} must divide the output channels, received outChannels=${a.outChannels}`);
    const g = geometry(a);
    for (const i of [0, 1]) {
      // PyTorch's rule: output padding must be smaller than the stride or the dilation.
      if (g.outputPadding[i] >= Math.max(g.stride[i], g.dilation[i])) {
        fail(ctx, `outputPadding must be smaller than the stride or the dilation, received outputPadding ${g.outputPadding.join('x')} for stride ${g.stride.join('x')}, dilation ${g.dilation.join('x')}`);
      }
    }
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 4, 'NCHW');
    const cin = channelsOf(ctx, x);
    if (cin % a.groups !== 0) fail(ctx, `groups=${a.groups} must divide the input channels, received ${cin} input channels`, 'channel-mismatch');
    const g = geometry(a);
    const [pt, pl, pb, pr] = g.padding;
    const h = outputSize(x[2], g.kernel[0], g.stride[0], pt, pb, g.dilation[0], g.outputPadding[0]);
    const w = outputSize(x[3], g.kernel[1], g.stride[1], pl, pr, g.dilation[1], g.outputPadding[1]);
    const rule = (): string => `kernel ${g.kernel.join('x')}, stride ${g.stride.join('x')}, padding ${g.padding.join(',')}`;
    checkOutputSize(ctx, x, h, 'height', rule);
    checkOutputSize(ctx, x, w, 'width', rule);
    return [x[0], a.outChannels, h, w];
  },
  params([x], a) {
    const cin = x[1] as number;
    const [kh, kw] = a.kernel;
    // Each output sums about (Cin/groups)·kh·kw / (sh·sw) contributions: that is its fan-in.
    const fanIn = Math.max(1, ((cin / a.groups) * kh * kw) / (a.stride[0] * a.stride[1]));
    const weight = fanInWeight([cin, a.outChannels / a.groups, kh, kw], fanIn);
    return a.bias ? [weight, biasParam([a.outChannels])] : [weight];
  },
  macs([x], _out, a) {
    return mul(product(x), (a.outChannels / a.groups) * a.kernel[0] * a.kernel[1]);
  },
  work(_inputs, out, a) {
    return a.bias ? { add: product(out) } : {};
  },
  kernel([x], a, ctx) {
    return convTranspose2dForward(x, ctx.param('weight'), a.bias ? ctx.param('bias') : undefined, geometry(a), ctx.count);
  },
  onnx([x], a, b) {
    const g = geometry(a);
    const inputs = a.bias ? [x, b.param('weight'), b.param('bias')] : [x, b.param('weight')];
    return b.node('ConvTranspose', inputs, {
      kernel_shape: g.kernel, strides: g.stride, pads: g.padding, dilations: g.dilation, group: g.groups, output_padding: g.outputPadding,
    });
  },
});
