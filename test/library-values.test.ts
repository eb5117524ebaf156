// Reading totals in the library: toNumber / toBigInt / toString on numbers, bigints past 2^53 and
// symbolic counts, and JSON.stringify of a symbolic total (its expression).
import { describe, expect, it } from 'vitest';
import { analyze, buildArchitecture, FlopscopeError, Poly, toBigInt, toNumber, toString, zooArchitecture } from '../src/index.js';
import { pinned } from './reference/pinned.js';

const resnet18 = (input: string) => analyze(buildArchitecture(zooArchitecture('resnet18'), { input }));

describe('toNumber, toBigInt, toString', () => {
  const ref = pinned('resnet18');
  const refOdd = pinned('resnet18', '1x3x193x257');

  it('read a concrete total as PyTorch measured it', () => {
    const t = resnet18('1x3x224x224').totals;
    expect(toNumber(t.macs)).toBe(Number(ref.macs));
    expect(toBigInt(t.macs)).toBe(ref.macs);
    expect(toString(t.params)).toBe(String(ref.params));
  });

  it('evaluate a symbolic total at given sizes (odd, non-square included)', () => {
    const t = resnet18('Nx3xHxW').totals;
    expect(t.macs).toBeInstanceOf(Poly);
    expect(toNumber(t.macs, { N: 1, H: 224, W: 224 })).toBe(Number(ref.macs));
    expect(toBigInt(t.macs, { N: 1n, H: 193n, W: 257n })).toBe(refOdd.macs);
    expect(toString(t.macs, { N: 2, H: 193, W: 257 })).toBe(String(2n * refOdd.macs));
    // Without sizes, toString gives the expression itself.
    expect(toString(t.macs)).toBe((t.macs as Poly).toString());
    expect(toString(t.macs)).toMatch(/floor\(/);
  });

  it('refuse a symbolic total without sizes, naming the missing symbols', () => {
    const t = resnet18('Nx3xHxW').totals;
    expect(() => toNumber(t.macs)).toThrow(FlopscopeError);
    expect(() => toNumber(t.macs, { N: 1, H: 224 })).toThrow(/symbolic; give W a value/);
    expect(() => toBigInt(t.macs)).toThrow(/give H, N, W a value/);
    expect(() => toNumber(t.macs, { N: 1, H: 224.5, W: 224 })).toThrow(/symbol H expects an integer/);
  });

  it('keep counts past 2^53 exact as bigints and refuse them as numbers', () => {
    // MACs grow linearly in the batch: 10^7 images of ResNet-18 are 10^7 times one image.
    const big = resnet18('10000000x3x224x224').totals.macs;
    expect(typeof big).toBe('bigint');
    expect(toBigInt(big)).toBe(10_000_000n * ref.macs);
    expect(toString(big)).toBe((10_000_000n * ref.macs).toString());
    expect(() => toNumber(big)).toThrow(/past 2\^53.*use toBigInt/);
  });
});

describe('Poly in JSON', () => {
  const ref = pinned('resnet18');
  it('JSON.stringify prints a symbolic total as its expression, not its terms', () => {
    const t = resnet18('1x3xHxW').totals;
    const parsed = JSON.parse(JSON.stringify({ macs: t.macs, params: t.params })) as { macs: string; params: number };
    expect(parsed.macs).toBe((t.macs as Poly).toString());
    expect(parsed.macs).not.toMatch(/terms/);
    expect(parsed.params).toBe(Number(ref.params));
  });
});
