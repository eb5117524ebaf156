// The `compare` view: each model's totals side by side, with deltas against the first.
import type { CostReport } from '../cost/analyze.js';
import { dimEquals, formatShape, isSymbolic, sub, type Dim } from '../shape/dim.js';
import { floorNames, type FloorNames } from './floor-names.js';
import type { Cell, Column, Tabular } from './tabular.js';
import { delta, human, humanBytes, jsonCount } from '../units.js';
import { intensity, jsonShape, totalsJson, uncountedJson, uncountedLine } from './report-view.js';
import { VERSION } from '../version.js';
import { costRows, type Grouping } from './rows.js';
import { TOTAL_METRICS } from './total-metrics.js';


/** Short names for the floors of symbolic totals (people's tables only), or undefined when all are numbers. */
function symbolicNames(values: ReadonlyArray<Dim | undefined>): FloorNames | undefined {
  const dims = values.filter((v): v is Dim => v !== undefined);
  return dims.some(isSymbolic) ? floorNames(dims) : undefined;
}

function legendLines(names: FloorNames | undefined): string[] {
  return names?.legend.length ? names.legend.map((l, i) => `${i === 0 ? 'where' : '     '} ${l}`) : [];
}

/** A unit function that prints a symbolic value in the short names, a number in units. */
function readableUnit(names: FloorNames, unit: (v: Dim) => string): (v: Dim) => string {
  return (v) => (isSymbolic(v) ? String(names.rename(v)) : unit(v));
}

/** A symbolic difference with its sign in front: '+ 73728 * h4 * w4', or '±0'. */
function signed(text: string | number | bigint): string {
  const s = String(text);
  return s === '0' ? '±0' : s.startsWith('-') ? s : `+${s}`;
}

/** Each model's not-counted list and notes (an imported file's folded batch norms, its rebound input), one line each. */
export function modelRemarks(reports: readonly CostReport[]): string[] {
  return reports.flatMap((r) => [
    ...(r.uncounted?.length ? [`NOT COUNTED in ${r.model}: ${uncountedLine(r.uncounted)}`] : []),
    ...(r.notes ?? []).map((n) => `note (${r.model}): ${n}`),
  ]);
}

