// compare --chart totals: each model's totals as a change against the first model, in percent,
// with the change in the tables' units in a column right of the bars (a label at a bar's end ran
// over the axis when the bar reached -90%). With --device, predicted time is one of the totals.
import type { TopLevelSpec } from 'vega-lite';
import { formatSeconds, formatSecondsDelta } from '../../device/describe.js';
import { delta, human, humanBytes } from '../../units.js';
import type { CompareDoc } from './contracts.js';
import { TOTAL_METRICS } from '../total-metrics.js';
import { bytesText, countText, exactCount, flopsTitle } from './format.js';
import { CONFIG, PALETTE } from './theme.js';


const PERCENT_WIDTH = 560;
const LABEL_WIDTH = 190;

interface Change { metric: string; before: number; after: number; changeText: string; beforeText: string; afterText: string }

function countChanges(doc: CompareDoc, r: CompareDoc['reports'][number]): Change[] {
  const base = doc.reports[0];
  return TOTAL_METRICS.filter((m) => doc.reports.every((x) => x.totals[m.key] !== undefined && x.totals[m.key] !== null)).map((m) => {
    const was = exactCount(base.totals[m.key], `${base.model} ${m.key}`);
    const now = exactCount(r.totals[m.key], `${r.model} ${m.key}`);
    const text = 'bytes' in m ? bytesText : countText;
    return {
      metric: m.key === 'flops' ? flopsTitle(doc.convention) : m.label, before: Number(was), after: Number(now),
      changeText: delta(was, now, 'bytes' in m ? humanBytes : human), beforeText: text(was), afterText: text(now),
    };
  });
}

function timeChange(doc: CompareDoc, r: CompareDoc['reports'][number]): Change[] {
  const seconds = (x: CompareDoc['reports'][number]) => x.totals.predictedSeconds;
  if (!doc.reports.every((x) => typeof seconds(x) === 'number')) return [];
  const [was, now] = [seconds(doc.reports[0]) as number, seconds(r) as number];
  return [{ metric: 'Predicted time', before: was, after: now, changeText: formatSecondsDelta(was, now), beforeText: formatSeconds(was), afterText: formatSeconds(now) }];
}

export function compareTotalsChart(doc: CompareDoc): TopLevelSpec {
  const [base, ...others] = doc.reports;
  const models = doc.reports.map((r) => r.model);
  const values = others.flatMap((r, i) =>
    [...countChanges(doc, r), ...timeChange(doc, r)].map((c, rank) => ({
      ...c, rank, model: r.model, modelIndex: i + 1,
      percent: c.before === 0 ? 0 : ((c.after - c.before) / c.before) * 100,
    })),
  );
  const metrics = new Set(values.map((v) => v.metric)).size;
  const height = 30 * metrics * Math.max(1, others.length);
  const y = { field: 'metric', type: 'nominal' as const, title: null, sort: { field: 'rank', op: 'min' as const } };
  const yOffset = { field: 'modelIndex', type: 'ordinal' as const };
  const colour = { field: 'model', type: 'nominal' as const, title: null, scale: { domain: models, range: PALETTE.slice(0, models.length) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: `Totals against ${base.model}`, subtitle: `${models.join(' vs ')} · change in percent of ${base.model}'s figure` },
    data: { values },
    hconcat: [
      {
        name: 'change',
        width: PERCENT_WIDTH,
        height,
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y, yOffset,
          x: { field: 'percent', type: 'quantitative', title: `change against ${base.model} (%)`, axis: { labelExpr: "format(datum.value, '+.3~r') + '%'", tickCount: 6 } },
          color: colour,
          tooltip: [{ field: 'metric' }, { field: 'model' }, { field: 'changeText', title: 'change' }, { field: 'beforeText', title: base.model }, { field: 'afterText', title: 'this model' }],
        },
      },
      {
        name: 'labels',
        width: LABEL_WIDTH,
        height,
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 11, limit: LABEL_WIDTH },
        encoding: { y: { ...y, axis: null }, yOffset, x: { value: 0 }, text: { field: 'changeText' }, color: colour },
      },
    ],
  };
}
