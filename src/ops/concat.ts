import { add, dimEquals, formatShape, type Dim } from '../shape/dim.js';
import { channelsOf, checkArity, checkRank, fail } from './check.js';
import { defineOp } from './define.js';
import { noArithmetic } from './no-arithmetic.js';

export const concat = defineOp<Record<string, never>, 'concat'>({
  name: 'concat',
  category: 'data',
  summary: 'concatenates inputs along the channel axis',
  arity: { min: 1 },
  attrs: {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, { min: 1 });
    const [first] = inputs;
    let channels: Dim = 0;
    for (const x of inputs) {
      checkRank(ctx, x, first.length, 'same rank as the first input');
      channelsOf(ctx, x);
      for (let i = 0; i < x.length; i++) {
        if (i !== 1 && !dimEquals(x[i], first[i])) {
          fail(ctx, `inputs must match except in channels, received ${inputs.map(formatShape).join(' and ')}`, 'channel-mismatch');
        }
      }
      channels = add(channels, x[1]);
    }
    return [first[0], channels, ...first.slice(2)];
  },
  ...noArithmetic,
  kernel(inputs) {
    const [n] = inputs[0].shape;
    const channels = inputs.reduce((s, t) => s + t.shape[1], 0);
    const inner = inputs[0].data.length / (n * inputs[0].shape[1]);
    const out = new Float32Array(n * channels * inner);
    for (let b = 0; b < n; b++) {
      let dst = b * channels * inner;
      for (const t of inputs) {
        const len = t.shape[1] * inner;
        out.set(t.data.subarray(b * len, (b + 1) * len), dst);
        dst += len;
      }
    }
    return { shape: [n, channels, ...inputs[0].shape.slice(2)], data: out };
  },
  onnx(inputs, _a, b) {
    return b.node('Concat', inputs, { axis: 1 });
  },
});
