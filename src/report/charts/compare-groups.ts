// compare --chart groups: FLOPs and params (and predicted time, with --device) per stage (or per
// --by group) of every model side by side, then each model's change against the first, and the
// change in words in a column of its own. Bars run across, groups down the side: group names of
// any length stay horizontal, and no label is drawn over a bar, an axis or another label (rotated
// labels at the ends of upright bars ran into the axis when models had different stages).
import type { TopLevelSpec } from 'vega-lite';
import { formatSeconds, formatSecondsDelta } from '../../device/describe.js';
import { delta } from '../../units.js';
import { capGroups } from './cap.js';
import type { CompareDoc } from './contracts.js';
import { countText, exactCount, flopsTitle, TIME_TITLE, unitAxis } from './format.js';
import { CONFIG, PALETTE } from './theme.js';

type Row = NonNullable<CompareDoc['groups']>[number]['rows'][number];

/** One row of panels: how to read a group's figure, say it, and say its change. */
interface Metric {
  readonly key: string;
  readonly title: string;
  /** Figures summed exactly (counts) or as seconds. */
  readonly value: (r: Row, model: string) => bigint | number;
  /** The figure as plotted: counts as they are, seconds in milliseconds. */
  readonly plotted: (v: bigint | number) => number;
  readonly text: (v: bigint | number) => string;
  readonly change: (was: bigint | number, now: bigint | number) => string;
  readonly axis: Record<string, unknown>;
}

const countMetric = (key: 'flops' | 'params', title: string): Metric => ({
  key,
  title,
  value: (r, model) => exactCount(r[key], `${model} ${r.name} ${key}`),
  plotted: (v) => Number(v),
  text: (v) => countText(v as bigint),
  change: (was, now) => delta(was as bigint, now as bigint),
  axis: { ...unitAxis(), tickCount: 4 },
});

const timeMetric: Metric = {
  key: 'predictedSeconds',
  title: TIME_TITLE,
  value: (r) => r.predictedSeconds ?? 0,
  plotted: (v) => Number(v) * 1e3,
  text: (v) => formatSeconds(Number(v)),
  change: (was, now) => formatSecondsDelta(Number(was), Number(now)),
  axis: { tickCount: 4, format: '~r' },
};

/** Widths of the three panels of a row; the group names take about 120 px on the left. */
const VALUE_WIDTH = 330;
const CHANGE_WIDTH = 240;
const LABEL_WIDTH = 150;
/** Height of one bar; a group is as tall as its bars plus a gap. */
const BAR = 12;

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
  const timed = groups.length > 0 && groups.every((g) => g.rows.every((r) => typeof r.predictedSeconds === 'number'));
  const metrics = [countMetric('flops', flopsTitle(doc.convention)), countMetric('params', 'Params'), ...(timed ? [timeMetric] : [])];
  const values: Array<Record<string, unknown>> = [];
  for (const metric of metrics) {
    const sums = (g: (typeof groups)[number]) => {
      const out = new Map<string, bigint | number>();
      for (const r of g.rows) {
        const key = capped.groupOf(r.name);
        const v = metric.value(r, g.model);
        const had = out.get(key);
        out.set(key, had === undefined ? v : typeof v === 'bigint' ? (had as bigint) + v : (had as number) + v);
      }
      return out;
    };
    const zero = metric.key === 'predictedSeconds' ? 0 : 0n;
    const before = base ? sums(base) : new Map<string, bigint | number>();
    groups.forEach((g, m) => {
      const rows = sums(g);
      capped.order.forEach((name, rank) => {
        const value = rows.get(name) ?? zero;
        const was = before.get(name) ?? zero;
        values.push({
          metric: metric.key, group: name, rank, model: g.model, modelIndex: m, value: metric.plotted(value), text: rows.has(name) ? metric.text(value) : 'absent',
          ...(m > 0 ? { change: metric.plotted(value) - metric.plotted(was), changeText: metric.change(was, value) } : {}),
        });
      });
    });
  }
  const colour = { field: 'model', type: 'nominal' as const, title: null, scale: { domain: models, range: PALETTE.slice(0, models.length) } };
  const groupAxis = (labels: boolean) => ({ field: 'group', type: 'nominal' as const, title: null, sort: [...capped.order], axis: labels ? { labelLimit: 120 } : null });
  // Every panel of a row has the same height and the same groups, so their bands line up.
  const height = capped.order.length * (BAR * models.length + 6);
  // Named marks (e.g. flops_values_marks) so tests and people can find them in the SVG.
  const valuePanel = (metric: Metric) => ({
    name: `${metric.key}_values`,
    width: VALUE_WIDTH,
    height,
    transform: [{ filter: `datum.metric == '${metric.key}'` }],
    mark: { type: 'bar' as const, tooltip: true },
    encoding: {
      y: groupAxis(true),
      yOffset: { field: 'modelIndex', type: 'ordinal' as const, scale: { domain: models.map((_, i) => i) } },
      x: { field: 'value', type: 'quantitative' as const, title: metric.title, axis: metric.axis },
      color: colour,
      tooltip: [{ field: 'group', title: by }, { field: 'model' }, { field: 'text', title: metric.title }],
    },
  });
  const changed = `datum.modelIndex > 0`;
  const changePanel = (metric: Metric) => ({
    name: `${metric.key}_change`,
    width: CHANGE_WIDTH,
    height,
    transform: [{ filter: `datum.metric == '${metric.key}' && ${changed}` }],
    mark: { type: 'bar' as const, tooltip: true },
    encoding: {
      y: groupAxis(false),
      yOffset: { field: 'modelIndex', type: 'ordinal' as const, scale: { domain: models.map((_, i) => i) } },
      x: { field: 'change', type: 'quantitative' as const, title: `Δ vs ${base?.model ?? ''}`, axis: metric.axis },
      color: colour,
      tooltip: [{ field: 'group', title: by }, { field: 'model' }, { field: 'changeText', title: `Δ vs ${base?.model ?? ''}` }, { field: 'text', title: metric.title }],
    },
  });
  // The change in words, one line per bar, in a column right of the bars.
  const labelPanel = (metric: Metric) => ({
    name: `${metric.key}_labels`,
    width: LABEL_WIDTH,
    height,
    transform: [{ filter: `datum.metric == '${metric.key}' && ${changed}` }],
    mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, fontSize: 10, limit: LABEL_WIDTH },
    encoding: {
      y: groupAxis(false),
      yOffset: { field: 'modelIndex', type: 'ordinal' as const, scale: { domain: models.map((_, i) => i) } },
      x: { value: 0 },
      text: { field: 'changeText' },
      color: colour,
    },
  });
  const what = timed ? `FLOPs, parameters and predicted time` : 'FLOPs and parameters';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `${what} by ${by}, with the change against ${base?.model ?? 'the first model'}`, subtitle: [`${models.join(' vs ')} · ${doc.dtype}`, ...(capped.note ? [capped.note] : [])] },
    data: { values },
    vconcat: metrics.map((m) => ({ hconcat: [valuePanel(m), changePanel(m), labelPanel(m)] })),
  };
}
