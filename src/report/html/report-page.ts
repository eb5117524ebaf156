// The report page: header with the convention's rule and the totals, where FLOPs and params sit
// (by stage, by op kind, top layers), activation memory along the run, and the layer table. With
// --device: the predicted time and the SE share of time among the totals, where the time goes,
// and the time of each layer in the table.
import type { ReportDoc } from '../charts/contracts.js';
import { formatSeconds } from '../../device/describe.js';
import { bytesText, countText, exactCount, flopsTitle, secondsText } from '../charts/format.js';
import { isTimed, layerFigures, shareText } from '../charts/report-data.js';
import { reportChart } from '../charts/report-charts.js';
import type { LiveMemory } from '../charts/report-memory.js';
import { TOTAL_METRICS, type TotalMetric } from '../total-metrics.js';
import { human, humanBytes, percent } from '../../units.js';
import { layerTableHtml } from './layer-table.js';
import { renderPage, uncountedFact, type Total } from './page.js';

function totals(doc: ReportDoc): Total[] {
  const t = doc.totals;
  const label = (m: TotalMetric) => (m.key === 'flops' ? flopsTitle(doc.convention) : m.key === 'activationBytes' ? 'Activations (all outputs)' : m.label);
  const item = (m: TotalMetric): Total[] => {
    if (t[m.key] === undefined || t[m.key] === null) return [];
    const v = exactCount(t[m.key], `total ${m.key}`);
    return [m.bytes ? { label: label(m), value: humanBytes(v), exact: bytesText(v) } : { label: label(m), value: human(v), exact: countText(v) }];
  };
  return [...TOTAL_METRICS.flatMap(item), ...timeTotals(doc)];
}

/** Predicted time, and for a model with SE blocks their share of time beside their share of FLOPs. */
function timeTotals(doc: ReportDoc): Total[] {
  if (!isTimed(doc)) return [];
  const seconds = doc.totals.predictedSeconds as number;
  const out: Total[] = [{ label: 'Predicted time', value: formatSeconds(seconds), exact: `${secondsText(seconds)} on device '${doc.device}'` }];
  if (doc.se) {
    out.push(
      { label: 'SE share of time', value: percent(doc.se.timeShare, 2), exact: `${secondsText(doc.se.predictedSeconds)} of ${formatSeconds(seconds)}` },
      { label: 'SE share of FLOPs', value: percent(doc.se.flopsShare, 2), exact: `${doc.se.flopsShare * 100}% of ${flopsTitle(doc.convention)}` },
    );
  }
  return out;
}

/** `latency`: the table output's lines about the device and the predicted time (with --device). */
export function reportPage(doc: ReportDoc, memory: LiveMemory, latency: readonly string[] = []): string {
  const layers = layerFigures(doc);
  const chart = (id: Parameters<typeof reportChart>[0]) => ({ id, spec: reportChart(id, doc, memory, 'page', layers) });
  const facts = [
    `input ${doc.input.join('x')} · ${doc.dtype} · ${layers.length.toLocaleString('en-US')} layers`,
    `FLOPs under convention '${doc.convention}': ${doc.conventionRule}`,
  ];
  if (doc.uncounted?.length) facts.push(uncountedFact(doc.uncounted));
  for (const n of doc.notes ?? []) facts.push(`note: ${n}`);
  if (doc.ignored.length) facts.push(`not counted under '${doc.convention}': ${doc.ignored.map((i) => `${i.op} (${i.layers} layer${i.layers === 1 ? '' : 's'})`).join(', ')}`);
  const se = layers.filter((l) => l.se);
  if (se.length) {
    const sum = (f: (l: (typeof layers)[number]) => bigint, from: readonly (typeof layers)[number][]) => from.reduce((s, l) => s + f(l), 0n);
    const [seParams, seFlops] = [sum((l) => l.params, se), sum((l) => l.flops, se)];
    facts.push(`SE blocks (marked in orange): ${human(seParams)} params (${shareText(seParams, sum((l) => l.params, layers))}), ${human(seFlops)} FLOPs (${shareText(seFlops, sum((l) => l.flops, layers))}), ${se.length} layers`);
  }
  const timed = isTimed(doc);
  if (timed) facts.push(...latency);
  const table = layerTableHtml(layers, doc.convention);
  const time = timed
    ? [{
      title: 'Where the predicted time goes',
      notes: ["The device model's predicted time beside the FLOPs. A layer fused into another's kernel adds its time to that kernel's first layer."],
      charts: [chart('time')],
    }]
    : [];
  return renderPage({
    title: `${doc.model}: cost report`,
    fileBase: doc.model,
    facts,
    totals: totals(doc),
    sections: [
      { title: 'Where the FLOPs and parameters are', charts: [chart('stages'), chart('ops'), chart('top-layers')] },
      ...time,
      { title: 'Activation memory', notes: ['Memory held by activations while each layer runs, when the layers run in order and each tensor is freed after its last use.'], charts: [chart('memory')] },
      { title: 'Layers', notes: table.notes, html: table.html },
    ],
  });
}
