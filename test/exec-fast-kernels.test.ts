// The fast kernels (WebAssembly SIMD convolution and matrix multiply, their plain-JavaScript
// fallbacks, the direct depthwise kernel, the fully connected layer, broadcasting add and mul)
// against naive loops written here, on random small shapes, geometries and values: the same
// outputs within float32 rounding, and counted work equal to the cost model's formula (every MAC
// of every output, padded taps included).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADD, broadcastCombine, MUL } from '../src/ops/kernel/broadcast.js';
import { conv2dForward, type ConvGeometry } from '../src/ops/kernel/conv.js';
import { denseForward } from '../src/ops/kernel/dense.js';
import { gemm } from '../src/ops/kernel/gemm.js';
import { rowMajorColumns, simdGemm } from '../src/ops/kernel/gemm-simd.js';
import { KC, MC, MR, NC, NR } from '../src/ops/kernel/kernels-layout.js';
import { KERNELS_WASM_BASE64 } from '../src/ops/kernel/kernels-wasm.js';
import { KERNELS_FEATURES, KERNELS_WAT } from '../src/ops/kernel/kernels-wat.js';
import { enableSimdKernels, simdKernels, simdKernelsUnavailable, type SimdKernels } from '../src/ops/kernel/simd.js';
import { assembleKernels, kernelsWasmSource } from '../scripts/assemble-kernels.mjs';
import type { WorkCount } from '../src/ops/types.js';

const emptyCount = (): WorkCount => ({ macs: 0, add: 0, mul: 0, cmp: 0, div: 0, exp: 0 });

/** Values uniform in [-1, 1) from a seed (mulberry32), so a failing case replays exactly. */
function randomValues(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  }
  return out;
}

/** C[i][j] = sum_k A[i][k] B[k][j], in float64. */
function naiveGemm(m: number, k: number, p: number, a: Float32Array, b: Float32Array): Float64Array {
  const c = new Float64Array(m * p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) {
    let s = 0;
    for (let kk = 0; kk < k; kk++) s += a[i * k + kk] * b[kk * p + j];
    c[i * p + j] = s;
  }
  return c;
}

/** Output size along one axis, from the window's definition. */
const positions = (size: number, k: number, s: number, p0: number, p1: number, d: number): number => Math.floor((size + p0 + p1 - d * (k - 1) - 1) / s) + 1;

/** Direct convolution: for every output, every tap of its window (padded taps read 0). */
function naiveConv(x: Float32Array, [n, cin, h, w]: number[], weight: Float32Array, bias: Float32Array | undefined, g: ConvGeometry): Float64Array {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [pt, pl, pb, pr] = g.padding;
  const [dh, dw] = g.dilation;
  const ho = positions(h, kh, sh, pt, pb, dh);
  const wo = positions(w, kw, sw, pl, pr, dw);
  const cg = cin / g.groups;
  const mg = g.outChannels / g.groups;
  const out = new Float64Array(n * g.outChannels * ho * wo);
  for (let b = 0; b < n; b++) for (let co = 0; co < g.outChannels; co++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
    let s = bias ? bias[co] : 0;
    const grp = Math.floor(co / mg);
    for (let c = 0; c < cg; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = oy * sh - pt + i * dh;
      const ix = ox * sw - pl + j * dw;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      s += weight[((co * cg + c) * kh + i) * kw + j] * x[((b * cin + grp * cg + c) * h + iy) * w + ix];
    }
    out[((b * g.outChannels + co) * ho + oy) * wo + ox] = s;
  }
  return out;
}

