// Evaluates budgets: builds each model, compares its totals with the limits and, given a
// baseline, its growth with maxIncrease; for a budget that is not met, finds the layers that
// contribute most and where they are written.
import { analyze, type CostReport, type LayerCost } from '../cost/analyze.js';
import type { SourceSite } from '../errors.js';
import { asFlopscopeError } from '../load/load-error.js';
import { loadArchitecture, parseModelRef } from '../load/index.js';
import { buildArchitecture } from '../zoo.js';
import type { Baseline, BaselineEntry } from './baseline.js';
import type { Budget, BudgetConfig } from './config.js';
import { predictLatency, type LatencyPrediction } from '../device/roofline.js';
import { loadDeviceProfile } from '../device/profile.js';
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
  readonly top: readonly TopLayer[];
  /** Where the model is defined: its export in a user file (else the budget in the config). */
  readonly definition?: SourceSite;
  readonly error?: string;
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

function topLayers(report: CostReport, metric: Metric, total: bigint, latency: LatencyPrediction | undefined, count = 3): TopLayer[] {
  const valueOf = (l: LayerCost, i: number): bigint =>
    metric === 'latency' ? nanoseconds(latency?.layers[i].predictedSeconds ?? 0) : metricOfLayer(l, metric, report);
  return report.layers
    .map((l, i) => ({ l, i, v: valueOf(l, i) }))
    .filter((x) => x.v > 0n)
    .sort((a, b) => (a.v === b.v ? a.i - b.i : a.v > b.v ? -1 : 1))
    .slice(0, count)
    .map(({ l, v }) => ({ name: l.name, op: l.op, metric, value: v, share: total === 0n ? 0 : Number(v) / Number(total), ...(l.site ? { site: l.site } : {}) }));
}

async function analyzeBudget(budget: Budget, config: BudgetConfig, cwd: string): Promise<{ report: CostReport; latency?: LatencyPrediction }> {
  const arch = await loadArchitecture(budget.model, config.baseDir, cwd);
  try {
    const graph = buildArchitecture(arch, { set: budget.set, ...(budget.input !== undefined ? { input: budget.input } : {}) });
    const report = analyze(graph, { convention: budget.convention, dtype: budget.dtype });
    if (budget.device === undefined) return { report };
    return { report, latency: predictLatency(graph, report, loadDeviceProfile(budget.device, displayPath(budget.device, cwd))) };
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
  if (ref.kind === 'file') {
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
  let values: Partial<Record<Metric, bigint>>;
  try {
    ({ report, latency } = await analyzeBudget(budget, config, options.cwd));
    values = allMetrics(report, latency ? nanoseconds(latency.predictedSeconds) : undefined);
  } catch (e) {
    const ours = asFlopscopeError(e);
    if (!ours) throw e;
    return { budget, status: 'error', checks: [], top: [], error: ours.message, ...(base ? { base } : {}), definition: ours.site ?? budget.site };
  }
  const checks = checksOf(budget, values, base, options.applyIncrease);
  const failed = checks.filter((c) => !c.passed);
  if (!failed.length) return { budget, status: 'pass', values, checks, top: [], ...(base ? { base } : {}) };
  // Locations are shown only for budgets not met: only then is ts-morph loaded.
  const { siteLocator } = await import('../source/locate.js');
  const locate = siteLocator();
  const metrics = [...new Set(failed.map((c) => c.metric))];
  const top = metrics.flatMap((m) => topLayers(report, m, values[m] ?? 0n, latency)).map((t) => (t.site ? { ...t, site: locate(t.site) } : t));
  return {
    budget,
    status: budget.level === 'warn' ? 'warn' : 'fail',
    values,
    checks,
    top,
    definition: await definitionOf(budget, config),
    ...(base ? { base } : {}),
  };
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
