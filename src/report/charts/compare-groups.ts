// compare --chart groups: FLOPs and params per stage (or per --by group) of every model side by
// side, and next to them each model's change against the first, labelled with the delta.
import type { TopLevelSpec } from 'vega-lite';
import { delta } from '../../units.js';
import type { CompareDoc } from './contracts.js';
import { countText, exactCount, flopsTitle, unitAxis } from './format.js';
import { capGroups } from './cap.js';
import { CONFIG, HALF_WIDTH, PALETTE } from './theme.js';

export function compareGroupsChart(doc: CompareDoc): TopLevelSpec {
  const groups = doc.groups ?? [];
  const models = groups.map((g) => g.model);
  const base = groups[0];
  const names: string[] = [];
  const size = new Map<string, bigint>();
  for (const g of groups) {
    for (const row of g.rows) {
      const flops = exactCount(row.flops, `${g.model} ${row.name} FLOPs`);
      if (!size.has(row.name)) names.push(row.name);
      size.set(row.name, (size.get(row.name) ?? 0n) > flops ? size.get(row.name)! : flops);
    }
  }
  const by = doc.by ?? 'stage';
  // Past MAX_GROUPS groups, the costliest (in any model) stay and the rest are summed as 'other'.
  const capped = capGroups(names, (n) => size.get(n)!, by, 'FLOPs');
  const values: Array<Record<string, unknown>> = [];
  for (const metric of ['flops', 'params'] as const) {
    const sums = (g: (typeof groups)[number]) => {
      const out = new Map<string, bigint>();
      for (const r of g.rows) {
        const key = capped.groupOf(r.name);
        out.set(key, (out.get(key) ?? 0n) + exactCount(r[metric], `${g.model} ${r.name} ${metric}`));
      }
      return out;
    };
    const before = base ? sums(base) : new Map<string, bigint>();
    groups.forEach((g, m) => {
      const rows = sums(g);
      capped.order.forEach((name, rank) => {
        const value = rows.get(name) ?? 0n;
        const was = before.get(name) ?? 0n;
        values.push({
          metric, group: name, rank, model: g.model, modelIndex: m, value: Number(value), text: rows.has(name) ? countText(value) : 'absent',
          ...(m > 0 ? { change: Number(value - was), changeText: delta(was, value) } : {}),
        });
      });
    });
  }
  const colour = { field: 'model', type: 'nominal' as const, title: null, scale: { domain: models, range: PALETTE.slice(0, models.length) } };
  const groupAxis = { field: 'group', type: 'nominal' as const, title: null, sort: [...capped.order], axis: { labelAngle: -30 } };
  const valuePanel = (metric: 'flops' | 'params', title: string) => ({
    width: HALF_WIDTH,
    height: 220,
    transform: [{ filter: `datum.metric == '${metric}'` }],
    mark: { type: 'bar' as const, tooltip: true },
    encoding: {
      x: groupAxis,
      xOffset: { field: 'modelIndex', type: 'ordinal' as const },
      y: { field: 'value', type: 'quantitative' as const, title, axis: { ...unitAxis(), tickCount: 5 } },
      color: colour,
      tooltip: [{ field: 'group', title: by }, { field: 'model' }, { field: 'text', title }],
    },
  });
  const changePanel = (metric: 'flops' | 'params', title: string) => ({
    width: HALF_WIDTH,
    height: 220,
    transform: [{ filter: `datum.metric == '${metric}' && datum.modelIndex > 0` }],
    encoding: {
      x: groupAxis,
      xOffset: { field: 'modelIndex', type: 'ordinal' as const },
      y: { field: 'change', type: 'quantitative' as const, title: `Δ ${title} vs ${base?.model ?? ''}`, axis: { ...unitAxis(), tickCount: 5 } },
      color: colour,
    },
    layer: [
      { mark: { type: 'bar' as const, tooltip: true }, encoding: { tooltip: [{ field: 'group', title: by }, { field: 'model' }, { field: 'changeText', title: `Δ vs ${base?.model ?? ''}` }, { field: 'text', title }] } },
      { mark: { type: 'text' as const, angle: 270, align: { expr: "datum.change < 0 ? 'right' : 'left'" }, baseline: 'middle' as const, dx: { expr: 'datum.change < 0 ? -4 : 4' }, fontSize: 10 }, encoding: { text: { field: 'changeText' } } },
    ],
  });
  const flops = flopsTitle(doc.convention);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `FLOPs and parameters by ${by}, with the change against ${base?.model ?? 'the first model'}`, subtitle: [`${models.join(' vs ')} · ${doc.dtype}`, ...(capped.note ? [capped.note] : [])] },
    data: { values },
    vconcat: [
      { hconcat: [valuePanel('flops', flops), changePanel('flops', 'FLOPs')] },
      { hconcat: [valuePanel('params', 'Params'), changePanel('params', 'Params')] },
    ],
  };
}
