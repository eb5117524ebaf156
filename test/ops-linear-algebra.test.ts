// Transposed convolution, Gemm and MatMul: output shape, parameters and MACs against formulas
// written here (PyTorch's ConvTranspose2d size rule, M·N·K), numeric and symbolic.
import { describe, expect, it } from 'vitest';
import { checkOpAttrs, getOp } from '../src/ops/index.js';
import { Poly } from '../src/shape/expr.js';
import type { Dim, Shape } from '../src/shape/dim.js';
import type { ParamSpec } from '../src/ops/types.js';

const ctx = { layer: 'test.layer' };
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const paramCount = (specs: ParamSpec[]) => specs.reduce((s, p) => s + prod(p.shape), 0);
const at = (d: Dim, env: Record<string, number>): number => Number(d instanceof Poly ? d.evaluate(env) : d);
const N = Poly.symbol('N');
const H = Poly.symbol('H');
const W = Poly.symbol('W');

describe('convtranspose2d', () => {
  const def = getOp('convtranspose2d');
  // PyTorch's ConvTranspose2d: (in - 1) * s - 2p + d * (k - 1) + output_padding + 1 (here pads per side).
  const size = (L: number, k: number, s: number, pb: number, pe: number, d: number, op: number) => (L - 1) * s - pb - pe + d * (k - 1) + op + 1;
  interface Case { name: string; x: number[]; cout: number; k: [number, number]; s: [number, number]; p: [number, number, number, number]; op: [number, number]; d: [number, number]; g: number; bias: boolean }
  const cases: Case[] = [
    { name: 'FCN-style 4x4 stride 2 upsampling', x: [1, 21, 16, 16], cout: 21, k: [4, 4], s: [2, 2], p: [1, 1, 1, 1], op: [0, 0], d: [1, 1], g: 1, bias: false },
    { name: 'stride 2 with output padding, bias, batch 2', x: [2, 8, 7, 5], cout: 4, k: [3, 3], s: [2, 2], p: [1, 1, 1, 1], op: [1, 1], d: [1, 1], g: 1, bias: true },
    { name: 'grouped, asymmetric', x: [1, 6, 5, 9], cout: 9, k: [3, 1], s: [1, 2], p: [0, 0, 1, 0], op: [0, 1], d: [1, 1], g: 3, bias: false },
    { name: 'dilated', x: [1, 2, 4, 4], cout: 2, k: [3, 3], s: [3, 3], p: [1, 1, 1, 1], op: [2, 0], d: [2, 2], g: 1, bias: true },
  ];
  it.each(cases)('$name', (c) => {
    const attrs = { outChannels: c.cout, kernel: c.k, stride: c.s, padding: c.p, outputPadding: c.op, dilation: c.d, groups: c.g, bias: c.bias };
    checkOpAttrs(def, attrs, ctx);
    const [n, cin, h, w] = c.x;
    const ho = size(h, c.k[0], c.s[0], c.p[0], c.p[2], c.d[0], c.op[0]);
    const wo = size(w, c.k[1], c.s[1], c.p[1], c.p[3], c.d[1], c.op[1]);
    const shape = def.outputShape([c.x], attrs, ctx);
    expect(shape).toEqual([n, c.cout, ho, wo]);
    expect(paramCount(def.params([c.x], attrs))).toBe(cin * (c.cout / c.g) * c.k[0] * c.k[1] + (c.bias ? c.cout : 0));
    // Every input pixel scatters a (Cout/groups) x kh x kw block: fvcore's and ptflops' transposed rule.
    expect(def.macs([c.x], shape, attrs)).toBe(n * cin * h * w * (c.cout / c.g) * c.k[0] * c.k[1]);
    expect(def.work([c.x], shape, attrs)).toEqual(c.bias ? { add: n * c.cout * ho * wo } : {});
  });
  it('symbolic N, H, W agree with the numeric rule', () => {
    const attrs = { outChannels: 4, kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], outputPadding: [1, 1], groups: 1, bias: true };
    const x: Shape = [N, 8, H, W];
    const shape = def.outputShape([x], attrs, ctx);
    const macs = def.macs([x], shape, attrs);
    for (const env of [{ N: 1, H: 7, W: 5 }, { N: 3, H: 16, W: 11 }]) {
      const num = [env.N, 8, env.H, env.W];
      const numShape = def.outputShape([num], attrs, ctx) as number[];
      expect(shape.map((d) => at(d, env))).toEqual(numShape);
      expect(numShape[2]).toBe(size(env.H, 3, 2, 1, 1, 1, 1));
      expect(at(macs, env)).toBe(env.N * 8 * env.H * env.W * 4 * 9);
    }
  });
  it('refuses output padding not smaller than the stride, naming the layer', () => {
    expect(() => checkOpAttrs(def, { outChannels: 2, kernel: [3, 3], stride: [2, 2], padding: [0, 0, 0, 0], outputPadding: [2, 0], groups: 1, bias: false }, ctx))
      .toThrow(/test\.layer.*outputPadding must be smaller than the stride or the dilation/);
  });
});

