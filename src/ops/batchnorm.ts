import { formatShape, product } from '../shape/dim.js';
import { optional, positiveInt } from './attrs.js';
import { channelsOf, checkArity, fail } from './check.js';
import { biasParam, defineOp, meanBuffer, scaleParam, varianceBuffer } from './define.js';

export interface BatchNormAttrs {
  /** Declared channels, checked against the input when given. */
  readonly channels?: number;
  readonly eps: number;
}

/**
 * Inference-time batch norm on N x C x ... (any rank >= 2, channels at axis 1, as ONNX
 * BatchNormalization): y = x * scale + shift per channel (one mul and one add per element).
 */
export const batchnorm = defineOp<BatchNormAttrs, 'batchnorm'>({
  name: 'batchnorm',
  category: 'norm',
  summary: 'batch normalization (inference: one multiply and one add per element)',
  counts: { add: '1', mul: '1' },
  paramsDoc: 'weight C, bias C (learned); running mean C, running var C (buffers)',
  arity: 1,
  attrs: { channels: optional(positiveInt), eps: { type: 'number', min: 0 } },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    if (x.length < 2) fail(ctx, `expects an input of rank 2 or more (N x C x ...), received ${formatShape(x)}`, 'shape');
    const c = channelsOf(ctx, x);
    if (a.channels !== undefined && a.channels !== c) {
      fail(ctx, `expects ${a.channels} channels, received ${c}`, 'channel-mismatch');
    }
    return x;
  },
  params([x]) {
    const c = x[1] as number;
    return [scaleParam([c]), biasParam([c]), meanBuffer([c]), varianceBuffer([c])];
  },
  macs() {
    return 0;
  },
  work(_inputs, out) {
    const n = product(out);
    return { mul: n, add: n };
  },
  kernel([x], a, ctx) {
    const [n, c] = x.shape;
    const gamma = ctx.param('weight');
    const beta = ctx.param('bias');
    const mean = ctx.param('running_mean');
    const variance = ctx.param('running_var');
    const out = new Float32Array(x.data.length);
    // Every axis after the channels (H x W for images, none for N x C, L for N x C x L).
    const area = x.data.length / (n * c);
    for (let ch = 0; ch < c; ch++) {
      // Folding the statistics into one scale and shift per channel is weight preparation, done
      // once per model in a deployed network; only the per-element work below is counted.
      const scale = gamma[ch] / Math.sqrt(variance[ch] + a.eps);
      const shift = beta[ch] - mean[ch] * scale;
      for (let b = 0; b < n; b++) {
        const off = (b * c + ch) * area;
        for (let i = off; i < off + area; i++) out[i] = x.data[i] * scale + shift;
        ctx.count.mul += area;
        ctx.count.add += area;
      }
    }
    return { shape: x.shape, data: out };
  },
  onnx([x], a, b) {
    return b.node('BatchNormalization', [x, b.param('weight'), b.param('bias'), b.param('running_mean'), b.param('running_var')], { epsilon: { float: a.eps } });
  },
});
