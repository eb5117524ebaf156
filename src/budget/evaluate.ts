// Evaluates budgets: builds each model, compares its totals with the limits and, given a
// baseline, its growth with maxIncrease; for a budget that is not met, finds the layers that
// contribute most and where they are written.
import { analyze, type CostReport } from '../cost/analyze.js';
import type { UncountedNode } from '../ir/graph.js';
import type { SourceSite } from '../errors.js';
import { asFlopscopeError, thrownText } from '../load/load-error.js';
import { isOnnxFile, parseModelRef } from '../load/ref.js';
import { buildArchitecture } from '../zoo.js';
import { measuredElsewhere, type Baseline, type BaselineEntry } from './baseline.js';
import { formatShape } from '../shape/dim.js';
import type { Budget, BudgetConfig } from './config.js';
import { grownLayers, layerValues, type GrownLayer, type LayerMetric, type LayerValues } from './growth.js';
import { predictLatency, type LatencyPrediction } from '../device/roofline.js';
import { loadDeviceProfile } from '../device/profile.js';
import { deviceIdentity } from './device-identity.js';
import { displayPath } from '../paths.js';
import { allMetrics, METRIC_LABEL, METRICS, metricOfLayer, metricText, type Metric } from './metrics.js';
import { signedPercent, withinIncrease, type Increase } from './size.js';

export type Status = 'pass' | 'warn' | 'fail' | 'error';

/** Predicted seconds as whole nanoseconds, the unit of a latency budget. */
function nanoseconds(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e9));
}

export interface CheckOutcome {
  readonly metric: Metric;
  readonly kind: 'limit' | 'maxIncrease';
  readonly value: bigint;
  readonly limit?: bigint;
  readonly base?: bigint;
  readonly allowed?: Increase;
  readonly passed: boolean;
  readonly message: string;
}

export interface TopLayer {
  readonly name: string;
  readonly op: string;
  readonly metric: Metric;
  readonly value: bigint;
  /** Fraction of the model's total. */
  readonly share: number;
  readonly site?: SourceSite;
}

export interface BudgetResult {
  readonly budget: Budget;
  readonly status: Status;
  /** Every count, and latency (nanoseconds) when the budget has a device. */
  readonly values?: Readonly<Partial<Record<Metric, bigint>>>;
  readonly base?: BaselineEntry;
  readonly checks: readonly CheckOutcome[];
  /** For a budget not met: the largest layers of each failing metric. */
  readonly top: readonly TopLayer[];
  /**
   * For a budget not met, against a baseline that kept its layers: the layers of each failing
   * metric whose value grew most since the baseline.
   */
  readonly grew: readonly GrownLayer[];
  /** Each layer's part of the metrics the budget constrains (what --update-baseline keeps). */
  readonly layers?: LayerValues;
  /** Where the model is defined: its export in a user file (else the budget in the config). */
  readonly definition?: SourceSite;
  readonly error?: string;
  /** The input the values were measured on, e.g. '1x3x224x224'. */
  readonly input?: string;
  /** Set when the baseline entry was measured on another model, input, convention, dtype or device (maxIncrease then is not applied). */
  readonly baselineNote?: string;
  /** The device profile latency was predicted on (deviceIdentity), when the budget has one. */
  readonly device?: string;
  /** Nodes of an imported model the values leave out ("allowUnknown"). */
  readonly uncounted?: readonly UncountedNode[];
}

/** The metrics a budget constrains: a limit or an allowed increase. */
function constrainedMetrics(budget: Budget): Metric[] {
  return METRICS.filter((m) => budget.limits[m] !== undefined || budget.maxIncrease[m] !== undefined);
}

export interface EvaluateOptions {
  readonly baseline?: Baseline;
  /** Apply maxIncrease (off while a new baseline is being accepted). */
  readonly applyIncrease: boolean;
  readonly cwd: string;
}

