// The `report` view of one model: a table of rows (by layer, module, op or stage) and the JSON
// object of the flopscope.report/1 contract.
import type { CostReport, LayerCost, Totals } from '../cost/analyze.js';
import type { UncountedNode } from '../ir/graph.js';
import { ignoredOps } from '../cost/ignored.js';
import { formatSite } from '../errors.js';
import { add, dimEquals, formatShape, isSymbolic, type Dim, type Shape } from '../shape/dim.js';
import { floorNames, type FloorNames } from './floor-names.js';
import { costRows, standIns, type CostRow, type Grouping } from './rows.js';
import type { Cell, Column, Tabular } from './tabular.js';
import { human, humanBytes, jsonCount, percent, ratio } from '../units.js';
import { VERSION } from '../version.js';

/** The one line that lists an imported model's nodes outside the catalogue (--allow-unknown). */
export function uncountedLine(uncounted: readonly UncountedNode[]): string {
  const n = uncounted.length;
  return `${n} node${n === 1 ? '' : 's'} not counted (outside the op catalogue, --allow-unknown): ${uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}; every total leaves ${n === 1 ? 'it' : 'them'} out`;
}

export function headerLines(report: CostReport, names?: FloorNames): string[] {
  const t = report.totals;
  const readable = (d: Dim) => String(names ? names.rename(d) : d);
  const lines = [
    `${report.model} · input ${formatShape(report.input)} · ${report.dtype}`,
    `FLOPs = ${report.convention.title} (convention '${report.convention.name}')`,
    ...(report.uncounted?.length ? [`NOT COUNTED: ${uncountedLine(report.uncounted)}`] : []),
    ...(report.notes ?? []).map((n) => `note: ${n}`),
  ];
  const ignored = ignoredOps(report);
  if (ignored.length) lines.push(`not counted under '${report.convention.name}': ${ignored.map((i) => `${i.op} (${i.layers} layer${i.layers === 1 ? "" : "s"})`).join(', ')}; see flopscope ops`);
  if (isSymbolic(t.macs) || isSymbolic(t.activationElements)) {
    // Symbolic totals are long expressions: one per line instead of one summary line.
    lines.push(`params ${human(t.params)} · weights ${humanBytes(t.weightBytes)}`);
    if (names?.legend.length) lines.push(...names.legend.map((l, i) => `${i === 0 ? 'where' : '     '} ${l}`));
    lines.push(`MACs = ${readable(t.macs)}`, `FLOPs = ${readable(t.flops)}`, `activation elements = ${readable(t.activationElements)}`);
    return lines;
  }
  const se = seShare(report);
  if (se) lines.push(`SE blocks: ${human(se.params)} params (${percent(ratio(se.params, t.params))}), ${human(se.flops)} FLOPs (${percent(ratio(se.flops, t.flops), 2)}), ${se.layers} layers`);
  lines.push(
    `params ${human(t.params)} · MACs ${human(t.macs)} · FLOPs ${human(t.flops)} · activations ${humanBytes(t.activationBytes)}` +
      (t.peakActivationBytes !== undefined ? ` (peak ${humanBytes(t.peakActivationBytes)})` : '') + ` · weights ${humanBytes(t.weightBytes)}`,
  );
  return lines;
}

/** Params and FLOPs of the squeeze-and-excitation layers, or undefined when there are none. */
export function seShare(report: CostReport): { params: Dim; flops: Dim; layers: number } | undefined {
  let params: Dim = 0;
  let flops: Dim = 0;
  let layers = 0;
  for (const l of report.layers) {
    if (!l.se) continue;
    params = add(params, l.params);
    flops = add(flops, l.flops);
    layers++;
  }
  return layers ? { params, flops, layers } : undefined;
}

export interface ReportViewOptions {
  readonly by?: Grouping;
  readonly depth?: number;
  readonly showSource?: boolean;
  /**
   * Symbolic counts for people (terminal, Markdown; the default): the floor terms the layers share
   * get short names (H2 = floor((H + 1) / 2)), listed once above the table. false keeps every
   * formula whole, as CSV needs.
   */
  readonly readable?: boolean;
}

