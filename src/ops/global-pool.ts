import { mul, product, sub } from '../shape/dim.js';
import { channelsOf, checkArity, checkRank } from './check.js';
import { defineOp } from './define.js';
import type { OpDef } from './types.js';

function globalPool<const N extends 'globalavgpool' | 'globalmaxpool'>(name: N, summary: string, kind: 'avg' | 'max'): OpDef<Record<string, never>, N> {
  return defineOp<Record<string, never>, N>({
    name,
    category: 'pool',
    summary,
    counts: kind === 'avg' ? { add: 'H·W per channel', div: '1 per channel' } : { cmp: 'H·W-1 per channel' },
    arity: 1,
    attrs: {},
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
    kernel([x], _a, ctx) {
      const [n, c, h, w] = x.shape;
      const area = h * w;
      const out = new Float32Array(n * c);
      for (let plane = 0; plane < n * c; plane++) {
        const off = plane * area;
        if (kind === 'avg') {
          let acc = 0; // a zeroed accumulator: H*W adds, then one divide
          for (let i = off; i < off + area; i++) acc += x.data[i];
          ctx.count.add += area;
          out[plane] = acc / area;
          ctx.count.div++;
        } else {
          let m = x.data[off];
          for (let i = off + 1; i < off + area; i++) if (x.data[i] > m) m = x.data[i];
          ctx.count.cmp += area - 1;
          out[plane] = m;
        }
      }
      return { shape: [n, c, 1, 1], data: out };
    },
    onnx([x], _a, b) {
      return b.node(kind === 'avg' ? 'GlobalAveragePool' : 'GlobalMaxPool', [x]);
    },
  });
}

export const globalavgpool = globalPool('globalavgpool', 'global average pooling to N x C x 1 x 1: H*W adds and one divide per channel', 'avg');
export const globalmaxpool = globalPool('globalmaxpool', 'global max pooling to N x C x 1 x 1: H*W - 1 compares per channel', 'max');
