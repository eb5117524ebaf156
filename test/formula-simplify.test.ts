// Simplification under "multiple of m" assumptions, and the printer of simplified polynomials.
import { describe, expect, it } from 'vitest';
import { Poly } from '../src/shape/expr.js';
import { scaledName, simplifyUnderMultiples } from '../src/whatif/assumption.js';
import { printPolynomial } from '../src/whatif/poly-print.js';

const H = Poly.symbol('H');
const W = Poly.symbol('W');
const N = Poly.symbol('N');
const rename = (m: number) => new Map([[scaledName('H'), `(H/${m})`], [scaledName('W'), `(W/${m})`]]);

describe('simplifyUnderMultiples', () => {
  it('takes the lcm of the floor divisors: floor((H+1)/2) * floor((W+3)/4) needs multiples of 4', () => {
    const p = H.add(Poly.constant(1)).floorDiv(2n).mul(W.add(Poly.constant(3)).floorDiv(4n)).scale(5n);
    const s = simplifyUnderMultiples([p])!;
    expect(s.assumption).toEqual({ multiples: { H: 4, W: 4 }, text: 'H and W are multiples of 4' });
    // H = 4h: floor((4h+1)/2) = 2h; W = 4w: floor((4w+3)/4) = w.
    expect(printPolynomial(s.polys[0], rename(4))).toBe('10 * (H/4) * (W/4)');
  });

  it('doubles the multiple when the lcm is not enough', () => {
    // floor((3 * floor(H/2) + 1) / 4): with H = 4h it is floor((6h + 1) / 4), still a floor;
    // with H = 8h it is 3h.
    const p = H.floorDiv(2n).scale(3n).add(Poly.constant(1)).floorDiv(4n);
    const s = simplifyUnderMultiples([p])!;
    expect(s.assumption.multiples).toEqual({ H: 8 });
    expect(s.assumption.text).toBe('H is a multiple of 8');
    expect(printPolynomial(s.polys[0], new Map([[scaledName('H'), '(H/8)']]))).toBe('3 * (H/8)');
    for (const h of [8, 16, 24, 800]) expect(s.polys[0].substitute(new Map([[scaledName('H'), Poly.constant(h / 8)]])).evaluate({})).toBe(p.evaluate({ H: h }));
  });

  it('needs no assumption without floors, and uses one multiple for all formulas', () => {
    expect(simplifyUnderMultiples([H.mul(W), 7])!.assumption.multiples).toEqual({});
    const s = simplifyUnderMultiples([H.floorDiv(2n), W.floorDiv(16n)])!;
    expect(s.assumption.multiples).toEqual({ H: 16, W: 16 });
  });
});

describe('printPolynomial', () => {
  it('factors out a symbol common to every term, and prints signs and powers', () => {
    const p = N.mul(H.mul(H).scale(3n).sub(W).add(Poly.constant(2)));
    expect(printPolynomial(p)).toBe('N * (3 * H^2 - W + 2)');
    expect(printPolynomial(H.sub(Poly.constant(3)))).toBe('H - 3');
    expect(printPolynomial(Poly.zero)).toBe('0');
  });
});
