// Predicted time beside the counts, when a command is given --device: extra columns for `report`
// (predicted time, bound, share of time), a row for `compare`, and the JSON fields
// (totals.predictedSeconds, layers[].predictedSeconds, layers[].bound).
import type { CostReport } from '../cost/analyze.js';
import { describeDevice, formatSeconds, formatSecondsDelta } from '../device/describe.js';
import type { LatencyPrediction } from '../device/roofline.js';
import { percent, ratio } from '../units.js';
import { seShare } from './report-view.js';
import { layerGroupKeys, type Grouping } from './rows.js';
import type { Cell, Column, Tabular } from './tabular.js';

/** Header lines: the device, the predicted total, and the SE blocks' share of time and FLOPs. */
export function latencyLines(report: CostReport, p: LatencyPrediction): string[] {
  const lines = [describeDevice(p.device), `predicted time ${formatSeconds(p.predictedSeconds)} = sum over kernels of max(FLOPs / peak, bytes / bandwidth) / efficiency + overhead; FLOPs here = 2 x MACs + element-wise operations`];
  if (p.seSeconds !== undefined) {
    lines.push(`SE blocks: ${percent(ratio(seShare(report)?.flops ?? 0, report.totals.flops), 2)} of FLOPs, ${formatSeconds(p.seSeconds)} = ${percent(p.seSeconds / p.predictedSeconds, 2)} of predicted time`);
  }
  return lines;
}

/**
 * The report table with the predicted time appended: one column for people ('1.98 ms compute',
 * 'fused' for a layer run inside another's kernel, '12.83 ms (18.1%)' for a group), so a long
 * table stays about as quick to print; CSV (raw) gets seconds, the bound and the share apart.
 */
export function withLatencyColumns(table: Tabular, report: CostReport, p: LatencyPrediction, by: Grouping, depth: number, raw = false): Tabular {
  const perRow = new Map<string, number>();
  if (by !== 'layer') {
    const keys = layerGroupKeys(report, by, depth);
    report.layers.forEach((_, i) => {
      const key = keys[i];
      perRow.set(key, (perRow.get(key) ?? 0) + p.layers[i].predictedSeconds);
    });
  }
  const secondsOf = (i: number, name: string) => (by === 'layer' ? p.layers[i].predictedSeconds : perRow.get(name) ?? 0);
  const boundOf = (i: number) => (p.layers[i].fusedInto !== undefined ? 'fused' : p.layers[i].bound);
  const cells = (i: number, name: string): Cell[] => {
    const s = secondsOf(i, name);
    if (raw) return [String(s), ...(by === 'layer' ? [boundOf(i)] : []), (s / p.predictedSeconds).toFixed(6)];
    if (by !== 'layer') return [`${formatSeconds(s)} (${percent(s / p.predictedSeconds)})`];
    return [p.layers[i].fusedInto !== undefined ? 'fused' : `${formatSeconds(s)} ${p.layers[i].bound}`];
  };
  const columns: Column[] = raw
    ? [{ header: 'predictedSeconds', kind: 'number' }, ...(by === 'layer' ? [{ header: 'bound', kind: 'text' as const }] : []), { header: 'timeShare', kind: 'number' }]
    : [{ header: 'Pred. time', kind: 'number' }];
  const total: Cell[] = raw ? [String(p.predictedSeconds), ...(by === 'layer' ? [''] : []), (1).toFixed(6)] : [`${formatSeconds(p.predictedSeconds)} (100%)`];
  return {
    ...table,
    title: [...table.title, ...latencyLines(report, p)],
    columns: [...table.columns, ...columns],
    rows: table.rows.map((row, i) => [...row, ...cells(i, String(row[0]))]),
    footer: (table.footer ?? []).map((row) => [...row, ...total]),
  };
}

/**
 * Adds the predicted times to a flopscope.report/1 object. reportJson builds fresh objects, so
 * the fields are added in place rather than by copying every layer record.
 */
export function withLatencyJson(json: Record<string, unknown>, report: CostReport, p: LatencyPrediction): Record<string, unknown> {
  (json.layers as Array<Record<string, unknown>>).forEach((l, i) => {
    const layer = p.layers[i];
    l.predictedSeconds = layer.predictedSeconds;
    l.bound = layer.bound;
    if (layer.fusedInto !== undefined) l.fusedInto = layer.fusedInto;
  });
  (json.totals as Record<string, unknown>).predictedSeconds = p.predictedSeconds;
  json.device = p.device.name;
  if (p.seSeconds !== undefined) {
    json.se = { predictedSeconds: p.seSeconds, timeShare: p.seSeconds / p.predictedSeconds, flopsShare: ratio(seShare(report)?.flops ?? 0, report.totals.flops) };
  }
  return json;
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

/**
 * Adds predictedSeconds to each group row of compareGroupsJson: the sum of its layers' predicted
 * seconds (a fused layer's time is in its kernel's first layer, as in the report table).
 */
export function withLatencyGroupsJson(json: Record<string, unknown>, reports: readonly CostReport[], predictions: readonly LatencyPrediction[], by: Grouping, depth: number): Record<string, unknown> {
  const groups = (json.groups as Array<{ model: string; rows: Array<Record<string, unknown>> }>).map((g, m) => {
    const seconds = new Map<string, number>();
    const keys = layerGroupKeys(reports[m], by, depth);
    reports[m].layers.forEach((_, i) => seconds.set(keys[i], (seconds.get(keys[i]) ?? 0) + predictions[m].layers[i].predictedSeconds));
    return { ...g, rows: g.rows.map((r) => ({ ...r, predictedSeconds: seconds.get(r.name as string) ?? 0 })) };
  });
  return { ...json, groups };
}

/** For CSV: a predictedSeconds column after the exact totals, one row per model. */
export function withPredictedColumn(table: Tabular, predictions: readonly LatencyPrediction[]): Tabular {
  return {
    ...table,
    columns: [...table.columns, { header: 'predictedSeconds', kind: 'number' }],
    rows: table.rows.map((row, i) => [...row, String(predictions[i].predictedSeconds)]),
  };
}
