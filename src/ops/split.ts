import { channelsOf, checkArity, fail } from './check.js';
import { nonNegativeInt, positiveInt } from './attrs.js';
import { defineOp } from './define.js';
import { noArithmetic } from './no-arithmetic.js';

export interface SplitAttrs {
  /** How many equal channel chunks the input is cut into. */
  readonly chunks: number;
  /** Which chunk this node outputs. */
  readonly index: number;
}

/** One chunk of a channel split (torch.chunk along dim 1); each chunk is its own node. */
export const split = defineOp<SplitAttrs, 'split'>({
  name: 'split',
  category: 'data',
  summary: 'one of several equal channel chunks (channel split)',
  arity: 1,
  attrs: { chunks: positiveInt, index: nonNegativeInt },
  checkAttrs(a, ctx) {
    if (a.index >= a.chunks) fail(ctx, `index must be in 0..${a.chunks - 1}, received ${a.index}`);
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const c = channelsOf(ctx, x);
    if (c % a.chunks !== 0) fail(ctx, `${a.chunks} chunks must divide the ${c} input channels`, 'channel-mismatch');
    return [x[0], c / a.chunks, ...x.slice(2)];
  },
  ...noArithmetic,
  kernel([x], a) {
    const [n, c] = x.shape;
    const chunk = c / a.chunks;
    const inner = x.data.length / (n * c);
    const out = new Float32Array(n * chunk * inner);
    for (let b = 0; b < n; b++) {
      const src = (b * c + a.index * chunk) * inner;
      out.set(x.data.subarray(src, src + chunk * inner), b * chunk * inner);
    }
    return { shape: [n, chunk, ...x.shape.slice(2)], data: out };
  },
  onnx([x], a, b, [shape]) {
    const chunk = (shape[1] as number) / a.chunks;
    const starts = b.constant('starts', [a.index * chunk], 'int64');
    const ends = b.constant('ends', [(a.index + 1) * chunk], 'int64');
    return b.node('Slice', [x, starts, ends, b.constant('axes', [1], 'int64')]);
  },
});
