// The error function against CPython's math.erf / math.erfc (the C library's, correctly rounded
// to a few ulps), across both of the kernel's expansions and the switch between them.
import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../src/ops/kernel/erf.js';

// [x, math.erf(x)] printed by Python 3.11 (repr, so exact doubles).
const ERF: Array<[number, number]> = [
  [1e-10, 1.1283791670955126e-10],
  [0.001, 0.0011283787909692365],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [0.9, 0.7969082124228322],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [2.9, 0.9999589021219005],
  [2.99999, 0.9999779081104291],
  [3, 0.9999779095030014],
  [3.00001, 0.9999779108954902],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
  [5.9, 0.9999999999999999],
];
// [x, math.erfc(x)]: the tail, where 1 - erf keeps few digits and the continued fraction must be right.
const ERFC: Array<[number, number]> = [
  [3, 2.2090496998585438e-05],
  [3.5, 7.430983723414128e-07],
  [4, 1.541725790028002e-08],
  [5, 1.5374597944280351e-12],
];

describe('erf', () => {
  it.each(ERF)('erf(%f) to 1e-14 relative, odd', (x, want) => {
    expect(Math.abs(erf(x) - want) / want).toBeLessThan(1e-14);
    expect(erf(-x)).toBe(-erf(x));
  });
  it.each(ERFC)('erfc(%f) to 1e-13 relative (the continued fraction)', (x, want) => {
    expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-13);
  });
  it('is 0 at 0, saturates at +-1, and passes NaN through', () => {
    expect(erf(0)).toBe(0);
    expect(erf(7)).toBe(1);
    expect(erf(-40)).toBe(-1);
    expect(erf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });
  it('is monotonic across the switch between the series and the continued fraction', () => {
    let prev = erf(2.9);
    for (let x = 2.9; x < 3.1; x += 1e-4) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});
