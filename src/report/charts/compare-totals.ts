// compare --chart totals: each model's totals as a change against the first model, in percent,
// labelled with the change in the tables' units.
import type { TopLevelSpec } from 'vega-lite';
import { delta, human, humanBytes } from '../../units.js';
import type { CompareDoc } from './contracts.js';
import { bytesText, countText, exactCount, flopsTitle } from './format.js';
import { CONFIG, FULL_WIDTH, PALETTE } from './theme.js';

const METRICS = [
  { key: 'params', label: 'Params' },
  { key: 'macs', label: 'MACs' },
  { key: 'flops', label: 'FLOPs' },
  { key: 'activationBytes', label: 'Activations', bytes: true },
  { key: 'peakActivationBytes', label: 'Peak activations', bytes: true },
  { key: 'weightBytes', label: 'Weights', bytes: true },
  { key: 'trafficBytes', label: 'Memory traffic', bytes: true },
] as const;

export function compareTotalsChart(doc: CompareDoc): TopLevelSpec {
  const [base, ...others] = doc.reports;
  const models = doc.reports.map((r) => r.model);
  const metrics = METRICS.filter((m) => doc.reports.every((r) => r.totals[m.key] !== undefined && r.totals[m.key] !== null));
  const values = others.flatMap((r, i) =>
    metrics.map((m, rank) => {
      const label = m.key === 'flops' ? flopsTitle(doc.convention) : m.label;
      const was = exactCount(base.totals[m.key], `${base.model} ${m.key}`);
      const now = exactCount(r.totals[m.key], `${r.model} ${m.key}`);
      const text = 'bytes' in m ? bytesText : countText;
      return {
        metric: label, rank, model: r.model, modelIndex: i + 1,
        percent: was === 0n ? 0 : (Number(now - was) / Number(was)) * 100,
        changeText: delta(was, now, 'bytes' in m ? humanBytes : human),
        before: text(was), after: text(now),
      };
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `Totals against ${base.model}`, subtitle: `${models.join(' vs ')} · change in percent of ${base.model}'s figure` },
    data: { values },
    width: FULL_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: 30 * metrics.length * Math.max(1, others.length),
    encoding: {
      y: { field: 'metric', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' } },
      yOffset: { field: 'modelIndex', type: 'ordinal' },
      x: { field: 'percent', type: 'quantitative', title: `change against ${base.model} (%)`, axis: { labelExpr: "format(datum.value, '+.3~r') + '%'" } },
      color: { field: 'model', type: 'nominal', title: null, scale: { domain: models, range: PALETTE.slice(0, models.length) } },
    },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { tooltip: [{ field: 'metric' }, { field: 'model' }, { field: 'changeText', title: 'change' }, { field: 'before', title: base.model }, { field: 'after', title: 'this model' }] } },
      { mark: { type: 'text', align: { expr: "datum.percent < 0 ? 'right' : 'left'" }, dx: { expr: 'datum.percent < 0 ? -4 : 4' }, fontSize: 11 }, encoding: { text: { field: 'changeText' } } },
    ],
  };
}