/** True when the convention's headline equals MACs in every row: one column says both. */
function flopsAreMacs(report: CostReport, rows: readonly CostRow[]): boolean {
  return dimEquals(report.totals.macs, report.totals.flops) && rows.every((r) => dimEquals(r.macs, r.flops));
}

/** One column of the report table: how it reads, how much it matters, and its cells. */
interface ReportColumn {
  readonly column: Column;
  readonly cell: (r: CostRow) => Cell;
  readonly total: Cell;
}

export function reportTable(report: CostReport, options: ReportViewOptions = {}): Tabular {
  const by = options.by ?? 'layer';
  const rows = costRows(report, by, options.depth ?? 1);
  const t = report.totals;
  const symbolic = isSymbolic(t.macs) || isSymbolic(t.activationElements);
  const names = symbolic && options.readable !== false ? floorNames(rows.flatMap((r) => [r.params, r.macs, r.flops, r.activationBytes, r.trafficBytes, ...(r.outputShape ?? []), t.macs, t.flops, t.activationElements])) : undefined;
  const n = (d: Dim): Cell => (names ? names.rename(d) : d);
  const conv = report.convention.name;
  // People read one column where two would repeat each other; CSV keeps both for scripts.
  const merged = options.readable !== false && flopsAreMacs(report, rows);
  const specs: ReportColumn[] = [
    { column: { header: by === 'layer' ? 'Layer' : by[0].toUpperCase() + by.slice(1), kind: 'text', key: by }, cell: (r) => r.name, total: 'total' },
    // By op, the row's name is the op: no column repeats it.
    ...(by === 'op' ? [] : [by === 'layer'
      // A layer standing in for a node outside the catalogue shows that node's op type (costRows).
      ? { column: { header: 'Op', kind: 'text' as const, key: 'op', priority: 6 }, cell: (r: CostRow) => r.op, total: '' }
      : { column: { header: 'Ops', kind: 'text' as const, key: 'ops', priority: 2 }, cell: (r: CostRow) => r.op, total: '' }]),
    by === 'layer'
      ? { column: { header: 'Output', kind: 'text', key: 'output', priority: 5 }, cell: (r) => (names ? names.shapeText(r.outputShape ?? []) : formatShape(r.outputShape ?? [])), total: '' }
      : { column: { header: 'Layers', kind: 'number', key: 'layers', priority: 3 }, cell: (r) => String(r.layers), total: String(report.layers.length) },
    { column: { header: 'Params', kind: 'count', key: 'params', priority: 8 }, cell: (r) => n(r.params), total: t.params },
    merged
      // Under a convention whose FLOPs are the MACs (or a model where they coincide), one column.
      ? { column: { header: `MACs = FLOPs (${conv})`, kind: 'count', key: 'macs', aliases: ['flops'] }, cell: (r) => n(r.macs), total: t.macs }
      : { column: { header: 'MACs', kind: 'count', key: 'macs', priority: 6.5 }, cell: (r) => n(r.macs), total: t.macs },
    // The headline FLOPs are never left out (no priority).
    ...(merged ? [] : [{ column: { header: `FLOPs (${conv})`, kind: 'count' as const, key: 'flops' }, cell: (r: CostRow) => n(r.flops), total: t.flops }]),
    { column: { header: 'Activations', kind: 'bytes', key: 'activations', priority: 4 }, cell: (r) => n(r.activationBytes), total: t.activationBytes },
    { column: { header: 'Traffic', kind: 'bytes', key: 'traffic', priority: 3 }, cell: (r) => n(r.trafficBytes), total: t.trafficBytes },
    // Ratios need numbers: a symbolic report has none to show.
    ...(symbolic ? [] : [
      { column: { header: 'FLOP/B', kind: 'number' as const, key: 'intensity', priority: 1 }, cell: (r: CostRow) => intensityText(r.flops, r.trafficBytes), total: intensityText(t.flops, t.trafficBytes) },
      { column: { header: 'FLOPs %', kind: 'share' as const, key: 'share', priority: 7 }, cell: (r: CostRow) => ratio(r.flops, t.flops), total: ratio(t.flops, t.flops) },
    ]),
    ...(options.showSource ? [{ column: { header: 'Source', kind: 'text' as const, key: 'source', priority: 9 }, cell: (r: CostRow) => formatSite(r.site), total: '' }] : []),
  ];
  return {
    title: headerLines(report, names),
    columns: specs.map((s) => s.column),
    rows: rows.map((r) => specs.map((s) => s.cell(r))),
    footer: symbolic ? [] : [specs.map((s) => s.total)],
  };
}