export function limitMessage(metric: Metric, value: bigint, limit: bigint): string {
  const t = (v: bigint) => metricText(metric, v, limit);
  if (value <= limit) return `${METRIC_LABEL[metric]} ${t(value)} within the ${t(limit)} budget`;
  return `${METRIC_LABEL[metric]} ${t(value)} exceed${metric === 'latency' ? 's' : ''} the ${t(limit)} budget by ${t(value - limit)} (${signedPercent(value - limit, limit)})`;
}

export function increaseMessage(metric: Metric, base: bigint, value: bigint, allowed: Increase, passed: boolean): string {
  const t = (v: bigint) => metricText(metric, v, base > value ? base : value);
  const change = `${METRIC_LABEL[metric]} ${t(base)} -> ${t(value)} since the baseline (${signedPercent(value - base, base)})`;
  return passed ? `${change}, within the allowed +${allowed.text}` : `${change}, more than the allowed +${allowed.text}`;
}

/** A layer's part of a metric: its count, or its predicted time in nanoseconds. */
function layerMetric(report: CostReport, latency: LatencyPrediction | undefined): LayerMetric {
  return (i, metric) => (metric === 'latency' ? nanoseconds(latency?.layers[i].predictedSeconds ?? 0) : metricOfLayer(report.layers[i], metric, report));
}

function topLayers(report: CostReport, metric: Metric, total: bigint, valueOf: LayerMetric, count = 3): TopLayer[] {
  return report.layers
    .map((l, i) => ({ l, i, v: valueOf(i, metric) }))
    .filter((x) => x.v > 0n)
    .sort((a, b) => (a.v === b.v ? a.i - b.i : a.v > b.v ? -1 : 1))
    .slice(0, count)
    .map(({ l, v }) => ({ name: l.name, op: l.op, metric, value: v, share: total === 0n ? 0 : Number(v) / Number(total), ...(l.site ? { site: l.site } : {}) }));
}

async function analyzeBudget(budget: Budget, config: BudgetConfig, cwd: string): Promise<{ report: CostReport; latency?: LatencyPrediction; device?: string }> {
  // The file loader (jiti and what it brings) is loaded only when a budget is evaluated.
  const { loadArchitecture } = await import('../load/index.js');
  const arch = await loadArchitecture(budget.model, config.baseDir, cwd, budget.allowUnknown ? { allowUnknown: true } : { unknownRemedy: 'the budget\'s "allowUnknown": true counts the rest of the model and lists it as not counted' });
  try {
    const graph = buildArchitecture(arch, { set: budget.set, ...(budget.input !== undefined ? { input: budget.input } : {}) });
    const report = analyze(graph, { convention: budget.convention, dtype: budget.dtype });
    if (budget.device === undefined) return { report };
    const device = loadDeviceProfile(budget.device, displayPath(budget.device, cwd));
    return { report, latency: predictLatency(graph, report, device), device: deviceIdentity(device) };
  } catch (e) {
    const ours = asFlopscopeError(e);
    if (ours?.site) {
      const { locateError } = await import('../source/locate.js');
      throw locateError(ours, false);
    }
    throw ours ?? e;
  }
}

function checksOf(budget: Budget, values: Partial<Record<Metric, bigint>>, base: BaselineEntry | undefined, applyIncrease: boolean): CheckOutcome[] {
  const checks: CheckOutcome[] = [];
  for (const metric of METRICS) {
    const limit = budget.limits[metric];
    const value = values[metric];
    if (limit !== undefined && value !== undefined) {
      checks.push({ metric, kind: 'limit', value, limit, passed: value <= limit, message: limitMessage(metric, value, limit) });
    }
  }
  for (const metric of METRICS) {
    const allowed = budget.maxIncrease[metric];
    const prior = base?.values[metric];
    const value = values[metric];
    if (allowed === undefined || prior === undefined || value === undefined || !applyIncrease) continue;
    const passed = withinIncrease(prior, value, allowed);
    checks.push({ metric, kind: 'maxIncrease', value, base: prior, allowed, passed, message: increaseMessage(metric, prior, value, allowed, passed) });
  }
  return checks;
}

