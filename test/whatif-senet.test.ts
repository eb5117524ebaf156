// The SENet paper's ablations (NUMBERS.md section 2) and the MobileNet paper's width and
// resolution tables (NUMBERS.md section 3b), reproduced as what-if sweeps.
import { describe, expect, it } from 'vitest';
import { whatIf } from '../src/whatif/what-if.js';

const M = (d: unknown): number => Number(d) / 1e6;
const G = (d: unknown): number => Number(d) / 1e9;

describe('SENet Table 10: SE-ResNet-50 parameters by reduction ratio', () => {
  const result = whatIf('se_resnet50', { sweep: { reduction: [2, 4, 8, 16, 32] }, baseline: 'resnet50_v1' });
  // NUMBERS.md section 2, Table 10, compared within +-0.1 M (the paper rounds to 0.1 M).
  const table10: Record<number, number> = { 2: 45.7, 4: 35.7, 8: 30.7, 16: 28.1, 32: 26.9 };

  it('has one row per ratio, in the order given', () => {
    expect(result.rows.map((r) => r.set.reduction)).toEqual([2, 4, 8, 16, 32]);
  });

  for (const [r, paper] of Object.entries(table10)) {
    it(`r=${r}: ${paper} M params`, () => {
      const row = result.rows.find((x) => x.set.reduction === Number(r))!;
      expect(Math.abs(M(row.totals.params) - paper)).toBeLessThanOrEqual(0.1);
    });
  }

  it('baseline ResNet-50: 25.6 M, and each row\'s delta is its params minus the baseline', () => {
    expect(result.baseline.model).toBe('resnet50_v1');
    expect(Math.abs(M(result.baseline.totals.params) - 25.6)).toBeLessThanOrEqual(0.1);
    for (const row of result.rows) {
      expect(BigInt(row.delta.params!.absolute as number)).toBe(BigInt(row.totals.params as number) - BigInt(result.baseline.totals.params as number));
    }
  });

  it("the added weights follow the paper's Eq. 5, (2/r) * sum N_s C_s^2, plus the FC biases", () => {
    // Stages of ResNet-50: N_s blocks of C_s output channels; SE FCs have C/r and C biases.
    const stages = [[3, 256], [4, 512], [6, 1024], [3, 2048]];
    for (const row of result.rows) {
      const r = row.set.reduction as number;
      const expected = stages.reduce((s, [n, c]) => s + n * (2 * c * Math.floor(c / r) + Math.floor(c / r) + c), 0);
      expect(row.delta.params!.absolute).toBe(expected);
    }
  });
});

describe('SENet Table 13: SE in one stage only, and in all', () => {
  // Paper stages conv2_x..conv5_x are layer1..layer4; '1,2,3,4' is SE everywhere.
  const result = whatIf('se_resnet50', { sweep: { se_stages: [[1], [2], [3], [1, 2, 3, 4]] }, convention: 'paper' });
  const table13 = [
    { stages: [1], params: 25.6, gflops: 3.86 },
    { stages: [2], params: 25.7, gflops: 3.86 },
    { stages: [3], params: 26.4, gflops: 3.86 },
    { stages: [1, 2, 3, 4], params: 28.1, gflops: 3.87 },
  ];
  for (const row of table13) {
    it(`SE in layer${row.stages.join(',')}: ${row.params} M params, ${row.gflops} GFLOPs (paper convention)`, () => {
      const got = result.rows.find((r) => JSON.stringify(r.set.se_stages) === JSON.stringify(row.stages))!;
      expect(Math.abs(M(got.totals.params) - row.params)).toBeLessThanOrEqual(0.1);
      // The paper prints two decimals; its rule is our 'paper' convention (NUMBERS.md section 2).
      expect(G(got.totals.flops).toFixed(2)).toBe(row.gflops.toFixed(2));
    });
  }
});

describe('SENet Table 16: NoSqueeze (the excitation at full resolution)', () => {
  it("squeeze=none costs 4.27 GFLOPs under the 'paper' convention, with 28.1 M params", () => {
    const result = whatIf('se_resnet50', { sweep: { squeeze: ['avg', 'none'] }, convention: 'paper' });
    const none = result.rows.find((r) => r.set.squeeze === 'none')!;
    // Rounds to the paper's 4.27 (so well inside NUMBERS.md's +-0.02 G): the two 1x1 convs at
    // full resolution plus the full-resolution scale multiplies.
    expect(G(none.totals.flops).toFixed(2)).toBe('4.27');
    expect(Math.abs(M(none.totals.params) - 28.1)).toBeLessThanOrEqual(0.1);
    // Without the pooling, the FCs see every position: their MACs grow by H*W of each stage.
    const avg = result.rows.find((r) => r.set.squeeze === 'avg')!;
    const stages = [[3, 256, 56], [4, 512, 28], [6, 1024, 14], [3, 2048, 7]];
    const fcMacs = (hw: (s: number) => number) => stages.reduce((s, [n, c, size]) => s + n * 2 * c * Math.floor(c / 16) * hw(size), 0);
    expect(Number(none.totals.macs) - Number(avg.totals.macs)).toBe(fcMacs((s) => s * s) - fcMacs(() => 1));
  });
});

describe('SENet text: ~10% more parameters, ~4% without the last stage', () => {
  it('all stages: ~10% over ResNet-50; layer1-3 only: ~4%', () => {
    const all = whatIf('se_resnet50', { baseline: 'resnet50_v1' }).rows[0];
    const noLast = whatIf('se_resnet50', { set: { se_stages: [1, 2, 3] }, baseline: 'resnet50_v1' }).rows[0];
    expect(Math.round(all.delta.params!.percent!)).toBe(10);
    expect(Math.round(noLast.delta.params!.percent!)).toBe(4);
    // "~2.5 million additional parameters"
    expect(Math.abs(M(all.delta.params!.absolute) - 2.5)).toBeLessThan(0.05);
  });
});

describe('MobileNet v1 width and resolution (MobileNet paper Tables 6 and 7)', () => {
  // NUMBERS.md 3b: the paper's M figures are truncated; compare MACs within +-1 M, params within
  // +-0.05 M of the one-decimal figure.
  it('Table 6: width 1.0 / 0.75 / 0.5 / 0.25 at 224', () => {
    const table6: Record<number, [number, number]> = { 1: [569, 4.2], 0.75: [325, 2.6], 0.5: [149, 1.3], 0.25: [41, 0.5] };
    const result = whatIf('mobilenet_v1', { sweep: { width: [1, 0.75, 0.5, 0.25] } });
    for (const row of result.rows) {
      const [macs, params] = table6[row.set.width as number];
      expect(Math.abs(M(row.totals.macs) - macs)).toBeLessThanOrEqual(1);
      expect(Math.abs(M(row.totals.params) - params)).toBeLessThanOrEqual(0.05);
    }
  });

  it('Table 7: resolution 224 / 192 / 160 / 128 at width 1.0', () => {
    const table7: Record<string, number> = { '1x3x224x224': 569, '1x3x192x192': 418, '1x3x160x160': 290, '1x3x128x128': 186 };
    const result = whatIf('mobilenet_v1', { sweep: { input: [224, 192, 160, 128] } });
    expect(result.rows.map((r) => r.set.input)).toEqual(Object.keys(table7));
    for (const row of result.rows) {
      expect(Math.abs(M(row.totals.macs) - table7[row.set.input as string])).toBeLessThanOrEqual(1);
      expect(Math.abs(M(row.totals.params) - 4.2)).toBeLessThanOrEqual(0.05);
      expect(row.delta.params!.absolute).toBe(0);
    }
  });
});