describe('gemm', () => {
  const def = getOp('gemm');
  it.each([
    { name: 'nn.Linear (transB, bias)', x: [4, 12], a: { transB: true, bias: true, outFeatures: 5 }, work: (mn: number) => ({ add: mn }), weight: [5, 12] },
    { name: 'K x N weight, no bias', x: [3, 7], a: { bias: false, outFeatures: 4 }, work: () => ({}), weight: [7, 4] },
    { name: 'transA, alpha 2, beta 0.5', x: [6, 3], a: { transA: true, alpha: 2, beta: 0.5, bias: true, outFeatures: 4 }, work: (mn: number) => ({ add: mn, mul: 2 * mn }), weight: [6, 4] },
    { name: 'alpha 0.5, no bias', x: [3, 6], a: { alpha: 0.5, bias: false, outFeatures: 2 }, work: (mn: number) => ({ mul: mn }), weight: [6, 2] },
    { name: 'beta 3 with a 1 x N bias', x: [2, 6], a: { beta: 3, bias: true, outFeatures: 2, biasShape: [1, 2] }, work: (mn: number) => ({ add: mn, mul: mn }), weight: [6, 2] },
  ])('$name', ({ x, a, work, weight }) => {
    checkOpAttrs(def, a, ctx);
    const [m, k] = a.transA ? [x[1], x[0]] : x;
    const n = a.outFeatures;
    const shape = def.outputShape([x], a, ctx);
    expect(shape).toEqual([m, n]);
    const params = def.params([x], a);
    expect(params[0].shape).toEqual(weight);
    expect(paramCount(params)).toBe(k * n + (a.bias ? prod((a as { biasShape?: number[] }).biasShape ?? [n]) : 0));
    expect(def.macs([x], shape, a)).toBe(m * n * k);
    expect(def.work([x], shape, a)).toEqual(work(m * n));
  });
  it('a symbolic batch M', () => {
    const a = { transB: true, bias: true, outFeatures: 10 };
    const shape = def.outputShape([[N, 64]], a, ctx);
    expect(at(def.macs([[N, 64]], shape, a), { N: 7 })).toBe(7 * 64 * 10);
    expect(at((def.work([[N, 64]], shape, a) as { add: Dim }).add, { N: 7 })).toBe(70);
  });
  it('refuses a bias that does not broadcast, and a symbolic K', () => {
    expect(() => checkOpAttrs(def, { bias: true, outFeatures: 4, biasShape: [3] }, ctx)).toThrow(/biasShape must broadcast to M x 4/);
    expect(() => def.outputShape([[2, 5]], { bias: true, outFeatures: 4, biasShape: [3, 4] }, ctx)).toThrow(/does not broadcast to the output 2x4/);
    expect(() => def.outputShape([[2, H]], { bias: false, outFeatures: 4 }, ctx)).toThrow(/K must be concrete/);
  });
});

describe('matmul', () => {
  const def = getOp('matmul');
  it.each([
    { name: 'sequence x learned weight (ViT MLP)', inputs: [[2, 197, 768]], a: { weightShape: [768, 3072] }, out: [2, 197, 3072], macs: 2 * 197 * 3072 * 768, params: 768 * 3072 },
    { name: 'attention scores, two activations', inputs: [[2, 12, 197, 64], [2, 12, 64, 197]], a: {}, out: [2, 12, 197, 197], macs: 2 * 12 * 197 * 197 * 64, params: 0 },
    { name: 'batch axes broadcast both ways', inputs: [[2, 1, 3, 4], [5, 4, 6]], a: {}, out: [2, 5, 3, 6], macs: 2 * 5 * 3 * 6 * 4, params: 0 },
    { name: '1-D left operand', inputs: [[6]], a: { weightShape: [6, 4] }, out: [4], macs: 24, params: 24 },
    { name: '1-D right operand', inputs: [[2, 3, 6]], a: { weightShape: [6] }, out: [2, 3], macs: 36, params: 6 },
  ])('$name', ({ inputs, a, out, macs, params }) => {
    checkOpAttrs(def, a, ctx);
    const shape = def.outputShape(inputs, a, ctx);
    expect(shape).toEqual(out);
    expect(paramCount(def.params(inputs, a))).toBe(params);
    expect(def.macs(inputs, shape, a)).toBe(macs);
    expect(def.work(inputs, shape, a)).toEqual({});
  });
  it('symbolic batch and sequence length (attention with S = H*W/256 patches)', () => {
    const s = Poly.symbol('S');
    const inputs: Shape[] = [[N, 12, s, 64], [N, 12, 64, s]];
    const shape = def.outputShape(inputs, {}, ctx);
    const macs = def.macs(inputs, shape, {});
    for (const env of [{ N: 1, S: 197 }, { N: 4, S: 50 }]) {
      expect(shape.map((d) => at(d, env))).toEqual([env.N, 12, env.S, env.S]);
      expect(at(macs, env)).toBe(env.N * 12 * env.S * env.S * 64);
    }
    // The inner size may be the symbolic one (weights times V).
    const av: Shape[] = [[N, 12, s, s], [N, 12, s, 64]];
    expect(at(def.macs(av, def.outputShape(av, {}, ctx), {}), { N: 2, S: 10 })).toBe(2 * 12 * 10 * 64 * 10);
  });
  it('counts past 2^53 exactly (bigint)', () => {
    const inputs = [[2 ** 20, 4096, 4096]];
    const a = { weightShape: [4096, 4096] };
    expect(def.macs(inputs, def.outputShape(inputs, a, ctx), a)).toBe(2n ** 56n);
  });
  it('names the sizes that do not multiply', () => {
    expect(() => def.outputShape([[2, 3, 5]], { weightShape: [4, 6] }, ctx)).toThrow(/test\.layer.*inner sizes 5 and 4 differ/);
    expect(() => def.outputShape([[2, 3, 5], [3, 5, 2]], {}, ctx)).toThrow(/cannot broadcast/);
    expect(() => def.outputShape([[2, 5]], {}, ctx)).toThrow(/expects 2 input/);
  });
});
