// The `compare` view: each model's totals side by side, with deltas against the first.
import type { CostReport, Totals } from '../cost/analyze.js';
import { formatShape, sub, type Dim } from '../shape/dim.js';
import type { Cell, Column, Tabular } from './tabular.js';
import { delta, human, humanBytes, jsonCount } from '../units.js';
import { intensity, jsonShape, totalsJson, uncountedLine } from './report-view.js';
import { costRows, type Grouping } from './rows.js';

const METRICS: ReadonlyArray<{ key: keyof Totals; label: string; bytes?: boolean }> = [
  { key: 'params', label: 'Params' },
  { key: 'macs', label: 'MACs' },
  { key: 'flops', label: 'FLOPs' },
  { key: 'activationBytes', label: 'Activations', bytes: true },
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
  const inputs = [...new Set(reports.map((r) => formatShape(r.input)))];
  const notes = [
    ...(inputs.length > 1 ? [`note: the inputs differ (${reports.map((r) => `${r.model} ${formatShape(r.input)}`).join(', ')}); pass --input to compare the same workload`] : []),
    ...reports.filter((r) => r.uncounted?.length).map((r) => `NOT COUNTED in ${r.model}: ${uncountedLine(r.uncounted!)}`),
  ];
  return {
    title: [
      `compare ${reports.map((r) => r.model).join(' vs ')} · input ${inputs.join(', ')} · ${base.dtype}`,
      `FLOPs = ${base.convention.title} (convention '${base.convention.name}')`,
    ],
    columns,
    rows,
    // Models from files keep their own input unless --input is given: say so when they differ.
    ...(notes.length ? { notes } : {}),
  };
}

/** For CSV: one row per model and one column per total, exact integers (no units, no deltas). */
export function compareExactTable(reports: readonly CostReport[]): Tabular {
  const metrics = METRICS.filter((m) => reports.every((r) => r.totals[m.key] !== undefined));
  return {
    title: [],
    columns: [{ header: 'model', kind: 'text' }, { header: 'input', kind: 'text' }, ...metrics.map((m) => ({ header: m.key, kind: 'count' as const }))],
    rows: reports.map((r) => [r.model, formatShape(r.input), ...metrics.map((m) => r.totals[m.key] as Dim)]),
  };
}

export function compareJson(reports: readonly CostReport[]): Record<string, unknown> {
  const [base] = reports;
  return {
    schema: 'flopscope.compare/1',
    convention: base.convention.name,
    conventionRule: base.convention.rule,
    dtype: base.dtype,
    reports: reports.map((r) => ({
      model: r.model, input: jsonShape(r.input), totals: { ...totalsJson(r.totals), arithmeticIntensity: intensity(r.totals.flops, r.totals.trafficBytes) ?? null },
      ...(r.uncounted?.length ? { uncounted: r.uncounted.map((u) => ({ name: u.name, opType: u.opType })) } : {}),
    })),
  };
}

/** Params and FLOPs per group (layer, module, op or stage) of every model, side by side. */
export function compareGroupsTable(reports: readonly CostReport[], by: Grouping, depth: number, exact = false): Tabular {
  const [base] = reports;
  const perModel = reports.map((r) => new Map(costRows(r, by, depth).map((row) => [row.name, row])));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const rows of perModel) for (const name of rows.keys()) if (!seen.has(name)) seen.add(name), names.push(name);
  const columns: Column[] = [{ header: by[0].toUpperCase() + by.slice(1), kind: 'text' }];
  reports.forEach((r, i) => {
    columns.push({ header: `${r.model} params`, kind: 'count' }, { header: `${r.model} FLOPs`, kind: 'count' });
    if (i > 0) columns.push({ header: `Δ FLOPs vs ${base.model}`, kind: exact ? 'count' : 'text' });
  });
  const rows: Cell[][] = names.map((name) => {
    const row: Cell[] = [name];
    perModel.forEach((groups, i) => {
      const g = groups.get(name);
      row.push(g ? g.params : '-', g ? g.flops : '-');
      const before = perModel[0].get(name)?.flops ?? 0;
      const after = g?.flops ?? 0;
      if (i > 0) row.push(exact ? sub(after, before) : delta(before, after));
    });
    return row;
  });
  return { title: [`by ${by}${by === 'module' ? ` (depth ${depth})` : ''}`], columns, rows };
}

export function compareGroupsJson(reports: readonly CostReport[], by: Grouping, depth: number): Record<string, unknown> {
  return {
    by,
    ...(by === 'module' ? { depth } : {}),
    groups: reports.map((r) => ({ model: r.model, rows: costRows(r, by, depth).map((g) => ({ name: g.name, params: jsonCount(g.params), macs: jsonCount(g.macs), flops: jsonCount(g.flops) })) })),
  };
}
