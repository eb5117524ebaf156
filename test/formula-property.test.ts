// Property: the printed exact formula, evaluated with mathjs at random integer sizes (odd and
// non-square included), equals a numeric analysis of the model built at that size; and the
// simplified polynomial equals it wherever its assumption holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type Totals } from '../src/cost/analyze.js';
import { FlopscopeError } from '../src/errors.js';
import type { ConventionName } from '../src/cost/conventions/index.js';
import { buildArchitecture, zooArchitecture, type ZooName } from '../src/zoo.js';
import { formula, FORMULA_METRICS } from '../src/whatif/formula.js';
import { compileFormula } from '../src/whatif/mathjs-check.js';

/** Totals of a concrete build, or undefined when the network does not accept the size. */
function numeric(model: ZooName, convention: ConventionName, n: number, h: number, w: number): Totals | undefined {
  try {
    return analyze(buildArchitecture(zooArchitecture(model), { input: `${n}x3x${h}x${w}` }), { convention, perLayer: false }).totals;
  } catch (e) {
    if (e instanceof FlopscopeError) return undefined;
    throw e;
  }
}

const CASES: Array<[model: ZooName, convention: ConventionName]> = [
  ['resnet50_v1', 'macs'],
  ['se_resnet50', 'paper'],
  ['mobilenet_v2', 'flops'],
  ['shufflenet_v2_x1_0', 'fvcore'],
  ['efficientnet_b0', 'macs'],
];

describe.each(CASES)('formula %s (%s convention)', (model, convention) => {
  it('exact formulas = numeric analysis at random N, H, W (odd, non-square)', async () => {
    const f = await formula(model, { input: 'Nx3xHxW', convention });
    const exact = await Promise.all(FORMULA_METRICS.map((k) => compileFormula(f.exact[k])));
    let checked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (n, a, b) => {
        const [h, w] = [2 * a + 1, 2 * b + 3];
        fc.pre(h !== w);
        const totals = numeric(model, convention, n, h, w);
        fc.pre(totals !== undefined);
        checked++;
        FORMULA_METRICS.forEach((k, i) => expect(exact[i]({ N: n, H: h, W: w }), `${k} at ${n}x3x${h}x${w}`).toBe(String(totals![k])));
      }),
      { numRuns: 25 },
    );
    expect(checked).toBeGreaterThan(10);
  });

  it('simplified polynomials = numeric analysis where the assumption holds', async () => {
    const f = await formula(model, { input: 'Nx3xHxW', convention });
    expect(f.simplified.multiples).toEqual({ H: 32, W: 32 });
    expect(f.simplified.macs).not.toMatch(/floor/);
    const simple = await Promise.all(FORMULA_METRICS.map((k) => compileFormula(f.simplified[k])));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 }), (n, a, b) => {
        const totals = numeric(model, convention, n, 32 * a, 32 * b)!;
        FORMULA_METRICS.forEach((k, i) => expect(simple[i]({ N: n, H: 32 * a, W: 32 * b }), `${k} at ${n}x3x${32 * a}x${32 * b}`).toBe(String(totals[k])));
      }),
      { numRuns: 10 },
    );
  });
});
