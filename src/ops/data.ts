// Ops that move or re-label data and do no arithmetic. Their work is 'none', deliberately.
import { add, dimEquals, formatShape, product, type Dim } from '../shape/dim.js';
import { channelsOf, checkArity, checkPositiveInt, checkRank, fail } from './check.js';
import { registerOp } from './registry.js';

const noArithmetic = { params: () => [], macs: () => 0, work: () => 'none' as const };

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
});
