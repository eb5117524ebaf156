// check --charts-dir: one chart per budget, each check as a bar in percent of what it is held to
// (the limit, or the baseline for a maxIncrease), the 100% line marked, failures in orange.
import type { TopLevelSpec } from 'vega-lite';
import type { CheckBudgetDoc } from './contracts.js';
import { exactCount, flopsTitle } from './format.js';
import { COLOURS, CONFIG, FULL_WIDTH } from './theme.js';

const LABEL: Readonly<Record<string, string>> = { macs: 'MACs', flops: 'FLOPs', params: 'Params', activationBytes: 'Activations', weightBytes: 'Weights' };

export function budgetUsageChart(budget: CheckBudgetDoc): TopLevelSpec {
  const values = budget.checks.flatMap((c, rank) => {
    const reference = c.kind === 'limit' ? c.limit : c.baseline;
    if (reference === undefined) return [];
    const ref = exactCount(reference, `${budget.name} ${c.metric} ${c.kind}`);
    const value = exactCount(c.value, `${budget.name} ${c.metric}`);
    const what = c.metric === 'flops' ? flopsTitle(budget.convention) : LABEL[c.metric] ?? c.metric;
    return [{
      check: `${what} ${c.kind === 'limit' ? 'vs limit' : 'vs baseline'}`,
      rank,
      percent: ref === 0n ? 0 : (Number(value) / Number(ref)) * 100,
      status: c.passed ? 'within' : 'exceeded',
      message: c.message,
    }];
  });
  const y = { field: 'check', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `${budget.status.toUpperCase()} ${budget.name}`, subtitle: `${budget.model} · each check in percent of its limit (or of the baseline, for growth)` },
    width: FULL_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: Math.max(1, values.length) * 46,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.45 }, yOffset: 7 },
        encoding: {
          y,
          x: { field: 'percent', type: 'quantitative', title: '% of limit (or baseline)', scale: { domainMin: 0 } },
          color: { field: 'status', type: 'nominal', title: null, scale: { domain: ['within', 'exceeded'], range: [COLOURS.plain, COLOURS.se] } },
        },
      },
      { mark: { type: 'rule', color: '#000', strokeDash: [4, 3] }, encoding: { x: { datum: 100 } } },
      { mark: { type: 'text', align: 'left', baseline: 'bottom', yOffset: -2, fontSize: 11, color: '#333' }, encoding: { y, x: { value: 2 }, text: { field: 'message' } } },
    ],
  };
}
