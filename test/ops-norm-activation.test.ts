// Normalisation, activations, reductions and element-wise arithmetic added for imported models:
// shapes, parameters and work per bucket against formulas written here, numeric and symbolic.
import { describe, expect, it } from 'vitest';
import { checkOpAttrs, getOp } from '../src/ops/index.js';
import { Poly } from '../src/shape/expr.js';
import type { Dim, Shape } from '../src/shape/dim.js';
import type { ParamSpec } from '../src/ops/types.js';

const ctx = { layer: 'test.layer' };
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const paramCount = (specs: ParamSpec[]) => specs.reduce((s, p) => s + prod(p.shape), 0);
const at = (d: Dim, env: Record<string, number>): number => Number(d instanceof Poly ? d.evaluate(env) : d);
const ZERO = { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };
const N = Poly.symbol('N');
const H = Poly.symbol('H');
const W = Poly.symbol('W');

/** Work of a layer with every bucket present, numbers only (after binding symbols when given). */
function workAt(op: string, inputs: Shape[], attrs: Record<string, unknown>, env: Record<string, number> = {}): Record<string, number> {
  const def = getOp(op);
  checkOpAttrs(def, attrs, ctx);
  const out = def.outputShape(inputs, attrs, ctx);
  const w = def.work(inputs, out, attrs);
  if (w === 'none') return { none: 1 };
  return Object.fromEntries(Object.entries({ ...ZERO, ...w }).map(([k, v]) => [k, at(v as Dim, env)]));
}

describe('batchnorm at any rank >= 2', () => {
  const def = getOp('batchnorm');
  it.each([[[8, 16]], [[2, 5, 7]], [[1, 3, 4, 5, 6]]])('%j', (x) => {
    expect(def.outputShape([x], { eps: 1e-5 }, ctx)).toEqual(x);
    expect(paramCount(def.params([x], { eps: 1e-5 }))).toBe(4 * x[1]);
    expect(def.work([x], x, { eps: 1e-5 })).toEqual({ mul: prod(x), add: prod(x) });
  });
  it('refuses rank 1', () => {
    expect(() => def.outputShape([[5]], { eps: 1e-5 }, ctx)).toThrow(/test\.layer.*rank 2 or more/);
  });
});

describe('layernorm', () => {
  const def = getOp('layernorm');
  // Per row of D: mean (D adds, 1 div), centre (D adds), variance (D muls, D adds, 1 div), eps (1 add),
  // sqrt (1 exp), normalise (D divs), scale (D muls), shift (D adds).
  const expected = (rows: number, d: number, scale: boolean, bias: boolean) => ({
    add: rows * (3 * d + 1 + (bias ? d : 0)), mul: rows * (d + (scale ? d : 0)), cmp: 0, div: rows * (d + 2), exp: rows,
  });
  it.each([
    ['ViT block, last axis', [2, 197, 768], -1, true, true],
    ['over C, H, W', [2, 3, 4, 4], 1, true, false],
    ['no affine', [3, 10], 1, false, false],
    ['axis 2 of 4', [2, 3, 4, 5], 2, false, true],
  ] as Array<[string, number[], number, boolean, boolean]>)('%s', (_label, x, axis, scale, bias) => {
    const attrs = { axis, scale, bias };
    const ax = axis < 0 ? axis + x.length : axis;
    const d = prod(x.slice(ax));
    expect(def.outputShape([x], attrs, ctx)).toEqual(x);
    expect(def.params([x], attrs).map((p) => [p.name, p.shape])).toEqual([...(scale ? [['weight', x.slice(ax)]] : []), ...(bias ? [['bias', x.slice(ax)]] : [])]);
    expect(paramCount(def.params([x], attrs))).toBe((scale ? d : 0) + (bias ? d : 0));
    expect(workAt('layernorm', [x], attrs)).toEqual(expected(prod(x.slice(0, ax)), d, scale, bias));
  });
  it('equals its opset-13 decomposition op by op (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add)', () => {
    const x = [2, 7, 16];
    const row = [2, 7, 1];
    const parts = [
      workAt('reducemean', [x], { axes: [-1] }),
      workAt('sub', [x, row], {}),
      workAt('pow', [x], { exponent: 2 }),
      workAt('reducemean', [x], { axes: [-1] }),
      workAt('add', [row], { scalar: 1e-5 }),
      workAt('sqrt', [row], {}),
      workAt('div', [x, row], {}),
      workAt('mul', [x, [16]], {}),
      workAt('add', [x, [16]], {}),
    ];
    const total = parts.reduce((s, p) => Object.fromEntries(Object.keys(ZERO).map((k) => [k, s[k] + p[k]])), { ...ZERO });
    expect(workAt('layernorm', [x], { axis: -1, scale: true, bias: true })).toEqual(total);
  });
  it('symbolic batch and sequence', () => {
    const x: Shape = [N, H, 64];
    for (const env of [{ N: 2, H: 9 }, { N: 1, H: 197 }]) {
      expect(workAt('layernorm', [x], { scale: true, bias: true }, env)).toEqual(expected(env.N * env.H, 64, true, true));
    }
  });
  it('refuses symbolic normalised axes', () => {
    expect(() => def.outputShape([[N, 3, H]], { axis: 1, scale: true, bias: true }, ctx)).toThrow(/normalised axes .* must have concrete sizes/);
  });
});