/** Largest |expected - observed| relative to the largest |expected| (at least 1). */
function relativeError(expected: Float64Array, observed: Float32Array): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(expected[i] - observed[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return expected.length === observed.length ? diff / scale : Infinity;
}

let simd: SimdKernels;
beforeAll(() => {
  // On Node 20+ the SIMD kernels must compile: a fallback here would leave them untested.
  const kernels = simdKernels();
  expect(simdKernelsUnavailable()).toBeUndefined();
  expect(kernels).toBeDefined();
  simd = kernels!;
});

describe('the shipped kernels', () => {
  it('are the assembly of their text (run `npm run wasm` after editing kernels-layout.ts, kernels-wat.ts or wat-*.ts)', async () => {
    const bytes = await assembleKernels(KERNELS_WAT, KERNELS_FEATURES);
    expect(Buffer.from(KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    // The generated file is exactly what the script writes for these bytes.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(new URL('../src/ops/kernel/kernels-wasm.ts', import.meta.url), 'utf8')).toBe(kernelsWasmSource(bytes));
  });
});

describe('matrix multiply against a naive triple loop', () => {
  // Sizes cross the tile (MR x NR), the row block (MC), the K block (KC) and the column chunk (NC).
  const shape = fc.record({
    m: fc.oneof(fc.integer({ min: 1, max: 3 * MR + 3 }), fc.integer({ min: MC - 3, max: MC + 6 })),
    k: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: KC - 2, max: KC + 9 })),
    p: fc.oneof(fc.integer({ min: 1, max: 3 * NR + 3 }), fc.integer({ min: NC - 3, max: NC + 11 })),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });

  it('SIMD: C = A * B and C += A * B, counting m * k * p MACs', () => {
    fc.assert(fc.property(shape, fc.boolean(), ({ m, k, p, seed }, accumulate) => {
      const a = randomValues(m * k, seed);
      const b = randomValues(k * p, seed + 1);
      const start = accumulate ? randomValues(m * p, seed + 2) : new Float32Array(m * p);
      const c = Float32Array.from(start);
      const count = emptyCount();
      simdGemm(simd, m, k, p, a, 0, rowMajorColumns(b, 0, k, p), c, 0, accumulate, count);
      const expected = naiveGemm(m, k, p, a, b).map((v, i) => v + start[i]);
      expect(relativeError(expected, c)).toBeLessThan(1e-5);
      expect(count).toEqual({ ...emptyCount(), macs: m * k * p });
    }), { numRuns: 60 });
  });

  it('SIMD at offsets into larger arrays leaves the rest of C alone', () => {
    const [m, k, p] = [5, 7, 11];
    const a = randomValues(3 + m * k, 1);
    const b = randomValues(4 + k * p, 2);
    const c = new Float32Array(6 + m * p + 5).fill(9);
    simdGemm(simd, m, k, p, a, 3, rowMajorColumns(b, 4, k, p), c, 6, false, emptyCount());
    const expected = naiveGemm(m, k, p, a.subarray(3), b.subarray(4));
    expect(relativeError(expected, c.subarray(6, 6 + m * p))).toBeLessThan(1e-5);
    expect([...c.subarray(0, 6), ...c.subarray(6 + m * p)]).toEqual(new Array(11).fill(9));
  });

  it('plain JavaScript: C += A * B, counting m * k * p MACs', () => {
    fc.assert(fc.property(shape, ({ m, k, p, seed }) => {
      const a = randomValues(m * k, seed);
      const b = randomValues(k * p, seed + 1);
      const c = new Float32Array(m * p);
      const count = emptyCount();
      gemm(m, k, p, a, 0, b, 0, c, 0, count);
      expect(relativeError(naiveGemm(m, k, p, a, b), c)).toBeLessThan(1e-5);
      expect(count).toEqual({ ...emptyCount(), macs: m * k * p });
    }), { numRuns: 30 });
  });
});

interface ConvCase {
  readonly n: number;
  readonly groups: number;
  /** Input and output channels per group. */
  readonly cg: number;
  readonly mg: number;
  readonly h: number;
  readonly w: number;
  readonly kernel: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: [number, number, number, number];
  readonly bias: boolean;
  readonly seed: number;
}

describe('element-wise sum and product with broadcasting against a naive loop', () => {
  it('every output element combines the inputs at its broadcast index; (inputs - 1) ops per element', () => {
    // An output shape of rank 1-4, and 2-3 inputs that each keep or squeeze (to 1) every axis,
    // sometimes with leading axes dropped.
    const inputs = fc.array(fc.record({ squeeze: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), drop: fc.integer({ min: 0, max: 2 }) }), { minLength: 2, maxLength: 3 });
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), inputs, fc.constantFrom('add' as const, 'mul' as const, 'sub' as const), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (out, specs, kind, seed) => {
        const tensors = specs.map((spec, t) => {
          const shape = out.map((d, i) => (spec.squeeze[i] ? 1 : d)).slice(Math.min(spec.drop, out.length - 1));
          return { shape, data: randomValues(shape.reduce((a, b) => a * b, 1), seed + t) };
        });
        tensors[0] = { shape: out, data: randomValues(out.reduce((a, b) => a * b, 1), seed) };
        const count = emptyCount();
        // add and mul run their written-out loops, sub the generic one.
        const op = kind === 'add' ? ADD : kind === 'mul' ? MUL : (a: number, b: number) => a - b;
        const bucket = kind === 'mul' ? 'mul' : 'add';
        const result = broadcastCombine(tensors, op, bucket, count);
        const total = out.reduce((a, b) => a * b, 1);
        const expected = new Float64Array(total).map((_, flat) => {
          const index = out.map((_d, axis) => Math.floor(flat / out.slice(axis + 1).reduce((a, b) => a * b, 1)) % out[axis]);
          const values = tensors.map((t) => {
            const lead = out.length - t.shape.length;
            let at = 0;
            t.shape.forEach((d, i) => { at = at * d + (d === 1 ? 0 : index[lead + i]); });
            return t.data[at];
          });
          // float32 after each step, as the kernel stores it
          return values.slice(1).reduce((acc, v) => Math.fround(kind === 'add' ? acc + v : kind === 'mul' ? acc * v : acc - v), values[0]);
        });
        expect(result.shape).toEqual(out);
        expect(relativeError(expected, result.data)).toBe(0);
        expect(count).toEqual({ ...emptyCount(), [bucket]: total * (tensors.length - 1) });
      }), { numRuns: 100 });
  });
});

