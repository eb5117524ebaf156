// What-if with --device: predicted time and its change against the baseline, placed right after
// the FLOPs columns so the two read side by side; the JSON gets totals.predictedSeconds and
// delta.predictedSeconds per row.
import { describeDevice, formatSeconds, formatSecondsDelta } from '../device/describe.js';
import type { Cell, Column, Tabular } from '../report/tabular.js';
import type { WhatIfLatency } from './latency.js';

export function withWhatIfLatency(table: Tabular, t: WhatIfLatency, exact = false): Tabular {
  let at = 0;
  table.columns.forEach((c, i) => { if (c.header.includes('FLOPs')) at = i + 1; });
  const added: Column[] = exact
    ? [{ header: 'predictedSeconds', kind: 'number' }, { header: 'Δ predictedSeconds', kind: 'number' }, { header: 'Δ predictedSeconds %', kind: 'number' }]
    : [{ header: 'Pred. time', kind: 'number' }, { header: 'Δ time', kind: 'text' }];
  const cells = (s: number, base: boolean): Cell[] => {
    if (exact) return [String(s), base ? '' : String(s - t.baselineSeconds), base ? '' : (((s - t.baselineSeconds) / t.baselineSeconds) * 100).toFixed(4)];
    return [formatSeconds(s), base ? '-' : formatSecondsDelta(t.baselineSeconds, s)];
  };
  const insert = (row: readonly Cell[], extra: Cell[]): Cell[] => [...row.slice(0, at), ...extra, ...row.slice(at)];
  return {
    ...table,
    title: [...table.title, describeDevice(t.device)],
    columns: [...table.columns.slice(0, at), ...added, ...table.columns.slice(at)],
    rows: table.rows.map((row, i) => insert(row, cells(t.rowSeconds[i], false))),
    footer: (table.footer ?? []).map((row) => insert(row, cells(t.baselineSeconds, true))),
  };
}

export function withWhatIfLatencyJson(json: Record<string, unknown>, t: WhatIfLatency): Record<string, unknown> {
  const baseline = json.baseline as Record<string, unknown>;
  const rows = (json.rows as Array<Record<string, unknown>>).map((r, i) => {
    const s = t.rowSeconds[i];
    return {
      ...r,
      totals: { ...(r.totals as object), predictedSeconds: s },
      delta: { ...(r.delta as object), predictedSeconds: { absolute: s - t.baselineSeconds, percent: ((s - t.baselineSeconds) / t.baselineSeconds) * 100 } },
    };
  });
  return { ...json, device: t.device.name, baseline: { ...baseline, totals: { ...(baseline.totals as object), predictedSeconds: t.baselineSeconds } }, rows };
}