describe('softmax', () => {
  // Per row of D: D - 1 compares (max), 2D adds (x - max, sum), D exps, D divides.
  it.each([
    [[2, 5, 7], undefined, 7],
    [[2, 5, 3, 3], 1, 5],
    [[4, 10], 0, 4],
  ] as Array<[number[], number | undefined, number]>)('%j axis %s', (x, axis, d) => {
    const n = prod(x);
    expect(workAt('softmax', [x], axis === undefined ? {} : { axis })).toEqual({ add: 2 * n, mul: 0, cmp: (n / d) * (d - 1), div: n, exp: n });
  });
  it('symbolic rows and a symbolic softmax axis (attention over S keys)', () => {
    const s = Poly.symbol('S');
    expect(workAt('softmax', [[N, 12, s, s]], { axis: -1 }, { N: 2, S: 5 })).toEqual({ add: 2 * 600, mul: 0, cmp: 2 * 12 * 5 * 4, div: 600, exp: 600 });
  });
  it('refuses an axis out of range', () => {
    expect(() => getOp('softmax').outputShape([[2, 3]], { axis: 2 }, ctx)).toThrow(/test\.layer.*axis 2 is out of range for a rank-2 input/);
  });
});

describe('element-wise activations', () => {
  const x = [2, 3, 4, 5];
  const n = prod(x);
  it.each([
    ['leakyrelu', { alpha: 0.2 }, { cmp: n, mul: n }],
    ['clip', { min: 0, max: 1 }, { cmp: 2 * n }],
    ['clip', { min: -3 }, { cmp: n }],
    ['clip', { max: 3 }, { cmp: n }],
    ['erf', {}, { exp: n }],
    ['sqrt', {}, { exp: n }],
    ['hardsigmoid', { alpha: 0.2, beta: 0.5 }, { add: n, mul: n, cmp: 2 * n }],
  ] as Array<[string, Record<string, unknown>, Record<string, number>]>)('%s %j', (op, attrs, work) => {
    expect(getOp(op).outputShape([x], attrs, ctx)).toEqual(x);
    expect(getOp(op).params([x], attrs)).toEqual([]);
    expect(workAt(op, [x], attrs)).toEqual({ ...ZERO, ...work });
  });
  it('symbolic: one erf per element', () => {
    expect(workAt('erf', [[N, 3, H, W]], {}, { N: 2, H: 5, W: 7 })).toEqual({ ...ZERO, exp: 2 * 3 * 5 * 7 });
  });
  it('clip refuses min above max', () => {
    expect(() => checkOpAttrs(getOp('clip'), { min: 2, max: 1 }, ctx)).toThrow(/min must not exceed max/);
  });
});