describe('fully connected layer against a naive loop', () => {
  it('y = x W^T (+ b), counting features MACs (and one add with a bias) per output', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (n, features, outFeatures, withBias, seed) => {
        const x = randomValues(n * features, seed);
        const weight = randomValues(outFeatures * features, seed + 1);
        const bias = withBias ? randomValues(outFeatures, seed + 2) : undefined;
        const count = emptyCount();
        const y = denseForward({ shape: [n, features], data: x }, weight, bias, outFeatures, count);
        // y^T = W x^T: the naive product of W (out x features) and x^T (features x n).
        const xt = new Float32Array(features * n).map((_, i) => x[(i % n) * features + Math.floor(i / n)]);
        const yt = naiveGemm(outFeatures, features, n, weight, xt);
        const expected = new Float64Array(n * outFeatures).map((_, i) => yt[(i % outFeatures) * n + Math.floor(i / outFeatures)] + (bias ? bias[i % outFeatures] : 0));
        expect(y.shape).toEqual([n, outFeatures]);
        expect(relativeError(expected, y.data)).toBeLessThan(1e-5);
        expect(count).toEqual({ ...emptyCount(), macs: n * outFeatures * features, add: withBias ? n * outFeatures : 0 });
      }), { numRuns: 60 });
  });
});

describe('convolution against a naive direct loop', () => {
  /** Random geometry with at least one output position. */
  const conv: fc.Arbitrary<ConvCase> = fc.record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 3 }),
    cg: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 })),
    mg: fc.integer({ min: 1, max: 6 }),
    h: fc.integer({ min: 1, max: 13 }),
    w: fc.integer({ min: 1, max: 21 }),
    kernel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    padding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    bias: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  }).filter((c) => positions(c.h, c.kernel[0], c.stride[0], c.padding[0], c.padding[2], c.dilation[0]) >= 1
    && positions(c.w, c.kernel[1], c.stride[1], c.padding[1], c.padding[3], c.dilation[1]) >= 1);

  const check = (c: ConvCase): void => {
    const cin = c.cg * c.groups;
    const g: ConvGeometry = { outChannels: c.mg * c.groups, kernel: c.kernel, stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
    const shape = [c.n, cin, c.h, c.w];
    const x = randomValues(c.n * cin * c.h * c.w, c.seed);
    const weight = randomValues(g.outChannels * c.cg * c.kernel[0] * c.kernel[1], c.seed + 1);
    const bias = c.bias ? randomValues(g.outChannels, c.seed + 2) : undefined;
    const count = emptyCount();
    const out = conv2dForward({ shape, data: x }, weight, bias, g, count);
    const expected = naiveConv(x, shape, weight, bias, g);
    const [, , ho, wo] = out.shape;
    expect(out.shape).toEqual([c.n, g.outChannels, positions(c.h, c.kernel[0], c.stride[0], c.padding[0], c.padding[2], c.dilation[0]), positions(c.w, c.kernel[1], c.stride[1], c.padding[1], c.padding[3], c.dilation[1])]);
    expect(relativeError(expected, out.data)).toBeLessThan(1e-5);
    const outputs = c.n * g.outChannels * ho * wo;
    expect(count).toEqual({ ...emptyCount(), macs: outputs * c.cg * c.kernel[0] * c.kernel[1], add: c.bias ? outputs : 0 });
  };

  it('with the SIMD kernels (groups, depthwise, stride, dilation, asymmetric padding, bias)', () => {
    expect(simdKernels()).toBeDefined();
    fc.assert(fc.property(conv, check), { numRuns: 150 });
  });

  it('with the plain JavaScript loops', () => {
    enableSimdKernels(false);
    try {
      expect(simdKernels()).toBeUndefined();
      fc.assert(fc.property(conv, check), { numRuns: 80 });
    } finally {
      enableSimdKernels(true);
    }
  });

  it('a layer wider than one column chunk, with panels straddling output rows', () => {
    // 3x3, stride 1, pad 1 on 23 x 29: 667 positions = 2 chunks + a partial one, rows of 29
    // columns so most panels of NR columns cross a row boundary.
    check({ n: 1, groups: 1, cg: 3, mg: 5, h: 23, w: 29, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [1, 1, 1, 1], bias: true, seed: 11 });
    check({ n: 1, groups: 2, cg: 2, mg: 3, h: 40, w: 33, kernel: [3, 3], stride: [2, 2], dilation: [1, 1], padding: [1, 0, 1, 2], bias: false, seed: 12 });
  });

  it('depthwise layers as in MobileNet and EfficientNet (stride 1 and 2, 5x5, channel multiplier 2)', () => {
    check({ n: 2, groups: 6, cg: 1, mg: 1, h: 17, w: 19, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: [1, 1, 1, 1], bias: false, seed: 13 });
    check({ n: 1, groups: 5, cg: 1, mg: 2, h: 18, w: 23, kernel: [5, 5], stride: [2, 2], dilation: [1, 1], padding: [1, 2, 2, 1], bias: true, seed: 14 });
  });
});
