// The `whatif` view: one row per configuration (option values, totals, deltas against the
// baseline) as a table, and the flopscope.whatif/1 JSON object.
import type { Totals } from '../cost/analyze.js';
import { intensity, totalsJson, jsonShape, uncountedJson, uncountedLine } from '../report/report-view.js';
import type { Cell, Column, Tabular } from '../report/tabular.js';
import { delta as deltaText, human, humanBytes, jsonCount } from '../units.js';
import { dimEquals, formatShape, type Dim } from '../shape/dim.js';
import type { Delta, TotalsDelta } from './delta.js';
import { INPUT_KEY } from './sweep.js';
import { optionValueText } from '../report/option-value.js';
import type { WhatIfResult, WhatIfRow } from './what-if.js';
import { VERSION } from '../version.js';

const METRICS: ReadonlyArray<{ key: keyof Totals; label: string; bytes?: boolean }> = [
  { key: 'params', label: 'Params' },
  { key: 'macs', label: 'MACs' },
  { key: 'flops', label: 'FLOPs' },
  { key: 'activationBytes', label: 'Activations', bytes: true },
];

/** The option columns: the swept keys, else the fixed ones, else one placeholder. */
function labelKeys(result: WhatIfResult): string[] {
  if (result.sweptKeys.length) return [...result.sweptKeys];
  const fixed = Object.keys(result.fixed);
  return fixed.length ? fixed : ['configuration'];
}

function labelCells(result: WhatIfResult, row: WhatIfRow, keys: readonly string[]): string[] {
  return keys.map((k) => (k === 'configuration' && !(k in row.set) ? `${result.model} (own options)` : optionValueText(row.set[k])));
}

function metricLabel(result: WhatIfResult, m: (typeof METRICS)[number]): string {
  return m.key === 'flops' ? `FLOPs (${result.convention.name})` : m.label;
}

export function whatIfTitle(result: WhatIfResult): string[] {
  const b = result.baseline;
  const unfixed = Object.entries(result.fixed).filter(([k]) => !labelKeys(result).includes(k));
  const swept = result.sweptKeys.includes(INPUT_KEY) ? '' : ` · input ${formatShape(b.input)}`;
  return [
    `whatif ${result.model} · ${result.rows.length} configuration${result.rows.length === 1 ? '' : 's'}${swept} · ${result.dtype}` +
      (unfixed.length ? ` · with ${unfixed.map(([k, v]) => `${k}=${optionValueText(v)}`).join(' ')}` : ''),
    `FLOPs = ${result.convention.title} (convention '${result.convention.name}')`,
    `baseline ${b.model} at ${formatShape(b.input)}: params ${human(b.totals.params)} · MACs ${human(b.totals.macs)} · FLOPs ${human(b.totals.flops)} · activations ${humanBytes(b.totals.activationBytes)}`,
    ...(result.uncounted?.length ? [`NOT COUNTED in ${result.model}: ${uncountedLine(result.uncounted)}`] : []),
    ...(b.uncounted?.length && b.model !== result.model ? [`NOT COUNTED in ${b.model}: ${uncountedLine(b.uncounted)}`] : []),
  ];
}

/**
 * The table. For people (terminal, Markdown) each metric has a value and a Δ column such as
 * '+2.53 M (+9.9%)'; with `exact` (CSV) the Δ is split into an exact integer and a percent.
 */
export function whatIfTable(result: WhatIfResult, options: { exact?: boolean } = {}): Tabular {
  const keys = labelKeys(result);
  const columns: Column[] = keys.map((k) => ({ header: k, kind: 'text' }));
  // For people, one MACs column when the convention's FLOPs are the MACs in every row (CSV keeps both).
  const merged = !options.exact && [result.baseline.totals, ...result.rows.map((r) => r.totals)].every((t) => dimEquals(t.macs, t.flops));
  const metrics = METRICS.filter((m) => !(merged && m.key === 'flops'));
  for (const m of metrics) {
    const label = merged && m.key === 'macs' ? `MACs = FLOPs (${result.convention.name})` : metricLabel(result, m);
    // The headline FLOPs are never left out (no priority); the others go least important first.
    const headline = m.key === 'flops' || (merged && m.key === 'macs');
    const priority = headline ? 10 : m.key === 'params' ? 8 : m.key === 'macs' ? 6 : 4;
    const key = m.label.toLowerCase();
    columns.push({ header: label, kind: m.bytes ? 'bytes' : 'count', key, ...(headline ? {} : { priority }) });
    if (options.exact) columns.push({ header: `Δ ${label}`, kind: 'count' }, { header: `Δ ${label} %`, kind: 'text' });
    else columns.push({ header: `Δ ${label}`, kind: 'text', key: `delta-${key}`, priority: priority - 1 });
  }
  const base = result.baseline.totals;
  const metricCells = (totals: Totals, d: TotalsDelta | undefined): Cell[] =>
    metrics.flatMap((m) => {
      const value = totals[m.key] as Dim;
      const change: Delta | undefined = d?.[m.key];
      if (options.exact) return [value, change ? change.absolute : '', change?.percent !== undefined ? change.percent.toFixed(4) : ''];
      return [value, d ? deltaText(base[m.key] as Dim, value, m.bytes ? humanBytes : human) : '-'];
    });
  const rows = result.rows.map((r) => [...labelCells(result, r, keys), ...metricCells(r.totals, r.delta)]);
  const baselineLabel = [`baseline: ${result.baseline.model}`, ...keys.slice(1).map(() => '')];
  return { title: whatIfTitle(result), columns, rows, footer: [[...baselineLabel, ...metricCells(base, undefined)]] };
}

function deltaJson(d: TotalsDelta): Record<string, { absolute: number | string; percent: number | null }> {
  const out: Record<string, { absolute: number | string; percent: number | null }> = {};
  for (const [k, v] of Object.entries(d)) if (v) out[k] = { absolute: jsonCount(v.absolute), percent: v.percent ?? null };
  return out;
}

/** Totals exactly as `report --format json` prints them. */
function reportTotalsJson(t: Totals): Record<string, number | string | null> {
  return { ...totalsJson(t), arithmeticIntensity: intensity(t.flops, t.trafficBytes) ?? null };
}

/** The flopscope.whatif/1 object. */
export function whatIfJson(result: WhatIfResult): Record<string, unknown> {
  const b = result.baseline;
  return {
    schema: 'flopscope.whatif/1',
    model: result.model,
    convention: result.convention.name,
    conventionRule: result.convention.rule,
    dtype: result.dtype,
    swept: result.sweptKeys,
    fixed: result.fixed,
    family: result.family,
    set: { ...result.options },
    flopscopeVersion: VERSION,
    uncounted: uncountedJson(result.uncounted),
    baseline: { model: b.model, input: jsonShape(b.input), family: b.family ?? null, set: { ...(b.options ?? {}) }, totals: reportTotalsJson(b.totals), uncounted: uncountedJson(b.uncounted) },
    rows: result.rows.map((r) => ({
      set: r.set,
      input: jsonShape(r.input),
      totals: reportTotalsJson(r.totals),
      delta: deltaJson(r.delta),
    })),
  };
}