describe('reducemean', () => {
  it.each([
    [[2, 3, 4, 5], [2, 3], true, [2, 3, 1, 1]],
    [[2, 3, 4, 5], [-1], false, [2, 3, 4]],
    [[2, 3, 4], [], true, [1, 1, 1]],
    [[2, 3, 4], [0, 2], false, [3]],
  ] as Array<[number[], number[], boolean, number[]]>)('%j over %j keepdims %s', (x, axes, keepdims, out) => {
    const attrs = { axes, keepdims };
    expect(getOp('reducemean').outputShape([x], attrs, ctx)).toEqual(out);
    expect(workAt('reducemean', [x], attrs)).toEqual({ ...ZERO, add: prod(x), div: prod(out) });
  });
  it('over symbolic H and W, counts like globalavgpool', () => {
    const x: Shape = [N, 8, H, W];
    const env = { N: 2, H: 7, W: 9 };
    expect(workAt('reducemean', [x], { axes: [2, 3] }, env)).toEqual({ ...ZERO, ...workAt('globalavgpool', [x], {}, env) });
  });
  it('refuses a repeated axis', () => {
    expect(() => getOp('reducemean').outputShape([[2, 3]], { axes: [1, -1] }, ctx)).toThrow(/axis 1 is listed twice/);
  });
});

describe('element-wise arithmetic with broadcasting and folded scalars', () => {
  const x = [2, 4, 3, 3];
  const n = prod(x);
  it.each([
    ['add', { scalar: 1 }, [x], { add: n }],
    ['add', { scalar: 1 }, [x, [4, 1, 1]], { add: 2 * n }],
    ['mul', { scalar: 0.5 }, [x], { mul: n }],
    ['sub', {}, [x, [2, 4, 1, 1]], { add: n }],
    ['sub', { scalar: 1, scalarFirst: true }, [x], { add: n }],
    ['div', {}, [[2, 1, 3, 3], [4, 1, 1]], { div: n }],
    ['div', { scalar: 2 }, [x], { div: n }],
    ['pow', { exponent: 2 }, [x], { mul: n }],
    ['pow', { exponent: 3 }, [x], { exp: n }],
    ['pow', { exponent: 0.5 }, [x], { exp: n }],
    ['pow', {}, [x, [1]], { exp: n }],
  ] as Array<[string, Record<string, unknown>, number[][], Record<string, number>]>)('%s %j on %j', (op, attrs, inputs, work) => {
    expect(getOp(op).outputShape(inputs, attrs, ctx)).toEqual(x);
    expect(workAt(op, inputs, attrs)).toEqual({ ...ZERO, ...work });
  });
  it('symbolic shapes broadcast and count per output element', () => {
    expect(workAt('sub', [[N, 4, H, W], [N, 4, 1, 1]], {}, { N: 3, H: 5, W: 2 })).toEqual({ ...ZERO, add: 3 * 4 * 5 * 2 });
    expect(workAt('mul', [[N, 4, H, W]], { scalar: 2 }, { N: 3, H: 5, W: 2 })).toEqual({ ...ZERO, mul: 3 * 4 * 5 * 2 });
  });
  it('refuses a wrong number of operands, naming the layer', () => {
    expect(() => getOp('add').outputShape([x], {}, ctx)).toThrow(/test\.layer.*at least 2 operands/);
    expect(() => getOp('sub').outputShape([x, x], { scalar: 1 }, ctx)).toThrow(/exactly 2 operands.*received 2 input\(s\) and a constant/);
    expect(() => getOp('pow').outputShape([x], {}, ctx)).toThrow(/exactly 2 operands/);
    expect(() => checkOpAttrs(getOp('add'), { scalar: 1, scalarFirst: true }, ctx)).toThrow(/unknown attribute 'scalarFirst'/);
  });
});
