// ONNX Gemm: Y = alpha * A' B' + beta * C, with A' = A or its transpose, B' likewise; B is a learned
// weight in its ONNX layout, C an optional learned bias that broadcasts to M x N. PyTorch's
// nn.Linear exports as Gemm with transB = 1, alpha = beta = 1.
import { concrete, formatShape, mul, product, type Dim } from '../shape/dim.js';
import { float, flag, intList, optional, positiveInt } from './attrs.js';
import { checkArity, checkRank, fail } from './check.js';
import { biasParam, defineOp, fanInWeight } from './define.js';
import { gemm as gemmKernel } from './kernel/gemm.js';
import { transpose2d } from './kernel/tensor.js';

export interface GemmAttrs {
  /** A is stored K x M. */
  readonly transA?: boolean;
  /** B is stored N x K (nn.Linear's layout); otherwise K x N. */
  readonly transB?: boolean;
  /** Scale of A'B' (default 1). */
  readonly alpha?: number;
  /** Scale of C (default 1). */
  readonly beta?: number;
  /** C is present (a learned bias). */
  readonly bias: boolean;
  /** N, the output features. */
  readonly outFeatures: number;
  /** Shape of C, which broadcasts to M x N (default [N]). */
  readonly biasShape?: readonly number[];
}

const kOf = (x: readonly Dim[], a: GemmAttrs): Dim => x[a.transA ? 0 : 1];
const mOf = (x: readonly Dim[], a: GemmAttrs): Dim => x[a.transA ? 1 : 0];

export const gemm = defineOp<GemmAttrs, 'gemm'>({
  name: 'gemm',
  category: 'linear',
  summary: 'general matrix multiply alpha * A B + beta * C on a 2-D input, B learned (ONNX Gemm)',
  counts: { macs: 'M·N·K', add: '1 with C (bias)', mul: '1 if alpha ≠ 1, 1 more if C and beta ≠ 1' },
  paramsDoc: 'weight K·N (B); bias as C is shaped (N by default)',
  arity: 1,
  attrs: { transA: optional(flag), transB: optional(flag), alpha: optional(float), beta: optional(float), bias: flag, outFeatures: positiveInt, biasShape: optional(intList(1)) },
  checkAttrs(a, ctx) {
    if (a.biasShape && !a.bias) fail(ctx, 'biasShape is given but bias is false');
    const c = a.biasShape;
    if (c && (c.length > 2 || (c.length >= 1 && c[c.length - 1] !== 1 && c[c.length - 1] !== a.outFeatures))) {
      fail(ctx, `biasShape must broadcast to M x ${a.outFeatures}, received [${c.join(', ')}]`);
    }
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    checkRank(ctx, x, 2, a.transA ? 'K x M' : 'M x K');
    if (concrete(kOf(x, a)) === undefined) fail(ctx, `the reduced dimension K must be concrete, received ${formatShape(x)}`, 'shape');
    const m = mOf(x, a);
    const c = a.biasShape;
    if (c && c.length === 2 && c[0] !== 1 && concrete(m) !== c[0]) {
      fail(ctx, `bias of shape [${c.join(', ')}] does not broadcast to the output ${formatShape([m, a.outFeatures])}`, 'channel-mismatch');
    }
    return [m, a.outFeatures];
  },
  params([x], a) {
    const k = Number(kOf(x, a));
    const weight = fanInWeight(a.transB ? [a.outFeatures, k] : [k, a.outFeatures], k);
    return a.bias ? [weight, biasParam(a.biasShape ?? [a.outFeatures])] : [weight];
  },
  macs([x], out, a) {
    return mul(product(out), kOf(x, a));
  },
  work(_inputs, out, a) {
    const n = product(out);
    // alpha scales every output; beta every bias term (one per output, as C broadcasts).
    const muls = ((a.alpha ?? 1) !== 1 ? 1 : 0) + (a.bias && (a.beta ?? 1) !== 1 ? 1 : 0);
    return { ...(a.bias ? { add: n } : {}), ...(muls ? { mul: mul(n, muls) } : {}) };
  },
  kernel([x], a, ctx) {
    const [m, k] = a.transA ? [x.shape[1], x.shape[0]] : x.shape;
    const n = a.outFeatures;
    const left = a.transA ? transpose2d(x.data, k, m) : x.data;
    const weight = ctx.param('weight');
    const right = a.transB ? transpose2d(weight, n, k) : weight;
    const out = new Float32Array(m * n);
    gemmKernel(m, k, n, left, 0, right, 0, out, 0, ctx.count);
    const alpha = Math.fround(a.alpha ?? 1);
    if (alpha !== 1) {
      for (let i = 0; i < out.length; i++) out[i] *= alpha;
      ctx.count.mul += out.length;
    }
    if (a.bias) {
      const c = ctx.param('bias');
      const shape = a.biasShape ?? [n];
      // C's strides seen through M x N: 0 along a broadcast axis.
      const rowStride = shape.length === 2 && shape[0] !== 1 ? shape[1] : 0;
      const colStride = shape[shape.length - 1] === 1 || shape.length === 0 ? 0 : 1;
      const beta = Math.fround(a.beta ?? 1);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = c[i * rowStride + j * colStride];
          out[i * n + j] += beta === 1 ? v : beta * v;
        }
        if (beta !== 1) ctx.count.mul += n;
        ctx.count.add += n;
      }
    }
    return { shape: [m, n], data: out };
  },
  onnx([x], a, b) {
    const inputs = a.bias ? [x, b.param('weight'), b.param('bias')] : [x, b.param('weight')];
    return b.node('Gemm', inputs, { transA: a.transA ? 1 : 0, transB: a.transB ? 1 : 0, alpha: { float: a.alpha ?? 1 }, beta: { float: a.beta ?? 1 } });
  },
});
