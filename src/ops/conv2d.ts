import { mul, product, type Shape } from '../shape/dim.js';
import { convOutputSize } from '../shape/window.js';
import { flag, nonNegativeInts, optional, positiveInt, positiveInts } from './attrs.js';
import { channelsOf, checkArity, checkOutputSize, checkRank, fail } from './check.js';
import { biasParam, defineOp, weightParam } from './define.js';
import { conv2dForward, type ConvGeometry } from './kernel/conv.js';

export interface Conv2dAttrs extends ConvGeometry {
  readonly bias: boolean;
  /** Declared input channels, checked against the actual input when given. */
  readonly inChannels?: number;
}

const weightShape = (cin: number, a: Conv2dAttrs): number[] => [a.outChannels, cin / a.groups, a.kernel[0], a.kernel[1]];

export const conv2d = defineOp<Conv2dAttrs, 'conv2d'>({
  name: 'conv2d',
  category: 'conv',
  summary: '2-D convolution (groups, depthwise, stride, dilation, asymmetric padding, bias)',
  counts: { macs: 'Cout·Ho·Wo·(Cin/groups)·kh·kw per image', add: '1 if bias' },
  paramsDoc: 'weight Cout·(Cin/groups)·kh·kw; bias Cout',
  arity: 1,
  attrs: {
    outChannels: positiveInt,
    kernel: positiveInts(2),
    stride: positiveInts(2),
    padding: nonNegativeInts(4),
    dilation: positiveInts(2),
    groups: positiveInt,
    bias: flag,
    inChannels: optional(positiveInt),
  },
  checkAttrs(a, ctx) {
    if (a.outChannels % a.groups !== 0) {
      fail(ctx, `groups=${a.groups} must divide the output channels, received outChannels=${a.outChannels}`);
    }
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 4, 'NCHW');
    const cin = channelsOf(ctx, x);
    if (a.inChannels !== undefined && a.inChannels !== cin) {
      fail(ctx, `expects ${a.inChannels} input channels, received ${cin} (input ${x.join('x')})`, 'channel-mismatch');
    }
    if (cin % a.groups !== 0) {
      fail(ctx, `groups=${a.groups} must divide the input channels, received ${cin} input channels`, 'channel-mismatch');
    }
    const [kh, kw] = a.kernel;
    const [sh, sw] = a.stride;
    const [pt, pl, pb, pr] = a.padding;
    const [dh, dw] = a.dilation;
    const h = convOutputSize(x[2], kh, sh, pt, pb, dh);
    const w = convOutputSize(x[3], kw, sw, pl, pr, dw);
    const rule = (): string => `kernel ${kh}x${kw}, stride ${sh}x${sw}, padding ${pt},${pl},${pb},${pr}, dilation ${dh}x${dw}`;
    checkOutputSize(ctx, x, h, 'height', rule);
    checkOutputSize(ctx, x, w, 'width', rule);
    return [x[0], a.outChannels, h, w];
  },
  params([x], a) {
    const weight = weightParam(weightShape(x[1] as number, a));
    return a.bias ? [weight, biasParam([a.outChannels])] : [weight];
  },
  macs([x], out, a) {
    const perOutput = ((x[1] as number) / a.groups) * a.kernel[0] * a.kernel[1];
    return mul(product(out), perOutput);
  },
  work(_inputs, out: Shape, a) {
    return a.bias ? { add: product(out) } : {};
  },
  scratch([x], out, a) {
    // im2col columns of one group: (Cin/groups)·kh·kw rows by Ho·Wo positions.
    return (x[1] / a.groups) * a.kernel[0] * a.kernel[1] * out[2] * out[3];
  },
  kernel([x], a, ctx) {
    return conv2dForward(x, ctx.param('weight'), a.bias ? ctx.param('bias') : undefined, a, ctx.count);
  },
  onnx([x], a, b) {
    const inputs = a.bias ? [x, b.param('weight'), b.param('bias')] : [x, b.param('weight')];
    return b.node('Conv', inputs, {
      kernel_shape: a.kernel, strides: a.stride, dilations: a.dilation, group: a.groups,
      // ONNX pads are [top, left, bottom, right] for 2-D, the order flopscope keeps.
      pads: a.padding,
    });
  },
});
