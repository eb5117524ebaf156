// Ops that move data (reshape, transpose, slice, gather, pad, resize, expand, constant, flatten
// and concat along an axis) and max pooling with dilation: shapes against formulas written here,
// numeric and symbolic, and the work of resize's interpolating modes.
import { describe, expect, it } from 'vitest';
import { checkOpAttrs, getOp } from '../src/ops/index.js';
import { Poly } from '../src/shape/expr.js';
import { mul, type Dim, type Shape } from '../src/shape/dim.js';
import { analyze } from '../src/cost/analyze.js';
import { GRAPH_INPUT } from '../src/ir/graph.js';
import { TinyGraph } from './helpers/tiny-graph.js';

const ctx = { layer: 'test.layer' };
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const at = (d: Dim, env: Record<string, number>): number => Number(d instanceof Poly ? d.evaluate(env) : d);
const N = Poly.symbol('N');
const H = Poly.symbol('H');
const W = Poly.symbol('W');

function shapeOf(op: string, inputs: Shape[], attrs: Record<string, unknown>): Shape {
  const def = getOp(op);
  checkOpAttrs(def, attrs, ctx);
  return def.outputShape(inputs, attrs, ctx);
}

describe('data movement does no arithmetic, deliberately', () => {
  const x = [2, 4, 6, 6];
  it.each([
    ['reshape', { shape: [2, 4, 36] }, [x], [2, 4, 36]],
    ['reshape', { shape: [2, 1, 4, 6, 6] }, [x], [2, 1, 4, 6, 6]],
    ['transpose', { perm: [0, 2, 3, 1] }, [x], [2, 6, 6, 4]],
    ['slice', { starts: [1, 0], ends: [3, 6], axes: [1, -1], steps: [1, 2] }, [x], [2, 2, 6, 3]],
    ['slice', { starts: [5], ends: [-1], axes: [2], steps: [-2] }, [x], [2, 4, 3, 6]],
    ['gather', { axis: 1, indices: 0 }, [x], [2, 6, 6]],
    ['gather', { axis: -1, indices: [0, 5, -1] }, [x], [2, 4, 6, 3]],
    ['pad', { pads: [0, 0, 1, 2, 0, 0, 3, 0] }, [x], [2, 4, 10, 8]],
    ['pad', { pads: [0, 0, -1, 0, 0, 0, 0, -2], mode: 'constant' }, [x], [2, 4, 5, 4]],
    ['expand', { shape: [3, 1, 6, 1] }, [[4, 1, 6]], [3, 4, 6, 6]],
    ['flatten', { axis: 2 }, [x], [8, 36]],
    ['flatten', { axis: 0 }, [x], [1, 288]],
    ['flatten', { axis: 4 }, [x], [288, 1]],
    ['flatten', { axis: -3 }, [x], [2, 144]],
    ['concat', { axis: 2 }, [x, [2, 4, 1, 6]], [2, 4, 7, 6]],
    ['concat', { axis: -1 }, [[2, 3], [2, 5], [2, 1]], [2, 9]],
    ['resize', { mode: 'nearest', sizes: [2, 4, 12, 3] }, [x], [2, 4, 12, 3]],
    ['constant', { shape: [1, 197, 768], learned: true }, [], [1, 197, 768]],
  ] as Array<[string, Record<string, unknown>, Shape[], Shape]>)('%s %j', (op, attrs, inputs, expected) => {
    const def = getOp(op);
    const out = shapeOf(op, inputs, attrs);
    expect(out).toEqual(expected);
    expect(def.macs(inputs, out, attrs)).toBe(0);
    expect(def.work(inputs, out, attrs)).toBe('none');
  });

  it('symbolic sizes flow through', () => {
    const x: Shape = [N, 8, H, W];
    const env = { N: 2, H: 10, W: 7 };
    const num = [2, 8, 10, 7];
    const cases: Array<[string, Record<string, unknown>]> = [
      ['transpose', { perm: [0, 2, 3, 1] }],
      ['slice', { starts: [1], ends: [H], axes: [2], steps: [2] }],
      ['slice', { starts: [mul(H, 1)], ends: [-1], axes: [2], steps: [-3] }],
      ['pad', { pads: [0, 0, 1, 1, 0, 0, 2, 2], mode: 'reflect' }],
      ['flatten', { axis: 1 }],
      ['gather', { axis: 1, indices: [7, 0] }],
    ];
    for (const [op, attrs] of cases) {
      const symbolic = shapeOf(op, [x], attrs).map((d) => at(d, env));
      const bound = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, Array.isArray(v) ? v.map((d) => (d instanceof Poly ? at(d, env) : d)) : v]));
      // H as a start with step -3 is clamped to H - 1 when bound; compare with the numeric rule directly.
      if (op === 'slice' && (attrs.steps as number[])[0] < 0) {
        expect(symbolic[2]).toBe(Math.ceil((env.H - -1) / 3));
        continue;
      }
      expect(symbolic, op).toEqual(shapeOf(op, [num], bound));
    }
    // Reshape to symbolic sizes: N x C x (H*W), and back.
    const seq = shapeOf('reshape', [x], { shape: [N, 8, mul(H, W)] });
    expect(seq.map((d) => at(d, env))).toEqual([2, 8, 70]);
    expect(shapeOf('reshape', [seq], { shape: x }).map((d) => at(d, env))).toEqual(num);
    expect(shapeOf('expand', [[1, 8, 1, 1]], { shape: [N, 8, H, W] }).map((d) => at(d, env))).toEqual(num);
    expect(shapeOf('concat', [x, x], { axis: 3 }).map((d) => at(d, env))).toEqual([2, 8, 10, 14]);
  });

  it('refuses what does not fit, naming the layer and the shapes', () => {
    expect(() => shapeOf('reshape', [[2, 4, 6]], { shape: [2, 25] })).toThrow(/test\.layer.*target shape 2x25 does not hold the same number of elements as the input 2x4x6/);
    expect(() => shapeOf('reshape', [[N, 4, H]], { shape: [N, 4, W] })).toThrow(/cannot be shown to hold the same number of elements/);
    expect(() => shapeOf('transpose', [[2, 3, 4]], { perm: [0, 2, 2] })).toThrow(/perm must be a permutation of 0..2/);
    expect(() => shapeOf('slice', [[2, 6]], { starts: [0], ends: [7], axes: [1], steps: [1] })).toThrow(/resolved and clamped/);
    expect(() => shapeOf('slice', [[2, 6]], { starts: [0], ends: [3], axes: [1], steps: [0] })).toThrow(/steps must not be 0/);
    expect(() => shapeOf('gather', [[2, 6]], { axis: 1, indices: 6 })).toThrow(/index 6 is out of range for axis 1 of 2x6: expects -6..5/);
    expect(() => shapeOf('gather', [[2, H]], { axis: 1, indices: -1 })).toThrow(/symbolic/);
    expect(() => shapeOf('pad', [[2, 3, 3]], { pads: [0, 3, 0, 0, 0, 0], mode: 'reflect' })).toThrow(/reflect padding of 3 needs an axis longer than 3/);
    expect(() => shapeOf('pad', [[2, 3]], { pads: [1, 1] })).toThrow(/pads must hold a begin and an end for each of the 2 axes/);
    expect(() => shapeOf('expand', [[2, 3]], { shape: [4, 3] })).toThrow(/cannot broadcast/);
    expect(() => shapeOf('concat', [[2, 3, 4], [2, 4, 4]], { axis: 2 })).toThrow(/must match except along axis 2/);
    expect(() => shapeOf('flatten', [[2, 3]], { axis: 3 })).toThrow(/axis 3 is out of range/);
    expect(() => shapeOf('constant', [], { shape: [2, 2], learned: false, values: [1, 2, 3] })).toThrow(/values must fill shape 2x2 \(4 values\), received 3/);
    expect(() => shapeOf('constant', [], { shape: [1], learned: true, values: [1] })).toThrow(/learned constant is a parameter/);
    expect(() => shapeOf('resize', [[1, 2, 3, 4]], { mode: 'linear', sizes: [1, 2, 6] })).toThrow(/sizes must give every axis/);
    expect(() => shapeOf('resize', [[1, 2, 3, 4]], { mode: 'area', sizes: [1, 2, 6, 8] })).toThrow(/attribute 'mode' expects one of 'nearest', 'linear', 'cubic', received "area"/);
  });
});