/** Arithmetic intensity: headline FLOPs per byte of memory traffic. */
export function intensity(flops: Dim, trafficBytes: Dim): number | undefined {
  const r = ratio(flops, trafficBytes);
  return Number.isFinite(r) ? Math.round(r * 1000) / 1000 : undefined;
}

function intensityText(flops: Dim, trafficBytes: Dim): string {
  const r = intensity(flops, trafficBytes);
  return r === undefined ? '-' : r.toFixed(2);
}

/** A shape in JSON: numbers, and symbols or expressions as strings. */
export function jsonShape(s: Shape): (number | string)[] {
  return s.map((d) => jsonCount(d));
}

export function totalsJson(t: Totals): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(t)) if (v !== undefined) out[k] = jsonCount(v as Dim);
  return out;
}

function layerJson(l: LayerCost, standIn: { node: string; opType: string } | undefined): Record<string, unknown> {
  return {
    name: l.name,
    // A stand-in for a node outside the catalogue: the file's op type and node, and counted as nothing.
    ...(standIn ? { op: standIn.opType, uncounted: true, onnxNode: standIn.node } : { op: l.op }),
    stage: l.stage,
    ...(l.tags.length ? { tags: l.tags } : {}),
    inputShapes: l.inputShapes.map(jsonShape),
    outputShape: jsonShape(l.outputShape),
    params: jsonCount(l.params),
    buffers: jsonCount(l.buffers),
    macs: jsonCount(l.macs),
    flops: jsonCount(l.flops),
    add: jsonCount(l.work.add),
    mul: jsonCount(l.work.mul),
    cmp: jsonCount(l.work.cmp),
    div: jsonCount(l.work.div),
    exp: jsonCount(l.work.exp),
    arithmetic: l.arithmetic,
    activationElements: jsonCount(l.activationElements),
    activationBytes: jsonCount(l.activationBytes),
    weightReadBytes: jsonCount(l.weightReadBytes),
    trafficBytes: jsonCount(l.trafficBytes),
    arithmeticIntensity: intensity(l.flops, l.trafficBytes) ?? null,
    ...(l.site ? { source: formatSite(l.site) } : {}),
  };
}

/**
 * How a report was made, so a JSON file can be reproduced: the family, every option in force
 * (what `--set` would have to say) and the flopscope version. `family` is null for a graph that
 * did not come from an architecture.
 */
export function madeJson(report: CostReport): { family: string | null; set: Record<string, unknown>; flopscopeVersion: string } {
  return { family: report.family ?? null, set: { ...(report.options ?? {}) }, flopscopeVersion: VERSION };
}

export function conventionJson(report: CostReport): Record<string, string> {
  return { convention: report.convention.name, conventionRule: report.convention.rule };
}

/** The not-counted list of JSON: each node's name in the file, op type, and the layers standing in for it. */
export function uncountedJson(uncounted: readonly UncountedNode[] | undefined): Record<string, unknown>[] {
  return (uncounted ?? []).map((u) => ({ name: u.name, opType: u.opType, layers: [...u.layers] }));
}

/** The flopscope.report/1 object. */
export function reportJson(report: CostReport): Record<string, unknown> {
  const stand = standIns(report);
  return {
    schema: 'flopscope.report/1',
    model: report.model,
    input: jsonShape(report.input),
    dtype: report.dtype,
    ...conventionJson(report),
    ...madeJson(report),
    totals: { ...totalsJson(report.totals), arithmeticIntensity: intensity(report.totals.flops, report.totals.trafficBytes) ?? null },
    ignored: ignoredOps(report).map((i) => ({ op: i.op, layers: i.layers, operations: jsonCount(i.operations) })),
    uncounted: uncountedJson(report.uncounted),
    ...(report.notes?.length ? { notes: report.notes } : {}),
    layers: report.layers.map((l) => layerJson(l, stand.get(l.name))),
  };
}
