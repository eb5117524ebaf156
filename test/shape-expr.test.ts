import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Poly } from '../src/shape/expr.js';
import { add, floorDiv, mul, sub, type Dim } from '../src/shape/dim.js';
import { convOutputSize } from '../src/shape/window.js';

const H = Poly.symbol('H');
const W = Poly.symbol('W');

/** Python-style floor division, written independently of the code under test. */
const floorInt = (a: number, b: number) => Math.floor(a / b);

describe('Poly', () => {
  it('merges like terms and cancels', () => {
    const p = H.add(W).add(H).sub(W.scale(1n));
    expect(p.toString()).toBe('2 * H');
    expect(H.sub(H).isZero()).toBe(true);
  });

  it('multiplies into a canonical order', () => {
    expect(W.mul(H).equals(H.mul(W))).toBe(true);
    expect(H.mul(H).toString()).toBe('H^2');
  });

  it('folds exact divisions and splits integer parts out of floor', () => {
    expect(H.scale(4n).floorDiv(2n).toString()).toBe('2 * H');
    // floor((2H - 1) / 2) = H - 1 for integer H
    expect(H.scale(2n).sub(Poly.constant(1)).floorDiv(2n).toString()).toBe('H - 1');
  });

  it('nests floors: floor((floor((H + 1) / 2) + 1) / 2) = floor((H + 3) / 4)', () => {
    const once = H.add(Poly.constant(1)).floorDiv(2n);
    expect(once.add(Poly.constant(1)).floorDiv(2n).toString()).toBe('floor((H + 3) / 4)');
  });

  it('evaluates with floor semantics for negative numerators', () => {
    const p = H.sub(Poly.constant(5)).floorDiv(2n);
    expect(p.evaluate({ H: 0 })).toBe(BigInt(floorInt(-5, 2)));
  });

  it('keeps coefficients exact past 2^53', () => {
    const big = H.scale(2n ** 60n);
    expect(big.evaluate({ H: 3 })).toBe(3n * 2n ** 60n);
  });

  it('substitutes symbols by polynomials', () => {
    const h = Poly.symbol('h');
    const p = H.add(Poly.constant(31)).floorDiv(32n);
    expect(p.substitute(new Map([['H', h.scale(32n)]])).toString()).toBe('h');
  });

  it('agrees with plain integer arithmetic at random points (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }),
      fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }),
      (h, w, k, s, p) => {
        const sym = mul(convOutputSize(H, k, s, p, p), convOutputSize(W, k, s, p, p)) as Poly | number;
        const expected = (floorInt(h + 2 * p - k, s) + 1) * (floorInt(w + 2 * p - k, s) + 1);
        const value = typeof sym === 'number' ? BigInt(sym) : sym.evaluate({ H: h, W: w });
        expect(value).toBe(BigInt(expected));
      },
    ));
  });

  it('prints expressions that mathjs evaluates to the same value', async () => {
    const { evaluate } = await import('mathjs');
    let x: Dim = H;
    for (const [k, s, p] of [[7, 2, 3], [3, 2, 1], [3, 1, 1], [1, 2, 0], [3, 2, 1]] as const) x = convOutputSize(x, k, s, p, p);
    const expr = (x as Poly).mul(W).add(Poly.constant(17));
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 50 }), (h, w) => {
      expect(BigInt(evaluate(expr.toString(), { H: h, W: w }))).toBe(expr.evaluate({ H: h, W: w }));
    }), { numRuns: 50 });
  });
});

describe('Dim arithmetic', () => {
  it('stays a number while safe and becomes an exact bigint beyond 2^53', () => {
    expect(mul(3, 4)).toBe(12);
    const big = mul(2 ** 40, 2 ** 20);
    expect(big).toBe(2n ** 60n);
    expect(add(big, 1)).toBe(2n ** 60n + 1n);
    expect(sub(big, big)).toBe(0);
  });

  it('floor-divides numbers, bigints and symbols alike', () => {
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(2n ** 60n + 1n, 2)).toBe(2n ** 59n);
    expect(String(floorDiv(H, 2))).toBe('floor(H / 2)');
  });
});
