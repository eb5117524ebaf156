// Predicted time beside the counts, when a command is given --device: extra columns for `report`
// (predicted time, bound, share of time), a row for `compare`, and the JSON fields
// (totals.predictedSeconds, layers[].predictedSeconds, layers[].bound).
import type { CostReport } from '../cost/analyze.js';
import { describeDevice, formatSeconds, formatSecondsDelta } from '../device/describe.js';
import type { LatencyPrediction } from '../device/roofline.js';
import { percent, ratio } from '../units.js';
import { groupKey, type Grouping } from './rows.js';
import type { Cell, Tabular } from './tabular.js';

/** Header lines: the device, the predicted total, and the SE blocks' share of time and FLOPs. */
export function latencyLines(report: CostReport, p: LatencyPrediction): string[] {
  const lines = [describeDevice(p.device), `predicted time ${formatSeconds(p.predictedSeconds)} = sum over kernels of max(FLOPs / peak, bytes / bandwidth) / efficiency + overhead; FLOPs here = 2 x MACs + element-wise operations`];
  if (p.seSeconds !== undefined) {
    let seFlops = 0;
    for (const l of report.layers) if (l.se) seFlops += Number(l.flops);
    lines.push(`SE blocks: ${percent(ratio(seFlops, report.totals.flops), 2)} of FLOPs, ${formatSeconds(p.seSeconds)} = ${percent(p.seSeconds / p.predictedSeconds, 2)} of predicted time`);
  }
  return lines;
}

/**
 * The report table with predicted time, bound and share of time appended. Per layer, a layer
 * fused into another shows 'fused'; grouped rows sum their layers.
 */
export function withLatencyColumns(table: Tabular, report: CostReport, p: LatencyPrediction, by: Grouping, depth: number, raw = false): Tabular {
  // CSV (raw) gets seconds and fractions, for machines.
  const time = (s: number) => (raw ? String(s) : formatSeconds(s));
  const share = (x: number) => (raw ? x.toFixed(6) : percent(x));
  const perRow = new Map<string, number>();
  report.layers.forEach((l, i) => {
    const key = groupKey(l, by, depth);
    perRow.set(key, (perRow.get(key) ?? 0) + p.layers[i].predictedSeconds);
  });
  const cells = (i: number, name: string): Cell[] => {
    const seconds = by === 'layer' ? p.layers[i].predictedSeconds : perRow.get(name) ?? 0;
    const bound = by === 'layer' ? (p.layers[i].fusedInto !== undefined ? 'fused' : p.layers[i].bound) : '';
    return [time(seconds), ...(by === 'layer' ? [bound] : []), share(seconds / p.predictedSeconds)];
  };
  return {
    ...table,
    title: [...table.title, ...latencyLines(report, p)],
    columns: [
      ...table.columns,
      { header: raw ? 'predictedSeconds' : 'Pred. time', kind: 'number' },
      ...(by === 'layer' ? [{ header: 'Bound', kind: 'text' as const }] : []),
      { header: 'Time %', kind: 'number' },
    ],
    rows: table.rows.map((row, i) => [...row, ...cells(i, String(row[0]))]),
    footer: (table.footer ?? []).map((row) => [...row, time(p.predictedSeconds), ...(by === 'layer' ? [''] : []), share(1)]),
  };
}

/** Adds the predicted times to a flopscope.report/1 object. */
export function withLatencyJson(json: Record<string, unknown>, report: CostReport, p: LatencyPrediction): Record<string, unknown> {
  const layers = (json.layers as Array<Record<string, unknown>>).map((l, i) => ({
    ...l,
    predictedSeconds: p.layers[i].predictedSeconds,
    bound: p.layers[i].bound,
    ...(p.layers[i].fusedInto !== undefined ? { fusedInto: p.layers[i].fusedInto } : {}),
  }));
  let seFlops = 0;
  for (const l of report.layers) if (l.se) seFlops += Number(l.flops);
  return {
    ...json,
    device: p.device.name,
    totals: { ...(json.totals as object), predictedSeconds: p.predictedSeconds },
    ...(p.seSeconds !== undefined ? { se: { predictedSeconds: p.seSeconds, timeShare: p.seSeconds / p.predictedSeconds, flopsShare: ratio(seFlops, report.totals.flops) } } : {}),
    layers,
  };
}

/** The compare table with a predicted-time row (and its deltas against the first model). */
export function withLatencyRow(table: Tabular, predictions: readonly LatencyPrediction[]): Tabular {
  const base = predictions[0].predictedSeconds;
  const row: Cell[] = ['Predicted time'];
  predictions.forEach((p, i) => {
    row.push(formatSeconds(p.predictedSeconds));
    if (i > 0) row.push(formatSecondsDelta(base, p.predictedSeconds));
  });
  const se: Cell[] = ['SE share of time'];
  predictions.forEach((p, i) => {
    se.push(p.seSeconds !== undefined ? percent(p.seSeconds / p.predictedSeconds, 2) : '-');
    if (i > 0) se.push('');
  });
  const anySE = predictions.some((p) => p.seSeconds !== undefined);
  return { ...table, title: [...table.title, describeDevice(predictions[0].device)], rows: [...table.rows, row, ...(anySE ? [se] : [])] };
}

/** Adds totals.predictedSeconds to each report of a flopscope.compare/1 object. */
export function withLatencyCompareJson(json: Record<string, unknown>, predictions: readonly LatencyPrediction[]): Record<string, unknown> {
  const reports = (json.reports as Array<Record<string, unknown>>).map((r, i) => ({
    ...r,
    totals: { ...(r.totals as object), predictedSeconds: predictions[i].predictedSeconds },
    ...(predictions[i].seSeconds !== undefined ? { sePredictedSeconds: predictions[i].seSeconds } : {}),
  }));
  return { ...json, device: predictions[0].device.name, reports };
}

/** For CSV: a predictedSeconds column after the exact totals, one row per model. */
export function withPredictedColumn(table: Tabular, predictions: readonly LatencyPrediction[]): Tabular {
  return {
    ...table,
    columns: [...table.columns, { header: 'predictedSeconds', kind: 'number' }],
    rows: table.rows.map((row, i) => [...row, String(predictions[i].predictedSeconds)]),
  };
}
