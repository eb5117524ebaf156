// The five quantities a budget can limit, where their totals and per-layer parts come from.
import type { CostReport, LayerCost } from '../cost/analyze.js';
import { dtypeBytes } from '../cost/dtype.js';
import { FlopscopeError } from '../errors.js';
import { formatShape, mul, type Dim } from '../shape/dim.js';
import { Poly } from '../shape/expr.js';

export const METRICS = ['macs', 'flops', 'params', 'activationBytes', 'weightBytes'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABEL: Readonly<Record<Metric, string>> = {
  macs: 'MACs',
  flops: 'FLOPs',
  params: 'params',
  activationBytes: 'activations',
  weightBytes: 'weights',
};

export const METRIC_IS_BYTES: Readonly<Record<Metric, boolean>> = {
  macs: false,
  flops: false,
  params: false,
  activationBytes: true,
  weightBytes: true,
};

function exactCount(value: Dim, what: string, report: CostReport): bigint {
  if (value instanceof Poly) {
    throw new FlopscopeError('bad-input-shape', `${what} of ${report.model} is symbolic (${value.toString()}) for input ${formatShape(report.input)}; a budget needs a concrete input such as 1x3x224x224`);
  }
  return BigInt(value);
}

export function metricTotal(report: CostReport, metric: Metric): bigint {
  return exactCount(report.totals[metric], METRIC_LABEL[metric], report);
}

/** The layer's part of a metric's total (weights: the parameters the layer owns, in bytes). */
export function metricOfLayer(layer: LayerCost, metric: Metric, report: CostReport): bigint {
  const value = metric === 'weightBytes' ? mul(layer.params, dtypeBytes(report.dtype)) : layer[metric];
  return exactCount(value, METRIC_LABEL[metric], report);
}

export function allMetrics(report: CostReport): Record<Metric, bigint> {
  const out = {} as Record<Metric, bigint>;
  for (const m of METRICS) out[m] = metricTotal(report, m);
  return out;
}
