import { product } from '../shape/dim.js';
import { channelsOf, checkArity, checkPositiveInt, checkRank, fail } from './check.js';
import { registerOp } from './registry.js';

export interface BatchNormAttrs {
  /** Declared channels, checked against the input when given. */
  readonly channels?: number;
  readonly eps: number;
}

/** Inference-time batch norm: y = x * scale + shift per channel (one mul and one add per element). */
export const batchnorm = registerOp<BatchNormAttrs>({
  name: 'batchnorm',
  category: 'norm',
  summary: 'batch normalization (inference: one multiply and one add per element)',
  arity: 1,
  checkAttrs(a, ctx) {
    if (a.channels !== undefined) checkPositiveInt(ctx, 'channels', a.channels);
    if (!(typeof a.eps === 'number' && a.eps > 0)) fail(ctx, `eps must be a positive number, received ${JSON.stringify(a.eps)}`);
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 4, 'NCHW');
    const c = channelsOf(ctx, x);
    if (a.channels !== undefined && a.channels !== c) {
      fail(ctx, `expects ${a.channels} channels, received ${c}`, 'channel-mismatch');
    }
    return x;
  },
  params([x]) {
    const c = x[1] as number;
    return [
      { name: 'weight', shape: [c], role: 'weight' },
      { name: 'bias', shape: [c], role: 'bias' },
      { name: 'running_mean', shape: [c], role: 'buffer' },
      { name: 'running_var', shape: [c], role: 'buffer' },
    ];
  },
  macs() {
    return 0;
  },
  work(_inputs, out) {
    const n = product(out);
    return { mul: n, add: n };
  },
  kernel([x], a, ctx) {
    const [n, c, h, w] = x.shape;
    const gamma = ctx.param('weight', [c], 'weight');
    const beta = ctx.param('bias', [c], 'bias');
    const mean = ctx.param('running_mean', [c], 'buffer');
    const variance = ctx.param('running_var', [c], 'buffer');
    const out = new Float32Array(x.data.length);
    const area = h * w;
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
