import { mul, product, type Shape } from '../shape/dim.js';
import { convOutputSize } from '../shape/window.js';
import { channelsOf, checkArity, checkNonNegativeInt, checkOutputSize, checkPositiveInt, checkRank, fail } from './check.js';
import { conv2dForward } from './kernel/conv.js';
import { registerOp } from './registry.js';

export interface Conv2dAttrs {
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right */
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
  readonly bias: boolean;
  /** Declared input channels, checked against the actual input when given. */
  readonly inChannels?: number;
}

export const conv2d = registerOp<Conv2dAttrs>({
  name: 'conv2d',
  category: 'conv',
  summary: '2-D convolution (groups, depthwise, stride, dilation, asymmetric padding, bias)',
  arity: 1,
  checkAttrs(a, ctx) {
    checkPositiveInt(ctx, 'outChannels', a.outChannels);
    checkPositiveInt(ctx, 'groups', a.groups);
    for (const k of a.kernel) checkPositiveInt(ctx, 'kernel', k);
    for (const s of a.stride) checkPositiveInt(ctx, 'stride', s);
    for (const d of a.dilation) checkPositiveInt(ctx, 'dilation', d);
    for (const p of a.padding) checkNonNegativeInt(ctx, 'padding', p);
    if (a.inChannels !== undefined) checkPositiveInt(ctx, 'inChannels', a.inChannels);
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
    const cin = x[1] as number;
    const weight = { name: 'weight', shape: [a.outChannels, cin / a.groups, a.kernel[0], a.kernel[1]], role: 'weight' as const };
    return a.bias ? [weight, { name: 'bias', shape: [a.outChannels], role: 'bias' as const }] : [weight];
  },
  macs([x], out, a) {
    const perOutput = ((x[1] as number) / a.groups) * a.kernel[0] * a.kernel[1];
    return mul(product(out), perOutput);
  },
  work(_inputs, out: Shape, a) {
    return a.bias ? { add: product(out) } : {};
  },
  kernel([x], a, ctx) {
    const cin = x.shape[1];
    const weight = ctx.param('weight', [a.outChannels, cin / a.groups, a.kernel[0], a.kernel[1]], 'weight');
    const bias = a.bias ? ctx.param('bias', [a.outChannels], 'bias') : undefined;
    return conv2dForward(x, weight, bias, a, ctx.count);
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
