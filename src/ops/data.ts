// Ops that move or re-label data and do no arithmetic. Their work is 'none', deliberately.
import { add, dimEquals, formatShape, product, type Dim } from '../shape/dim.js';
import { channelsOf, checkArity, checkPositiveInt, checkRank, fail } from './check.js';
import { registerOp } from './registry.js';
import type { Tensor } from './types.js';

const noArithmetic = { params: () => [], macs: () => 0, work: () => 'none' as const };

/** The input, unchanged (a view at inference). */
const passThrough = { kernel: ([x]: readonly Tensor[]) => x };

export const flatten = registerOp<Record<string, never>>({
  name: 'flatten',
  category: 'data',
  summary: 'flattens N x C x H x W to N x (C*H*W)',
  arity: 1,
  view: true,
  checkAttrs() {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    return [x[0], product(x.slice(1))];
  },
  ...noArithmetic,
  kernel([x]) {
    return { shape: [x.shape[0], x.data.length / x.shape[0]], data: x.data };
  },
  onnx([x], _a, b) {
    return b.node('Flatten', [x], { axis: 1 });
  },
});

export const identity = registerOp<Record<string, never>>({
  name: 'identity',
  category: 'data',
  summary: 'passes its input through',
  arity: 1,
  view: true,
  checkAttrs() {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    return inputs[0];
  },
  ...noArithmetic,
  ...passThrough,
  onnx([x], _a, b) {
    return b.node('Identity', [x]);
  },
});

export interface DropoutAttrs {
  readonly p: number;
}

export const dropout = registerOp<DropoutAttrs>({
  name: 'dropout',
  category: 'data',
  summary: 'dropout: the identity at inference',
  arity: 1,
  view: true,
  checkAttrs(a, ctx) {
    if (!(typeof a.p === 'number' && a.p >= 0 && a.p < 1)) fail(ctx, `p must be in [0, 1), received ${JSON.stringify(a.p)}`);
  },
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 1);
    return inputs[0];
  },
  ...noArithmetic,
  ...passThrough,
  onnx([x], _a, b) {
    // Inference-mode Dropout (no ratio or training_mode inputs) is the identity.
    return b.node('Dropout', [x]);
  },
});

export const concat = registerOp<Record<string, never>>({
  name: 'concat',
  category: 'data',
  summary: 'concatenates inputs along the channel axis',
  arity: 'variadic',
  checkAttrs() {},
  outputShape(inputs, _a, ctx) {
    checkArity(ctx, inputs, 'variadic');
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

export interface SplitAttrs {
  /** How many equal channel chunks the input is cut into. */
  readonly chunks: number;
  /** Which chunk this node outputs. */
  readonly index: number;
}

/** One chunk of a channel split (torch.chunk along dim 1); each chunk is its own node. */
export const split = registerOp<SplitAttrs>({
  name: 'split',
  category: 'data',
  summary: 'one of several equal channel chunks (channel split)',
  arity: 1,
  checkAttrs(a, ctx) {
    checkPositiveInt(ctx, 'chunks', a.chunks);
    if (!(Number.isInteger(a.index) && a.index >= 0 && a.index < a.chunks)) {
      fail(ctx, `index must be in 0..${a.chunks - 1}, received ${JSON.stringify(a.index)}`);
    }
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

export interface ShuffleAttrs {
  readonly groups: number;
}

/** ShuffleNet's channel shuffle: reshape to (g, C/g), transpose, flatten. */
export const shuffle = registerOp<ShuffleAttrs>({
  name: 'shuffle',
  category: 'data',
  summary: 'channel shuffle across groups (ShuffleNet)',
  arity: 1,
  checkAttrs(a, ctx) {
    checkPositiveInt(ctx, 'groups', a.groups);
  },
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
