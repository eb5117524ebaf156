// What changed since the baseline, layer by layer: the baseline keeps each layer's part of the
// metrics a budget constrains, so a budget that fails can name the layers whose cost grew most
// (the likely cause) rather than only the largest ones (which may not have changed at all).
import type { CostReport } from '../cost/analyze.js';
import type { SourceSite } from '../errors.js';
import { METRICS, type Metric } from './metrics.js';

/** Per metric, each layer's value; layers at zero are left out (a missing layer counts as zero). */
export type LayerValues = Readonly<Partial<Record<Metric, ReadonlyMap<string, bigint>>>>;

/** A layer's part of a metric, by the layer's index in the report. */
export type LayerMetric = (index: number, metric: Metric) => bigint;

export function layerValues(report: CostReport, metrics: readonly Metric[], valueOf: LayerMetric): LayerValues {
  const out: Partial<Record<Metric, Map<string, bigint>>> = {};
  for (const m of metrics) {
    const values = new Map<string, bigint>();
    report.layers.forEach((l, i) => {
      const v = valueOf(i, m);
      if (v !== 0n) values.set(l.name, (values.get(l.name) ?? 0n) + v);
    });
    out[m] = values;
  }
  return out;
}

export interface GrownLayer {
  readonly name: string;
  readonly op: string;
  readonly metric: Metric;
  readonly value: bigint;
  /** The layer's value in the baseline (0 for a layer that is new). */
  readonly base: bigint;
  readonly growth: bigint;
  readonly site?: SourceSite;
}

/** The layers whose `metric` grew most since the baseline, largest growth first (ties: network order); `now` is the metric's layerValues. */
export function grownLayers(report: CostReport, metric: Metric, now: ReadonlyMap<string, bigint>, base: ReadonlyMap<string, bigint>, count = 3): GrownLayer[] {
  const first = new Map<string, number>();
  report.layers.forEach((l, i) => first.has(l.name) || first.set(l.name, i));
  const grown: GrownLayer[] = [];
  for (const [name, value] of now) {
    const before = base.get(name) ?? 0n;
    if (value <= before) continue;
    const l = report.layers[first.get(name)!];
    grown.push({ name, op: l.op, metric, value, base: before, growth: value - before, ...(l.site ? { site: l.site } : {}) });
  }
  grown.sort((a, b) => (a.growth === b.growth ? first.get(a.name)! - first.get(b.name)! : a.growth > b.growth ? -1 : 1));
  return grown.slice(0, count);
}

/** Baseline JSON: { metric: { layer: count } }, counts as numbers up to 2^53 and strings beyond. */
export function layerValuesJson(values: LayerValues): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {};
  for (const [metric, layers] of Object.entries(values) as Array<[Metric, ReadonlyMap<string, bigint>]>) {
    const entry: Record<string, number | string> = {};
    for (const [name, v] of layers) entry[name] = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    out[metric] = entry;
  }
  return out;
}

/** The `layers` of a baseline entry, or why it is not one. */
export function parseLayerValues(raw: unknown): LayerValues | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `expected { "<metric>": { "<layer>": count } }, received ${JSON.stringify(raw)}`;
  const out: Partial<Record<Metric, Map<string, bigint>>> = {};
  for (const [metric, layers] of Object.entries(raw)) {
    if (!(METRICS as readonly string[]).includes(metric)) return `unknown metric ${JSON.stringify(metric)} (metrics: ${METRICS.join(', ')})`;
    if (typeof layers !== 'object' || layers === null || Array.isArray(layers)) return `"${metric}": expected { "<layer>": count }`;
    const values = new Map<string, bigint>();
    for (const [name, v] of Object.entries(layers as Record<string, unknown>)) {
      const n = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : undefined;
      if (n === undefined) return `"${metric}"."${name}": expected a whole number, received ${JSON.stringify(v)}`;
      values.set(name, n);
    }
    out[metric as Metric] = values;
  }
  return out;
}
