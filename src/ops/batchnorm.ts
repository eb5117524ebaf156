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
});
