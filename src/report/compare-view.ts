// The `compare` view: each model's totals side by side, with deltas against the first.
import type { CostReport, Totals } from '../cost/analyze.js';
import { formatShape, type Dim } from '../shape/dim.js';
import type { Cell, Column, Tabular } from './tabular.js';
import { delta, human, humanBytes, jsonCount } from './units.js';
import { totalsJson } from './report-view.js';

const METRICS: ReadonlyArray<{ key: keyof Totals; label: string; bytes?: boolean }> = [
  { key: 'params', label: 'Params' },
  { key: 'macs', label: 'MACs' },
  { key: 'flops', label: 'FLOPs' },
  { key: 'activationElements', label: 'Activations' },
  { key: 'peakActivationBytes', label: 'Peak activations', bytes: true },
  { key: 'weightBytes', label: 'Weights', bytes: true },
  { key: 'trafficBytes', label: 'Memory traffic', bytes: true },
];

export function compareTable(reports: readonly CostReport[]): Tabular {
  const [base] = reports;
  const columns: Column[] = [{ header: 'Metric', kind: 'text' }];
  reports.forEach((r, i) => {
    columns.push({ header: r.model, kind: 'text' });
    if (i > 0) columns.push({ header: `Δ vs ${base.model}`, kind: 'text' });
  });
  const rows: Cell[][] = [];
  for (const m of METRICS) {
    if (reports.some((r) => r.totals[m.key] === undefined)) continue;
    const unit = m.bytes ? humanBytes : human;
    const row: Cell[] = [m.key === 'flops' ? `FLOPs (${base.convention.name})` : m.label];
    reports.forEach((r, i) => {
      row.push(unit(r.totals[m.key] as Dim));
      if (i > 0) row.push(delta(base.totals[m.key] as Dim, r.totals[m.key] as Dim, unit));
    });
    rows.push(row);
  }
  const inputs = [...new Set(reports.map((r) => formatShape(r.input)))].join(', ');
  return {
    title: [
      `compare ${reports.map((r) => r.model).join(' vs ')} · input ${inputs} · ${base.dtype}`,
      `FLOPs = ${base.convention.title} (convention '${base.convention.name}')`,
    ],
    columns,
    rows,
  };
}

export function compareJson(reports: readonly CostReport[]): Record<string, unknown> {
  const [base] = reports;
  return {
    schema: 'flopscope.compare/1',
    convention: base.convention.name,
    conventionRule: base.convention.rule,
    dtype: base.dtype,
    reports: reports.map((r) => ({ model: r.model, input: r.input.map((d) => jsonCount(d)), totals: totalsJson(r.totals) })),
  };
}
