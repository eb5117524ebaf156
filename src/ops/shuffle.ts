import { positiveInt } from './attrs.js';
import { channelsOf, checkArity, checkRank, fail } from './check.js';
import { defineOp } from './define.js';
import { noArithmetic } from './no-arithmetic.js';

export interface ShuffleAttrs {
  readonly groups: number;
}

/** ShuffleNet's channel shuffle: reshape to (g, C/g), transpose, flatten. */
export const shuffle = defineOp<ShuffleAttrs, 'shuffle'>({
  name: 'shuffle',
  category: 'data',
  summary: 'channel shuffle across groups (ShuffleNet)',
  arity: 1,
  attrs: { groups: positiveInt },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 4, 'NCHW');
    const c = channelsOf(ctx, x);
    if (c % a.groups !== 0) fail(ctx, `groups=${a.groups} must divide the ${c} input channels`, 'channel-mismatch');
    return x;
  },
  ...noArithmetic,
  kernel([x], a) {
    // Output channel j * g + i is input channel i * (C / g) + j.
    const [n, c] = x.shape;
    const perGroup = c / a.groups;
    const inner = x.data.length / (n * c);
    const out = new Float32Array(x.data.length);
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < a.groups; i++) {
        for (let j = 0; j < perGroup; j++) {
          const src = (b * c + i * perGroup + j) * inner;
          out.set(x.data.subarray(src, src + inner), (b * c + j * a.groups + i) * inner);
        }
      }
    }
    return { shape: x.shape, data: out };
  },
  onnx([x], a, b, [shape]) {
    // Reshape to (N, g, C/g, H*W), swap the group axes, reshape back to the input's own shape
    // (read at run time, so symbolic N, H and W stay symbolic).
    const c = shape[1] as number;
    const original = b.node('Shape', [x], {}, 'shape');
    const grouped = b.node('Reshape', [x, b.constant('grouped', [0, a.groups, c / a.groups, -1], 'int64')], {}, 'reshape');
    const swapped = b.node('Transpose', [grouped], { perm: [0, 2, 1, 3] }, 'transpose');
    return b.node('Reshape', [swapped, original]);
  },
});