/** Where to point at the model: its export in a user file, else the budget in the config. */
async function definitionOf(budget: Budget, config: BudgetConfig): Promise<SourceSite> {
  const ref = parseModelRef(budget.model, config.baseDir);
  // An ONNX file has no source to point at: the budget in the config is the place.
  if (ref.kind === 'file' && !isOnnxFile(ref.file)) {
    const { exportLocation } = await import('../source/exports.js');
    const at = exportLocation(ref.file, ref.exportName ?? 'default');
    if (at) return { file: ref.file, line: at.line, column: at.column };
  }
  return budget.site;
}

export async function evaluateBudget(budget: Budget, config: BudgetConfig, options: EvaluateOptions): Promise<BudgetResult> {
  const base = options.baseline?.get(budget.name);
  let report: CostReport;
  let latency: LatencyPrediction | undefined;
  let device: string | undefined;
  let values: Partial<Record<Metric, bigint>>;
  try {
    ({ report, latency, device } = await analyzeBudget(budget, config, options.cwd));
    values = allMetrics(report, latency ? nanoseconds(latency.predictedSeconds) : undefined);
  } catch (e) {
    // A budget that cannot be evaluated is an error row; the other budgets are still evaluated.
    const ours = asFlopscopeError(e);
    const error = ours ? ours.message : `internal error (a bug in flopscope): ${thrownText(e)}`;
    return { budget, status: 'error', checks: [], top: [], grew: [], error, ...(base ? { base } : {}), definition: ours?.site ?? budget.site };
  }
  const input = formatShape(report.input);
  const baselineNote = base ? measuredElsewhere(base, { model: budget.model, input, convention: budget.convention, dtype: budget.dtype, ...(device ? { device } : {}) }) : undefined;
  const measured = { input, ...(device ? { device } : {}), ...(baselineNote ? { baselineNote } : {}), ...(base ? { base } : {}), ...(report.uncounted?.length ? { uncounted: report.uncounted } : {}) };
  const checks = checksOf(budget, values, base, options.applyIncrease && !baselineNote);
  const failed = checks.filter((c) => !c.passed);
  const valueOf = layerMetric(report, latency);
  const layers = layerValues(report, constrainedMetrics(budget), valueOf);
  if (!failed.length) return { budget, status: 'pass', values, checks, top: [], grew: [], layers, ...measured };
  // Locations are shown only for budgets not met: only then is ts-morph loaded.
  const { siteLocator } = await import('../source/locate.js');
  const locate = siteLocator();
  const metrics = [...new Set(failed.map((c) => c.metric))];
  const top = metrics.flatMap((m) => topLayers(report, m, values[m] ?? 0n, valueOf)).map((t) => (t.site ? { ...t, site: locate(t.site) } : t));
  // What grew since the baseline: only against one measured on this model, input, convention and dtype, with its layers.
  const baseLayers = base && !baselineNote ? base.layers : undefined;
  const grew = metrics.flatMap((m) => (baseLayers?.[m] ? grownLayers(report, m, layers[m]!, baseLayers[m]!) : [])).map((g) => (g.site ? { ...g, site: locate(g.site) } : g));
  return {
    budget,
    status: budget.level === 'warn' ? 'warn' : 'fail',
    values,
    checks,
    top,
    grew,
    layers,
    definition: await definitionOf(budget, config),
    ...measured,
  };
}

/** Every result with its definition (a budget met has none yet): for reports that place each budget, such as JUnit's. */
export async function withDefinitions(results: readonly BudgetResult[], config: BudgetConfig): Promise<BudgetResult[]> {
  return Promise.all(results.map(async (r) => (r.definition ? r : { ...r, definition: await definitionOf(r.budget, config) })));
}

export async function evaluateBudgets(config: BudgetConfig, options: EvaluateOptions): Promise<BudgetResult[]> {
  const results: BudgetResult[] = [];
  for (const budget of config.budgets) results.push(await evaluateBudget(budget, config, options));
  return results;
}

/** 0 all met (warnings allowed), 1 an error-level budget not met, 2 a budget could not be evaluated. */
export function exitCodeOf(results: readonly BudgetResult[]): number {
  if (results.some((r) => r.status === 'error')) return 2;
  if (results.some((r) => r.status === 'fail')) return 1;
  return 0;
}
