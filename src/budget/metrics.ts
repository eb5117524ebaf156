// The five quantities a budget can limit, where their totals and per-layer parts come from.
import type { CostReport, LayerCost } from '../cost/analyze.js';
import { dtypeBytes } from '../cost/dtype.js';
import { FlopscopeError } from '../errors.js';
import { formatShape, mul, type Dim } from '../shape/dim.js';
import { Poly } from '../shape/expr.js';
import { formatNanoseconds } from './duration.js';
import { inUnit, unitFor } from './size.js';

/** latency is the time predicted on the budget's device, in nanoseconds; the others are counts. */
export const METRICS = ['macs', 'flops', 'params', 'activationBytes', 'weightBytes', 'latency'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABEL: Readonly<Record<Metric, string>> = {
  macs: 'MACs',
  flops: 'FLOPs',
  params: 'params',
  activationBytes: 'activations',
  weightBytes: 'weights',
  latency: 'latency',
};

export const METRIC_IS_BYTES: Readonly<Record<Metric, boolean>> = {
  macs: false,
  flops: false,
  params: false,
  activationBytes: true,
  weightBytes: true,
  latency: false,
};

/** A metric's value for people: '4.09 G', '120.00 MB', '12.34 ms'; `scale` picks the unit (a limit's, so both read alike). */
export function metricText(metric: Metric, value: bigint, scale: bigint = value): string {
  return metric === 'latency' ? formatNanoseconds(value) : inUnit(value, unitFor(scale), METRIC_IS_BYTES[metric]);
}

function exactCount(value: Dim, what: string, report: CostReport): bigint {
  if (value instanceof Poly) {
    throw new FlopscopeError('bad-input-shape', `${what} of ${report.model} is symbolic (${value.toString()}) for input ${formatShape(report.input)}; a budget needs a concrete input such as 1x3x224x224`);
  }
  return BigInt(value);
}

type CountMetric = Exclude<Metric, 'latency'>;

function metricTotal(report: CostReport, metric: CountMetric): bigint {
  return exactCount(report.totals[metric], METRIC_LABEL[metric], report);
}

/** The layer's part of a metric's total (weights: the parameters the layer owns, in bytes). */
export function metricOfLayer(layer: LayerCost, metric: CountMetric, report: CostReport): bigint {
  const value = metric === 'weightBytes' ? mul(layer.params, dtypeBytes(report.dtype)) : layer[metric];
  return exactCount(value, METRIC_LABEL[metric], report);
}

/** Every count of the report, and the predicted latency when the budget has a device. */
export function allMetrics(report: CostReport, latencyNs?: bigint): Partial<Record<Metric, bigint>> {
  const out: Partial<Record<Metric, bigint>> = {};
  for (const m of METRICS) if (m !== 'latency') out[m] = metricTotal(report, m);
  if (latencyNs !== undefined) out.latency = latencyNs;
  return out;
}
