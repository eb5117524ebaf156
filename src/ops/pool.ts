import { mul, product } from '../shape/dim.js';
import { poolOutputSize } from '../shape/window.js';
import { channelsOf, checkArity, checkNonNegativeInt, checkOutputSize, checkPositiveInt, checkRank, fail } from './check.js';
import { registerOp } from './registry.js';
import type { OpDef } from './types.js';

export interface PoolAttrs {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right */
  readonly padding: readonly [number, number, number, number];
  readonly ceilMode: boolean;
  /** Average pooling only: whether padded zeros count in the divisor (PyTorch's default: true). */
  readonly countIncludePad?: boolean;
}

function windowPool(name: 'maxpool' | 'avgpool', summary: string, perWindow: (k: number) => { cmp?: number; add?: number; div?: number }): OpDef<PoolAttrs> {
  return registerOp<PoolAttrs>({
    name,
    category: 'pool',
    summary,
    arity: 1,
    checkAttrs(a, ctx) {
      for (const k of a.kernel) checkPositiveInt(ctx, 'kernel', k);
      for (const s of a.stride) checkPositiveInt(ctx, 'stride', s);
      for (const p of a.padding) checkNonNegativeInt(ctx, 'padding', p);
      const [pt, pl, pb, pr] = a.padding;
      if (Math.max(pt, pb) * 2 > a.kernel[0] || Math.max(pl, pr) * 2 > a.kernel[1]) {
        fail(ctx, `padding must be at most half the kernel, received padding ${a.padding.join(',')} for kernel ${a.kernel.join('x')}`);
      }
    },
    outputShape(inputs, a, ctx) {
      checkArity(ctx, inputs, 1);
      const [x] = inputs;
      checkRank(ctx, x, 4, 'NCHW');
      channelsOf(ctx, x);
      const [kh, kw] = a.kernel;
      const [sh, sw] = a.stride;
      const [pt, pl, pb, pr] = a.padding;
      let h, w;
      try {
        h = poolOutputSize(x[2], kh, sh, pt, pb, a.ceilMode);
        w = poolOutputSize(x[3], kw, sw, pl, pr, a.ceilMode);
      } catch (e) {
        fail(ctx, (e as Error).message, 'shape');
      }
      const rule = `kernel ${kh}x${kw}, stride ${sh}x${sw}, padding ${a.padding.join(',')}${a.ceilMode ? ', ceil_mode' : ''}`;
      checkOutputSize(ctx, x, h, 'height', rule);
      checkOutputSize(ctx, x, w, 'width', rule);
      return [x[0], x[1], h, w];
    },
    params: () => [],
    macs: () => 0,
    work(_inputs, out, a) {
      const n = product(out);
      const per = perWindow(a.kernel[0] * a.kernel[1]);
      const work: Record<string, ReturnType<typeof mul>> = {};
      for (const [kind, count] of Object.entries(per)) work[kind] = mul(n, count);
      return work;
    },
  });
}

/** Every window position is compared, padding included (padding acts as -infinity). */
export const maxpool = windowPool('maxpool', 'max pooling: k*k - 1 compares per output', (k) => ({ cmp: k - 1 }));
/** Sum of the window then one divide per output. */
export const avgpool = windowPool('avgpool', 'average pooling: k*k - 1 adds and one divide per output', (k) => ({ add: k - 1, div: 1 }));
