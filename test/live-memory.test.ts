// Live activation memory along the run, against sizes worked out by hand in the test.
import { describe, expect, it } from 'vitest';
import { analyze, buildGraph, conv, flatten, globalAvgPool, relu, residual, seq } from '../src/index.js';
import { liveActivationElements } from '../src/cost/live-memory.js';
import { ZOO } from '../architectures/index.js';
import { buildArchitecture } from '../src/zoo.js';
import { parseInputShape } from '../src/shape/input.js';

describe('live activation memory', () => {
  it('frees a tensor after its last consumer in a chain', () => {
    // x (1x3x8x8) -> conv 4ch -> relu -> conv 2ch (padding 1 keeps 8x8).
    const g = buildGraph(seq([conv(4, 3, { padding: 1 }), relu(), conv(2, 3, { padding: 1 })]), [1, 3, 8, 8]);
    const x = 3 * 64, a = 4 * 64, b = 4 * 64, c = 2 * 64;
    const curve = liveActivationElements(g)!;
    expect(curve.input).toBe(x);
    expect([...curve.live]).toEqual([x + a, a + b, b + c]);
  });

  it('keeps the block input alive across a residual body, and a view costs nothing', () => {
    const g = buildGraph(seq({ block: residual({ conv: conv(3, 1), relu: relu() }), pool: globalAvgPool(), flat: flatten() }), [1, 3, 4, 4]);
    const x = 48;
    const curve = liveActivationElements(g)!;
    // conv: x + conv; relu: x + conv + relu (conv freed after); add: x + relu + add; pool: add + pool; flatten (a view): pool only.
    expect([...curve.live]).toEqual([x + x, x + x + x, x + x + x, x + 3, 3]);
  });

  // Only analyze's wiring: it reports the curve's own peak, in bytes of the analysis dtype.
  it('is what analyze reports as Totals.peakActivationBytes (x4 bytes at fp32, x2 at fp16), for the first zoo models', () => {
    for (const arch of ZOO.slice(0, 8)) {
      const g = buildArchitecture(arch);
      const curve = liveActivationElements(g)!;
      const peak = Math.max(curve.input, ...curve.live);
      expect(analyze(g).totals.peakActivationBytes, arch.name).toBe(peak * 4);
      expect(analyze(g, { dtype: 'fp16' }).totals.peakActivationBytes, `${arch.name} fp16`).toBe(peak * 2);
    }
  });

  it('is undefined for a symbolic input', () => {
    expect(liveActivationElements(buildGraph(relu(), parseInputShape('Nx3x8x8')))).toBeUndefined();
  });
});
