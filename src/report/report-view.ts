// The `report` view of one model: a table of rows (by layer, module, op or stage) and the JSON
// object of the flopscope.report/1 contract.
import type { CostReport, LayerCost, Totals } from '../cost/analyze.js';
import type { UncountedNode } from '../ir/graph.js';
import { ignoredOps } from '../cost/ignored.js';
import { formatSite } from '../errors.js';
import { add, formatShape, isSymbolic, type Dim, type Shape } from '../shape/dim.js';
import { costRows, type Grouping } from './rows.js';
import type { Cell, Column, Tabular } from './tabular.js';
import { human, humanBytes, jsonCount, percent, ratio } from '../units.js';

/** The one line that lists an imported model's nodes outside the catalogue (--allow-unknown). */
export function uncountedLine(uncounted: readonly UncountedNode[]): string {
  const n = uncounted.length;
  return `${n} node${n === 1 ? '' : 's'} not counted (outside the op catalogue, --allow-unknown): ${uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}; every total leaves ${n === 1 ? 'it' : 'them'} out`;
}

export function headerLines(report: CostReport): string[] {
  const t = report.totals;
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
    lines.push(`MACs = ${String(t.macs)}`, `FLOPs = ${String(t.flops)}`, `activation elements = ${String(t.activationElements)}`);
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
}

export function reportTable(report: CostReport, options: ReportViewOptions = {}): Tabular {
  const by = options.by ?? 'layer';
  const rows = costRows(report, by, options.depth ?? 1);
  const columns: Column[] = [
    { header: by === 'layer' ? 'Layer' : by[0].toUpperCase() + by.slice(1), kind: 'text' },
    { header: by === 'layer' ? 'Op' : 'Ops', kind: 'text' },
    ...(by === 'layer' ? [{ header: 'Output', kind: 'text' as const }] : [{ header: 'Layers', kind: 'text' as const }]),
    { header: 'Params', kind: 'count' },
    { header: 'MACs', kind: 'count' },
    { header: `FLOPs (${report.convention.name})`, kind: 'count' },
    { header: 'Activations', kind: 'bytes' },
    { header: 'Traffic', kind: 'bytes' },
    { header: 'FLOP/B', kind: 'number' },
    { header: 'FLOPs %', kind: 'share' },
    ...(options.showSource ? [{ header: 'Source', kind: 'text' as const }] : []),
  ];
  const total = report.totals.flops;
  // A layer standing in for a node outside the catalogue shows that node's op type.
  const uncounted = new Map((report.uncounted ?? []).map((u) => [u.name, `${u.opType} (not counted)`]));
  const body: Cell[][] = rows.map((r) => [
    r.name,
    (by === 'layer' && uncounted.get(r.name)) || r.op,
    by === 'layer' ? formatShape(r.outputShape ?? []) : String(r.layers),
    r.params,
    r.macs,
    r.flops,
    r.activationBytes,
    r.trafficBytes,
    intensityText(r.flops, r.trafficBytes),
    ratio(r.flops, total),
    ...(options.showSource ? [formatSite(r.site)] : []),
  ]);
  const t = report.totals;
  const symbolic = isSymbolic(t.macs) || isSymbolic(t.activationElements);
  const footer: Cell[][] = symbolic ? [] : [[
    'total', '', by === 'layer' ? '' : String(report.layers.length), t.params, t.macs, t.flops, t.activationBytes, t.trafficBytes, intensityText(t.flops, t.trafficBytes), ratio(t.flops, t.flops),
    ...(options.showSource ? [''] : []),
  ]];
  return { title: headerLines(report), columns, rows: body, footer };
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

function layerJson(l: LayerCost): Record<string, unknown> {
  return {
    name: l.name,
    op: l.op,
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

export function conventionJson(report: CostReport): Record<string, string> {
  return { convention: report.convention.name, conventionRule: report.convention.rule };
}

/** The flopscope.report/1 object. */
export function reportJson(report: CostReport): Record<string, unknown> {
  return {
    schema: 'flopscope.report/1',
    model: report.model,
    input: jsonShape(report.input),
    dtype: report.dtype,
    ...conventionJson(report),
    totals: { ...totalsJson(report.totals), arithmeticIntensity: intensity(report.totals.flops, report.totals.trafficBytes) ?? null },
    ignored: ignoredOps(report).map((i) => ({ op: i.op, layers: i.layers, operations: jsonCount(i.operations) })),
    uncounted: (report.uncounted ?? []).map((u) => ({ name: u.name, opType: u.opType })),
    ...(report.notes?.length ? { notes: report.notes } : {}),
    layers: report.layers.map(layerJson),
  };
}
