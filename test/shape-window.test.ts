import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Poly } from '../src/shape/expr.js';
import { convOutputSize, poolOutputSize } from '../src/shape/window.js';

// PyTorch's rules, written out here independently:
// conv/pool (floor): floor((L + pb + pe - d*(k-1) - 1) / s) + 1
// pool ceil_mode: ceil(...) + 1, minus one when the last window starts at or past L + pb.
function torchConv(L: number, k: number, s: number, pb: number, pe: number, d = 1): number {
  return Math.floor((L + pb + pe - d * (k - 1) - 1) / s) + 1;
}
function torchPoolCeil(L: number, k: number, s: number, p: number): number {
  let out = Math.ceil((L + 2 * p - (k - 1) - 1) / s) + 1;
  if ((out - 1) * s >= L + p) out -= 1;
  return out;
}

describe('convOutputSize', () => {
  const cases: Array<[string, number, number, number, number, number, number, number]> = [
    // name, L, k, s, pb, pe, d, expected
    ['resnet stem 7x7/2 pad 3', 224, 7, 2, 3, 3, 1, 112],
    ['3x3/1 pad 1 keeps size', 56, 3, 1, 1, 1, 1, 56],
    ['3x3/2 pad 1 on odd size', 7, 3, 2, 1, 1, 1, 4],
    ['1x1/2 on odd size', 7, 1, 2, 0, 0, 1, 4],
    ['dilation 2 pad 2', 32, 3, 1, 2, 2, 2, 32],
    ['asymmetric padding (TF same, stride 2)', 224, 3, 2, 0, 1, 1, 112],
    ['kernel larger than input with padding', 2, 5, 1, 2, 2, 1, 2],
  ];
  it.each(cases)('%s', (_name, L, k, s, pb, pe, d, expected) => {
    expect(convOutputSize(L, k, s, pb, pe, d)).toBe(expected);
    expect(torchConv(L, k, s, pb, pe, d)).toBe(expected);
  });

  it('symbolic and numeric agree at every integer point (property)', () => {
    const L = Poly.symbol('L');
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 500 }),
      (k, s, pb, pe, d, n) => {
        const numeric = convOutputSize(n, k, s, pb, pe, d) as number;
        const symbolic = convOutputSize(L, k, s, pb, pe, d);
        const atN = typeof symbolic === 'number' ? symbolic : Number((symbolic as Poly).evaluate({ L: n }));
        expect(atN).toBe(numeric);
        expect(numeric).toBe(torchConv(n, k, s, pb, pe, d));
      },
    ));
  });
});

describe('poolOutputSize', () => {
  const cases: Array<[string, number, number, number, number, boolean, number]> = [
    ['3x3/2 pad 1 floor', 112, 3, 2, 1, false, 56],
    ['3x3/2 ceil (Caffe/GoogLeNet)', 112, 3, 2, 0, true, 56],
    ['3x3/2 ceil on odd', 113, 3, 2, 0, true, 56],
    ['2x2/2 ceil on odd adds a window', 7, 2, 2, 0, true, 4],
    ['ceil drops a window that would start in the padding', 5, 2, 2, 1, true, 3],
  ];
  it.each(cases)('%s', (_name, L, k, s, p, ceil, expected) => {
    expect(poolOutputSize(L, k, s, p, p, ceil)).toBe(expected);
    expect(ceil ? torchPoolCeil(L, k, s, p) : torchConv(L, k, s, p, p)).toBe(expected);
  });

  it('ceil mode agrees with PyTorch over a grid', () => {
    for (let L = 1; L < 40; L++) {
      for (const [k, s, p] of [[2, 2, 0], [3, 2, 0], [3, 2, 1], [3, 3, 1], [5, 3, 2]]) {
        if (L + 2 * p < k) continue;
        expect(poolOutputSize(L, k, s, p, p, true)).toBe(torchPoolCeil(L, k, s, p));
      }
    }
  });

  it('symbolic ceil mode is exact where the window never starts in the padding', () => {
    const L = Poly.symbol('L');
    const sym = poolOutputSize(L, 3, 2, 0, 0, true) as Poly;
    for (let n = 3; n < 60; n++) expect(Number(sym.evaluate({ L: n }))).toBe(torchPoolCeil(n, 3, 2, 0));
    expect(() => poolOutputSize(L, 2, 3, 1, 1, true)).toThrow(/ceil_mode/);
  });
});
