// The data behind the charts: the Pareto front against its definition, the thinned memory curve
// keeps its peaks, and the layer table of a deep network keeps the costliest layers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capGroups } from '../src/report/charts/cap.js';
import { compareGroupsChart } from '../src/report/charts/compare-groups.js';
import type { CompareDoc } from '../src/report/charts/contracts.js';
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
    // 61 points in 28 buckets: 28 * (61 / 28) is 60.999... in floating point; the last point stays.
    expect(thinIndices([...new Array(60).fill(0), 2], 28).at(-1)).toBe(60);
    fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 50, maxLength: 400 }), fc.integer({ min: 5, max: 40 }), (values, max) => {
      const kept = thinIndices(values, max);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept).toEqual([...kept].sort((a, b) => a - b));
      expect(Math.max(...kept.map((i) => values[i]))).toBe(Math.max(...values));
    }));
  });
});

describe('capped groups', () => {
  it('keep every group up to the cap, in their order', () => {
    const c = capGroups(['a', 'b', 'c'], () => 1, 'stage', 'FLOPs', 3);
    expect(c.order).toEqual(['a', 'b', 'c']);
    expect(c.other).toBeUndefined();
    expect(c.groupOf('b')).toBe('b');
  });

  it('past the cap keep the largest (earlier first on ties) in their order and sum the rest as other', () => {
    fc.assert(fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 20 }), (sizes, max) => {
      const names = sizes.map((_, i) => `s${i}`);
      const c = capGroups(names, (n) => sizes[Number(n.slice(1))], 'stage', 'FLOPs', max);
      if (names.length <= max) {
        expect(c.order).toEqual(names);
        return;
      }
      expect(c.order).toHaveLength(max);
      expect(c.order.at(-1)).toBe(`other (${names.length - max + 1} stages)`);
      const kept = c.order.slice(0, -1).map((n) => Number(n.slice(1)));
      expect(kept).toEqual([...kept].sort((a, b) => a - b));
      // No dropped group is larger than a kept one, nor as large and earlier.
      for (let i = 0; i < sizes.length; i++) {
        if (kept.includes(i)) continue;
        expect(c.groupOf(`s${i}`)).toBe(c.other);
        for (const k of kept) expect(sizes[i] < sizes[k] || (sizes[i] === sizes[k] && i > k)).toBe(true);
      }
      expect(c.note).toBe(`the ${max - 1} stages with the most FLOPs; the other ${names.length - max + 1} summed as '${c.other}'`);
    }));
  });

  it('compare sums the groups past the cap into other for every model, deltas included', () => {
    const rows = (n: number, scale: number) => Array.from({ length: n }, (_, i) => ({ name: `g${i}`, params: i * scale, macs: 0, flops: (i + 1) * scale }));
    const doc: CompareDoc = { convention: 'macs', conventionRule: '', dtype: 'fp32', reports: [], by: 'stage', groups: [{ model: 'a', rows: rows(40, 1) }, { model: 'b', rows: rows(40, 2) }] };
    const spec = compareGroupsChart(doc) as unknown as { data: { values: Array<{ metric: string; group: string; model: string; value: number; change?: number }> } };
    const flops = spec.data.values.filter((v) => v.metric === 'flops');
    expect(new Set(flops.map((v) => v.group)).size).toBe(25);
    // The 24 largest are g16..g39; other sums g0..g15: 1 + ... + 16 = 136 FLOPs in a, twice in b.
    const other = flops.filter((v) => v.group === 'other (16 stages)');
    expect(other.map((v) => [v.model, v.value, v.change])).toEqual([['a', 136, undefined], ['b', 272, 136]]);
  });
});

describe('layer table of a deep network', () => {
  const layer = (index: number, flops: bigint): LayerFigures => ({
    index, name: `l${index}`, op: 'conv2d', stage: 's', se: false, outputShape: '1', params: 0n, macs: flops, flops, activationBytes: 0n, trafficBytes: 0n, intensity: null, seconds: null, bound: null,
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
