import { mul, product } from '../shape/dim.js';
import { effectiveKernel, poolOutputSize } from '../shape/window.js';
import { flag, nonNegativeInts, optional, positiveInts } from './attrs.js';
import { channelsOf, checkArity, checkOutputSize, checkRank, fail } from './check.js';
import { defineOp } from './define.js';
import { windowPositions } from './kernel/tensor.js';
import type { CountsDoc, OpDef, Tensor, WorkCount } from './types.js';

export interface PoolAttrs {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  /** top, left, bottom, right */
  readonly padding: readonly [number, number, number, number];
  readonly ceilMode: boolean;
  /** Average pooling only: whether padded zeros count in the divisor (PyTorch's default: true). */
  readonly countIncludePad?: boolean;
  /** Max pooling only: spacing of the window's taps (default 1 x 1). */
  readonly dilation?: readonly [number, number];
}

/**
 * Reference pooling over every window position, padding included: max pooling reads a padded tap
 * as -infinity and compares it like any other (k*k - 1 compares per output); average pooling sums
 * the window into a zeroed accumulator, a padded tap as 0 (k*k adds, then one divide), as global
 * and adaptive average pooling do, so an adaptive pool exported as AveragePool counts the same.
 * The divisor is PyTorch's and ONNX's: taps inside the padded input (count_include_pad), or
 * inside the input only.
 */
function poolForward(x: Tensor, a: PoolAttrs, kind: 'max' | 'avg', count: WorkCount): Tensor {
  const [n, c, h, w] = x.shape;
  const [kh, kw] = a.kernel;
  const [sh, sw] = a.stride;
  const [pt, pl, pb, pr] = a.padding;
  const [dh, dw] = a.dilation ?? [1, 1];
  const ho = windowPositions(h, kh, sh, pt, pb, dh, a.ceilMode);
  const wo = windowPositions(w, kw, sw, pl, pr, dw, a.ceilMode);
  const includePad = a.countIncludePad ?? true;
  const out = new Float32Array(n * c * ho * wo);
  const src = x.data;
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < ho; oy++) {
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < wo; ox++) {
        const x0 = ox * sw - pl;
        let acc = 0;
        let first = true;
        for (let i = 0; i < kh; i++) {
          const iy = y0 + i * dh;
          const rowInside = iy >= 0 && iy < h;
          for (let j = 0; j < kw; j++) {
            const ix = x0 + j * dw;
            const inside = rowInside && ix >= 0 && ix < w;
            const v = inside ? src[base + iy * w + ix] : kind === 'max' ? -Infinity : 0;
            if (kind === 'avg') {
              acc += v;
              count.add++;
            } else if (first) {
              acc = v;
              first = false;
            } else {
              if (v > acc) acc = v;
              count.cmp++;
            }
          }
        }
        if (kind === 'avg') {
          const rows = includePad ? Math.min(y0 + kh, h + pb) - Math.max(y0, -pt) : Math.min(y0 + kh, h) - Math.max(y0, 0);
          const cols = includePad ? Math.min(x0 + kw, w + pr) - Math.max(x0, -pl) : Math.min(x0 + kw, w) - Math.max(x0, 0);
          acc /= rows * cols;
          count.div++;
        }
        out[o++] = acc;
      }
    }
  }
  return { shape: [n, c, ho, wo], data: out };
}

function windowPool<const N extends 'maxpool' | 'avgpool'>(name: N, summary: string, counts: CountsDoc, perWindow: (k: number) => { cmp?: number; add?: number; div?: number }): OpDef<PoolAttrs, N> {
  return defineOp<PoolAttrs, N>({
    name,
    category: 'pool',
    summary,
    counts,
    arity: 1,
    attrs: { kernel: positiveInts(2), stride: positiveInts(2), padding: nonNegativeInts(4), ceilMode: flag, countIncludePad: optional(flag), dilation: optional(positiveInts(2)) },
    checkAttrs(a, ctx) {
      if (a.dilation && name !== 'maxpool') fail(ctx, `dilation is for max pooling only, received dilation ${a.dilation.join('x')}`);
      const [pt, pl, pb, pr] = a.padding;
      const [dh, dw] = a.dilation ?? [1, 1];
      // PyTorch's rule: padding at most half the dilated window.
      if (Math.max(pt, pb) * 2 > effectiveKernel(a.kernel[0], dh) || Math.max(pl, pr) * 2 > effectiveKernel(a.kernel[1], dw)) {
        fail(ctx, `padding must be at most half the kernel, received padding ${a.padding.join(',')} for kernel ${a.kernel.join('x')}${a.dilation ? ` dilated ${a.dilation.join('x')}` : ''}`);
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
      const [dh, dw] = a.dilation ?? [1, 1];
      let h, w;
      try {
        h = poolOutputSize(x[2], kh, sh, pt, pb, a.ceilMode, dh);
        w = poolOutputSize(x[3], kw, sw, pl, pr, a.ceilMode, dw);
      } catch (e) {
        fail(ctx, (e as Error).message, 'shape');
      }
      const rule = (): string => `kernel ${kh}x${kw}, stride ${sh}x${sw}, padding ${a.padding.join(',')}${a.dilation ? `, dilation ${dh}x${dw}` : ''}${a.ceilMode ? ', ceil_mode' : ''}`;
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
    kernel([x], a, ctx) {
      return poolForward(x, a, name === 'maxpool' ? 'max' : 'avg', ctx.count);
    },
    onnx([x], a, b) {
      const common = { kernel_shape: a.kernel, strides: a.stride, pads: a.padding, ceil_mode: a.ceilMode ? 1 : 0 };
      if (name === 'maxpool') return b.node('MaxPool', [x], a.dilation ? { ...common, dilations: a.dilation } : common);
      return b.node('AveragePool', [x], { ...common, count_include_pad: (a.countIncludePad ?? true) ? 1 : 0 });
    },
  });
}

/** Every window position is compared, padding included (padding acts as -infinity); taps may be dilated. */
export const maxpool = windowPool('maxpool', 'max pooling: k*k - 1 compares per output', { cmp: 'kh·kw-1' }, (k) => ({ cmp: k - 1 }));
/** Sum of the window then one divide per output. */
export const avgpool = windowPool('avgpool', 'average pooling: k*k adds (into a zeroed accumulator) and one divide per output', { add: 'kh·kw', div: '1' }, (k) => ({ add: k, div: 1 }));
