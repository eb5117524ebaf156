import { mul, product, sub } from '../shape/dim.js';
import { channelsOf, checkArity, checkRank } from './check.js';
import { registerOp } from './registry.js';
import type { OpDef } from './types.js';

function globalPool(name: 'globalavgpool' | 'globalmaxpool', summary: string, kind: 'avg' | 'max'): OpDef<Record<string, never>> {
  return registerOp<Record<string, never>>({
    name,
    category: 'pool',
    summary,
    arity: 1,
    checkAttrs() {},
    outputShape(inputs, _a, ctx) {
      checkArity(ctx, inputs, 1);
      const [x] = inputs;
      checkRank(ctx, x, 4, 'NCHW');
      channelsOf(ctx, x);
      return [x[0], x[1], 1, 1];
    },
    params: () => [],
    macs: () => 0,
    work([x], out) {
      const planes = product(out); // N * C
      const area = mul(x[2], x[3]);
      // Average: H*W adds into a zeroed accumulator, then one divide per plane.
      if (kind === 'avg') return { add: mul(planes, area), div: planes };
      return { cmp: mul(planes, sub(area, 1)) };
    },
  });
}

export const globalavgpool = globalPool('globalavgpool', 'global average pooling to N x C x 1 x 1: H*W adds and one divide per channel', 'avg');
export const globalmaxpool = globalPool('globalmaxpool', 'global max pooling to N x C x 1 x 1: H*W - 1 compares per channel', 'max');