describe('constant', () => {
  const def = getOp('constant');
  it('owns a learned tensor as a weight, a large non-learned one as a buffer, inline values as neither', () => {
    expect(def.params([], { shape: [1, 5, 8], learned: true }).map((p) => [p.name, p.role, p.shape])).toEqual([['weight', 'weight', [1, 5, 8]]]);
    expect(def.params([], { shape: [3, 4], learned: false }).map((p) => [p.name, p.role])).toEqual([['weight', 'buffer']]);
    expect(def.params([], { shape: [2], learned: false, values: [1, 2] })).toEqual([]);
    expect(def.view).toBe(true);
  });
  it('in a graph: its parameter counts once, it holds no activation memory, and the peak is the input plus the sum', () => {
    const g = new TinyGraph([2, 4, 6]);
    const embedding = g.add('constant', { shape: [1, 4, 6], learned: true }, []);
    g.add('add', {}, [GRAPH_INPUT, embedding]);
    const r = analyze(g.graph());
    expect(r.totals.params).toBe(24);
    expect(r.layers.map((l) => l.activationElements)).toEqual([0, 48]);
    expect(r.totals.add).toBe(48);
    expect(r.totals.peakActivationBytes).toBe((48 + 48) * 4);
  });
});

describe('resize work', () => {
  // Separable interpolation over k resized axes, per output element: linear 2^k - 1 lerps of
  // (2 adds, 1 multiply); cubic (4^k - 1) / 3 four-tap sums of (3 adds, 4 multiplies).
  const x = [2, 3, 5, 6];
  it.each([
    ['linear on H and W', 'linear', [2, 3, 10, 12], undefined, { add: 6, mul: 3 }],
    ['linear on W only', 'linear', [2, 3, 5, 9], undefined, { add: 2, mul: 1 }],
    ['linear, scales 1 on H', 'linear', [2, 3, 5, 12], [1, 1, 1, 2], { add: 2, mul: 1 }],
    ['cubic on H and W', 'cubic', [2, 3, 10, 12], undefined, { add: 15, mul: 20 }],
    ['cubic on H only', 'cubic', [2, 3, 10, 6], undefined, { add: 3, mul: 4 }],
  ] as Array<[string, string, number[], number[] | undefined, { add: number; mul: number }]>)('%s', (_label, mode, sizes, scales, per) => {
    const attrs = { mode, sizes, ...(scales ? { scales } : {}) };
    const out = shapeOf('resize', [x], attrs);
    const n = prod(sizes);
    expect(out).toEqual(sizes);
    expect(getOp('resize').work([x], out, attrs)).toEqual({ add: n * per.add, mul: n * per.mul });
  });
  it('symbolic: 2x bilinear upsampling of N x C x H x W', () => {
    const x2: Shape = [N, 3, H, W];
    const attrs = { mode: 'linear', sizes: [N, 3, mul(H, 2), mul(W, 2)] };
    const out = shapeOf('resize', [x2], attrs);
    const w = getOp('resize').work([x2], out, attrs) as { add: Dim; mul: Dim };
    const env = { N: 2, H: 5, W: 7 };
    expect(at(w.add, env)).toBe(2 * 3 * 10 * 14 * 6);
    expect(at(w.mul, env)).toBe(2 * 3 * 10 * 14 * 3);
  });
});

