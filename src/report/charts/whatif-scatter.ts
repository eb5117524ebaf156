// whatif --chart scatter: every configuration of a sweep as a point on two metrics (params
// against FLOPs unless the page's menus say otherwise; with --device, predicted time against
// FLOPs), the baseline marked and the Pareto front drawn. Hovering a point shows its option
// values and exact totals.
import type { TopLevelSpec } from 'vega-lite';
import { FlopscopeError } from '../../errors.js';
import type { WhatIfDoc } from './contracts.js';
import { tooManyPoints, WHATIF_MAX_POINTS } from './names.js';
import { formatSeconds, formatSecondsDelta } from '../../device/describe.js';
import { bytesText, countText, exactCount, flopsTitle, secondsText, TIME_TITLE, unitAxis } from './format.js';
import { optionValueText } from '../option-value.js';
import { TOTAL_METRICS, type TotalMetric } from '../total-metrics.js';
import { paretoFront } from './pareto.js';
import { COLOURS, CONFIG, FULL_WIDTH, type ChartTarget } from './theme.js';

const TIME = 'predictedSeconds';

type Metric = TotalMetric | { readonly key: typeof TIME; readonly label: string; readonly time: true };

const METRICS: readonly Metric[] = [
  // Weights are params times the bytes of one element: no axis of their own.
  ...TOTAL_METRICS.filter((m) => m.key !== 'weightBytes'),
  // With --device; seconds in the JSON, milliseconds on the axis.
  { key: TIME, label: TIME_TITLE, time: true },
];