export function compareTable(reports: readonly CostReport[]): Tabular {
  const [base] = reports;
  // Symbolic totals are long sums: they wrap rather than lose terms.
  const columns: Column[] = [{ header: 'Metric', kind: 'text' }];
  reports.forEach((r, i) => {
    columns.push({ header: r.model, kind: 'text', wrap: true });
    if (i > 0) columns.push({ header: `Δ vs ${base.model}`, kind: 'text', wrap: true });
  });
  const rows: Cell[][] = [];
  // Under a convention whose FLOPs are the MACs, one row says both.
  const merged = reports.every((r) => dimEquals(r.totals.macs, r.totals.flops));
  const names = symbolicNames(reports.flatMap((r) => TOTAL_METRICS.map((m) => r.totals[m.key] as Dim | undefined)));
  for (const m of TOTAL_METRICS) {
    if (reports.some((r) => r.totals[m.key] === undefined)) continue;
    if (merged && m.key === 'flops') continue;
    const unit = names ? readableUnit(names, m.bytes ? humanBytes : human) : m.bytes ? humanBytes : human;
    const label = m.key === 'flops' ? `FLOPs (${base.convention.name})` : merged && m.key === 'macs' ? `MACs = FLOPs (${base.convention.name})` : m.label;
    const row: Cell[] = [label];
    reports.forEach((r, i) => {
      row.push(unit(r.totals[m.key] as Dim));
      const [before, after] = [base.totals[m.key] as Dim, r.totals[m.key] as Dim];
      if (i > 0) row.push(names && (isSymbolic(before) || isSymbolic(after)) ? signed(names.rename(sub(after, before))) : delta(before, after, unit));
    });
    rows.push(row);
  }
  const inputs = [...new Set(reports.map((r) => formatShape(r.input)))];
  const notes = [
    ...(inputs.length > 1 ? [`note: the inputs differ (${reports.map((r) => `${r.model} ${formatShape(r.input)}`).join(', ')}); pass --input to compare the same workload`] : []),
    ...modelRemarks(reports),
  ];
  return {
    title: [
      `compare ${reports.map((r) => r.model).join(' vs ')} · input ${inputs.join(', ')} · ${base.dtype}`,
      `FLOPs = ${base.convention.title} (convention '${base.convention.name}')`,
      ...legendLines(names),
    ],
    columns,
    rows,
    // Models from files keep their own input unless --input is given: say so when they differ.
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * For CSV: one row per model and one column per total, exact integers (no units, no deltas); a
 * notCounted column (nodes left out, `name (opType)`) and a notes column when a model has them.
 */
export function compareExactTable(reports: readonly CostReport[]): Tabular {
  const metrics = TOTAL_METRICS.filter((m) => reports.every((r) => r.totals[m.key] !== undefined));
  const uncounted = reports.some((r) => r.uncounted?.length);
  const notes = reports.some((r) => r.notes?.length);
  return {
    title: [],
    columns: [
      { header: 'model', kind: 'text' }, { header: 'input', kind: 'text' }, ...metrics.map((m) => ({ header: m.key, kind: 'count' as const })),
      ...(uncounted ? [{ header: 'notCounted', kind: 'text' as const }] : []),
      ...(notes ? [{ header: 'notes', kind: 'text' as const }] : []),
    ],
    rows: reports.map((r) => [
      r.model, formatShape(r.input), ...metrics.map((m) => r.totals[m.key] as Dim),
      ...(uncounted ? [(r.uncounted ?? []).map((u) => `${u.name} (${u.opType})`).join('; ')] : []),
      ...(notes ? [(r.notes ?? []).join('; ')] : []),
    ]),
  };
}

export function compareJson(reports: readonly CostReport[]): Record<string, unknown> {
  const [base] = reports;
  return {
    schema: 'flopscope.compare/1',
    convention: base.convention.name,
    conventionRule: base.convention.rule,
    dtype: base.dtype,
    flopscopeVersion: VERSION,
    reports: reports.map((r) => ({
      model: r.model, input: jsonShape(r.input), family: r.family ?? null, set: { ...(r.options ?? {}) }, totals: { ...totalsJson(r.totals), arithmeticIntensity: intensity(r.totals.flops, r.totals.trafficBytes) ?? null },
      uncounted: uncountedJson(r.uncounted),
      ...(r.notes?.length ? { notes: r.notes } : {}),
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
  const columns: Column[] = [{ header: by[0].toUpperCase() + by.slice(1), kind: 'text', key: by }];
  // Narrow terminals keep each model's FLOPs and the deltas; parameters go first.
  reports.forEach((r, i) => {
    columns.push({ header: `${r.model} params`, kind: 'count', key: `params-${i + 1}`, priority: 1 }, { header: `${r.model} FLOPs`, kind: 'count', key: `flops-${i + 1}`, priority: 5 });
    if (i > 0) columns.push({ header: `Δ FLOPs vs ${base.model}`, kind: exact ? 'count' : 'text', key: `delta-${i + 1}`, priority: 9 });
  });
  const floors = exact ? undefined : symbolicNames(perModel.flatMap((groups) => [...groups.values()].flatMap((g) => [g.params, g.flops])));
  const n = (d: Dim): Cell => (floors ? floors.rename(d) : d);
  // A group holding a node that is not counted says so (which model, which node).
  const notCounted = (name: string): string => reports.flatMap((r, i) => (perModel[i].get(name)?.notCounted ?? []).map((node) => `${r.model}: ${node}`)).join('; ');
  const marked = names.some((name) => notCounted(name) !== '');
  if (marked) columns.push({ header: 'Not counted', kind: 'text', key: 'not-counted', priority: 10 });
  const rows: Cell[][] = names.map((name) => {
    const row: Cell[] = [name];
    perModel.forEach((groups, i) => {
      const g = groups.get(name);
      row.push(g ? n(g.params) : '-', g ? n(g.flops) : '-');
      const before = perModel[0].get(name)?.flops ?? 0;
      const after = g?.flops ?? 0;
      if (i > 0) row.push(exact ? sub(after, before) : floors && (isSymbolic(before) || isSymbolic(after)) ? signed(floors.rename(sub(after, before))) : delta(before, after));
    });
    if (marked) row.push(notCounted(name));
    return row;
  });
  return { title: [`by ${by}${by === 'module' ? ` (depth ${depth})` : ''}`, ...legendLines(floors)], columns, rows };
}

export function compareGroupsJson(reports: readonly CostReport[], by: Grouping, depth: number): Record<string, unknown> {
  return {
    by,
    ...(by === 'module' ? { depth } : {}),
    groups: reports.map((r) => ({ model: r.model, rows: costRows(r, by, depth).map((g) => ({ name: g.name, params: jsonCount(g.params), macs: jsonCount(g.macs), flops: jsonCount(g.flops), ...(g.notCounted ? { notCounted: g.notCounted } : {}) })) })),
  };
}