describe('maxpool with dilation', () => {
  const def = getOp('maxpool');
  // PyTorch: floor((L + 2p - d * (k - 1) - 1) / s) + 1
  it.each([
    [[1, 4, 17, 17], [3, 3], [1, 1], [2, 2, 2, 2], [2, 2]],
    [[2, 3, 20, 15], [2, 3], [2, 1], [0, 1, 0, 1], [3, 1]],
  ] as Array<[number[], [number, number], [number, number], [number, number, number, number], [number, number]]>)('%j k%j s%j d%j', (x, k, s, p, d) => {
    const attrs = { kernel: k, stride: s, padding: p, ceilMode: false, dilation: d };
    checkOpAttrs(def, attrs, ctx);
    const size = (L: number, i: 0 | 1) => Math.floor((L + p[i] + p[i + 2] - d[i] * (k[i] - 1) - 1) / s[i]) + 1;
    const shape = [x[0], x[1], size(x[2], 0), size(x[3], 1)];
    expect(def.outputShape([x], attrs, ctx)).toEqual(shape);
    expect(def.work([x], shape, attrs)).toEqual({ cmp: prod(shape) * (k[0] * k[1] - 1) });
  });
  it('symbolic H and W agree with the numeric rule', () => {
    const attrs = { kernel: [3, 2], stride: [2, 1], padding: [2, 1, 2, 1], ceilMode: false, dilation: [2, 3] };
    const shape = def.outputShape([[N, 4, H, W]], attrs, ctx);
    for (const env of [{ N: 1, H: 9, W: 8 }, { N: 2, H: 30, W: 17 }]) {
      expect(shape.map((d) => at(d, env))).toEqual(def.outputShape([[env.N, 4, env.H, env.W]], attrs, ctx));
    }
  });
  it('is for max pooling only, and checks padding against the dilated window', () => {
    expect(() => checkOpAttrs(getOp('avgpool'), { kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], ceilMode: false, dilation: [2, 2] }, ctx)).toThrow(/dilation is for max pooling only/);
    expect(() => checkOpAttrs(def, { kernel: [3, 3], stride: [1, 1], padding: [2, 2, 2, 2], ceilMode: false, dilation: [2, 2] }, ctx)).not.toThrow();
    expect(() => checkOpAttrs(def, { kernel: [3, 3], stride: [1, 1], padding: [2, 2, 2, 2], ceilMode: false }, ctx)).toThrow(/padding must be at most half the kernel/);
  });
});