/** A configuration's figure: an exact count, or (predicted time) the seconds the JSON carries. */
function figure(m: Metric, totals: WhatIfDoc['baseline']['totals'], what: string): bigint | number {
  if (!('time' in m)) return exactCount(totals[m.key], what);
  const v = totals[m.key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FlopscopeError('usage', `charts need a predicted time for every configuration, received ${what} = ${String(v)}`);
  return v;
}

function present(m: Metric, totals: WhatIfDoc['baseline']['totals']): boolean {
  const v = totals[m.key];
  return 'time' in m ? typeof v === 'number' : v !== undefined && v !== null;
}

/** Past this many points the page draws on a canvas; SVG stays for smaller sweeps (and for files). */
export const CANVAS_FROM = 3000;

function optionText(set: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(set).map(([k, v]) => `${k}=${optionValueText(v)}`);
  return parts.length ? parts.join(' · ') : '(own options)';
}

/** ' a:b c:d ' for every metric pair (a <= b by name) whose front holds the row. */
export function frontKeys(rows: readonly Readonly<Record<string, bigint | number>>[], keys: readonly string[]): string[] {
  const out = rows.map(() => ' ');
  for (const a of keys) {
    for (const b of keys) {
      if (a > b) continue;
      for (const i of paretoFront(rows.map((r) => r[a]), rows.map((r) => r[b]))) out[i] += `${a}:${b} `;
    }
  }
  return out;
}

export function whatIfScatter(doc: WhatIfDoc, target: ChartTarget = 'page'): TopLevelSpec {
  if (doc.rows.length > WHATIF_MAX_POINTS) throw new FlopscopeError('usage', tooManyPoints(doc.rows.length));
  const metrics = METRICS.filter((m) => [doc.baseline, ...doc.rows].every((r) => present(m, r.totals)));
  const timed = metrics.some((m) => m.key === TIME);
  const label = (m: Metric) => (m.key === 'flops' ? flopsTitle(doc.convention) : m.label);
  const exactRows = doc.rows.map((r, i) => Object.fromEntries(metrics.map((m) => [m.key, figure(m, r.totals, `configuration ${i + 1} ${m.key}`)])));
  const fronts = frontKeys(exactRows, metrics.map((m) => m.key));
  const baseTotals = Object.fromEntries(metrics.map((m) => [m.key, figure(m, doc.baseline.totals, `baseline ${m.key}`)]));
  const text = (m: Metric, v: bigint | number, base: boolean) => {
    if ('time' in m) return `${secondsText(v as number)}${base ? '' : ` · ${formatSecondsDelta(baseTotals[m.key] as number, v as number)} vs baseline`}`;
    return ('bytes' in m ? bytesText : countText)(v as bigint);
  };
  const point = (totals: Readonly<Record<string, bigint | number>>, base = false) =>
    Object.fromEntries(metrics.flatMap((m) => [[m.key, 'time' in m ? (totals[m.key] as number) * 1e3 : Number(totals[m.key])], [`${m.key}Text`, text(m, totals[m.key], base)]]));
  const values = doc.rows.map((r, i) => ({ configuration: optionText(r.set), input: r.input.join('x'), fronts: fronts[i], ...point(exactRows[i]) }));
  const baseline = [{ configuration: `baseline: ${doc.baseline.model}`, input: doc.baseline.input.join('x'), ...point(baseTotals, true) }];

  const titleOf = (param: string) => metrics.reduceRight((acc, m) => `${param} == '${m.key}' ? ${JSON.stringify(label(m))} : ${acc}`, "''");
  const suffixOf = (param: string) => `(indexof(${param}, 'Bytes') >= 0 ? 'B' : '')`;
  const choose = (name: string, value: string, text: string) => ({
    name,
    value,
    ...(target === 'page' ? { bind: { input: 'select' as const, options: metrics.map((m) => m.key), labels: metrics.map(label), name: text } } : {}),
  });
  // Counts are whole and read in K, M, G; milliseconds are read as they are, fractions included.
  const axis = (param: string) => {
    const counts = unitAxis(suffixOf(param));
    const isTime = `${param} == '${TIME}'`;
    return timed
      ? { title: { signal: titleOf(param) }, format: counts.format, labelExpr: `${isTime} ? format(datum.value, ',~r') : ${counts.labelExpr}`, tickMinStep: { expr: `${isTime} ? 0 : 1` } }
      : { title: { signal: titleOf(param) }, ...counts };
  };
  const x = { field: 'x', type: 'quantitative' as const, scale: { zero: false, padding: 16 }, axis: axis('xMetric') };
  const y = { field: 'y', type: 'quantitative' as const, scale: { zero: false, padding: 16 }, axis: axis('yMetric') };
  const tooltip = [{ field: 'configuration', title: '--set' }, { field: 'input' }, ...metrics.map((m) => ({ field: `${m.key}Text`, title: label(m) }))];
  const toXY = [{ calculate: 'datum[xMetric]', as: 'x' }, { calculate: 'datum[yMetric]', as: 'y' }];
  const swept = `swept ${doc.swept.length ? doc.swept.join(', ') : 'nothing'} · ${doc.dtype} · Pareto front (smaller on both axes) in orange · baseline ${doc.baseline.model} as a black diamond`;
  const onFront = "indexof(datum.fronts, ' ' + (xMetric <= yMetric ? xMetric + ':' + yMetric : yMetric + ':' + xMetric) + ' ') >= 0";
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: `${doc.model}: ${doc.rows.length} configuration${doc.rows.length === 1 ? '' : 's'}`,
      subtitle: timed ? [swept, `predicted time on device '${doc.device ?? 'unnamed'}': baseline ${formatSeconds(baseTotals[TIME] as number)}`] : swept,
    },
    datasets: { configurations: values },
    width: FULL_WIDTH,
    height: 420,
    autosize: { type: 'fit-x', contains: 'padding' },
    // With --device: predicted time against FLOPs, so the configuration cheapest in time shows.
    params: timed ? [choose('xMetric', 'flops', 'x axis '), choose('yMetric', TIME, ' y axis ')] : [choose('xMetric', 'params', 'x axis '), choose('yMetric', 'flops', ' y axis ')],
    layer: [
      {
        name: 'front',
        data: { name: 'configurations' },
        transform: [...toXY, { filter: onFront }],
        mark: { type: 'line', color: COLOURS.front, strokeWidth: 2, interpolate: 'step-after' },
        encoding: { x, y, order: { field: 'x', type: 'quantitative' } },
      },
      {
        name: 'configurations',
        data: { name: 'configurations' },
        transform: [...toXY, { calculate: onFront, as: 'onFront' }],
        mark: { type: 'point', filled: true, size: 70, opacity: 0.85, tooltip: true },
        encoding: {
          x, y,
          color: { field: 'onFront', type: 'nominal', scale: { domain: [true, false], range: [COLOURS.front, COLOURS.plain] }, legend: { title: null, labelExpr: "datum.value ? 'on the Pareto front' : 'dominated'" } },
          tooltip,
        },
      },
      {
        name: 'baseline',
        data: { values: baseline },
        transform: toXY,
        layer: [
          { mark: { type: 'point', shape: 'diamond', filled: true, size: 160, color: COLOURS.baseline, tooltip: true }, encoding: { x, y, tooltip } },
          { mark: { type: 'text', align: 'left', dx: 10, dy: -8, fontSize: 12 }, encoding: { x, y, text: { field: 'configuration' } } },
        ],
      },
    ],
  };
}
