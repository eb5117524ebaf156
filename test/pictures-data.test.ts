// The data behind the charts: the Pareto front against its definition, the thinned memory curve
// keeps its peaks, and the layer table of a deep network keeps the costliest layers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFront } from '../src/report/charts/pareto.js';
import { thinIndices } from '../src/report/charts/report-memory.js';
import { tableLayers } from '../src/report/html/layer-table.js';
import type { LayerFigures } from '../src/report/charts/report-data.js';

/** Straight from the definition: nothing else at least as small on both and smaller on one. */
function bruteFront(xs: bigint[], ys: bigint[]): Set<number> {
  const out = new Set<number>();
  xs.forEach((x, i) => {
    const dominated = xs.some((x2, j) => j !== i && x2 <= x && ys[j] <= ys[i] && (x2 < x || ys[j] < ys[i]));
    if (!dominated) out.add(i);
  });
  return out;
}

describe('Pareto front', () => {
  it('matches the definition on random point sets (ties and duplicates included)', () => {
    const points = fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: 20n })), { maxLength: 40 });
    fc.assert(fc.property(points, (ps) => {
      const xs = ps.map((p) => p[0]);
      const ys = ps.map((p) => p[1]);
      expect([...paretoFront(xs, ys)].sort((a, b) => a - b)).toEqual([...bruteFront(xs, ys)].sort((a, b) => a - b));
    }));
  });

  it('compares exactly past 2^53', () => {
    const big = 2n ** 60n;
    expect([...paretoFront([big, big + 1n], [big + 1n, big])].sort()).toEqual([0, 1]);
    expect([...paretoFront([big, big + 1n], [big, big])]).toEqual([0]);
  });
});

describe('thinned memory curve', () => {
  it('keeps every point when there are few, and the largest of each bucket (so the peak) when there are many', () => {
    expect(thinIndices([3, 1, 2], 10)).toEqual([0, 1, 2]);
    fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 50, maxLength: 400 }), fc.integer({ min: 5, max: 40 }), (values, max) => {
      const kept = thinIndices(values, max);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept).toEqual([...kept].sort((a, b) => a - b));
      expect(Math.max(...kept.map((i) => values[i]))).toBe(Math.max(...values));
    }));
  });
});

describe('layer table of a deep network', () => {
  const layer = (index: number, flops: bigint): LayerFigures => ({
    index, name: `l${index}`, op: 'conv2d', stage: 's', se: false, outputShape: '1', params: 0n, macs: flops, flops, activationBytes: 0n, trafficBytes: 0n, intensity: null,
  });

  it('keeps the layers with the most FLOPs (earlier first on ties), shown in run order', () => {
    const layers = [5n, 1n, 9n, 1n, 7n, 9n].map((f, i) => layer(i, f));
    expect(tableLayers(layers, 3).map((l) => l.index)).toEqual([2, 4, 5]);
    expect(tableLayers(layers, 4).map((l) => l.index)).toEqual([0, 2, 4, 5]);
    expect(tableLayers(layers, 10)).toHaveLength(6);
  });
});

describe('exact figures', () => {
  it('group digits as en-US does, for any size and sign', async () => {
    const { exact } = await import('../src/units.js');
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), (v) => {
      expect(exact(v)).toBe(v.toLocaleString('en-US'));
    }));
  });
});
