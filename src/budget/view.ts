// What every reporter shows of a check run: one row per budget and, for a budget not met, the
// messages and its top layers with their source locations.
import { formatSite, type SourceSite } from '../errors.js';
import { displayPath } from '../paths.js';
import type { BudgetResult, Status } from './evaluate.js';
import { METRIC_LABEL, METRICS, metricText, type Metric } from './metrics.js';
import { signedPercent } from './size.js';

export interface CheckRun {
  readonly results: readonly BudgetResult[];
  /** The config as shown (relative to the working folder). */
  readonly configShown: string;
  /** The baseline compared against, as shown; undefined when there was none. */
  readonly baselineShown?: string;
  /** Set when --update-baseline wrote the file. */
  readonly baselineWritten?: string;
  readonly exitCode: number;
  readonly cwd: string;
}

export const STATUS_WORD: Readonly<Record<Status, string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

export function shownSite(site: SourceSite | undefined, cwd: string): string {
  return site ? formatSite({ ...site, file: displayPath(site.file, cwd) }) : '';
}

/** The metrics a budget constrains, in the table's order. */
export function budgetMetrics(r: BudgetResult): Metric[] {
  return METRICS.filter((m) => r.budget.limits[m] !== undefined || r.budget.maxIncrease[m] !== undefined);
}

export function valueText(r: BudgetResult, m: Metric): string {
  const v = r.values?.[m];
  return v === undefined ? '-' : `${METRIC_LABEL[m]} ${metricText(m, v)}`;
}

export function limitText(r: BudgetResult, m: Metric): string {
  const parts: string[] = [];
  const limit = r.budget.limits[m];
  if (limit !== undefined) parts.push(`<= ${metricText(m, limit)}`);
  const inc = r.budget.maxIncrease[m];
  if (inc) parts.push(`+${inc.text} max`);
  return parts.join(', ');
}

export function changeText(r: BudgetResult, m: Metric): string {
  const v = r.values?.[m];
  // A baseline measured on another model or input says nothing about this one's change.
  if (!r.base || r.baselineNote) return '';
  const b = r.base.values[m];
  if (v === undefined) return '';
  if (b === undefined) return 'new';
  const d = v - b;
  const sign = d > 0n ? '+' : d < 0n ? '-' : '±';
  return `${sign}${metricText(m, d < 0n ? -d : d, b)} (${signedPercent(d, b)})`;
}

/** The cells of one budget's row; multi-metric cells are joined by `nl`. */
export function rowCells(r: BudgetResult, nl: string): string[] {
  const ms = budgetMetrics(r);
  return [
    STATUS_WORD[r.status],
    r.budget.name,
    r.budget.model,
    r.status === 'error' ? 'not evaluated' : ms.map((m) => valueText(r, m)).join(nl),
    ms.map((m) => limitText(r, m)).join(nl),
    r.status === 'error' ? '' : ms.map((m) => changeText(r, m) || '-').join(nl),
  ];
}

export const ROW_HEADERS = ['Status', 'Budget', 'Model', 'Value', 'Limit', 'Change'];

/** Notes about a budget whatever its status: a baseline recorded for another model or input. */
export function noteMessages(r: BudgetResult): string[] {
  return [
    ...(r.uncounted?.length ? [`NOT COUNTED: ${r.uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')} (outside the op catalogue, "allowUnknown"); the values leave ${r.uncounted.length === 1 ? 'it' : 'them'} out`] : []),
    ...(r.baselineNote ? [r.baselineNote] : []),
  ];
}

/** The messages of a budget not met (or not evaluated). */
export function problemMessages(r: BudgetResult): string[] {
  if (r.status === 'error') return [r.error ?? 'not evaluated'];
  return r.checks.filter((c) => !c.passed).map((c) => c.message);
}

export function topLayerText(r: BudgetResult, i: number, cwd: string): string {
  const t = r.top[i];
  const at = shownSite(t.site, cwd);
  return `${t.name} (${t.op}): ${metricText(t.metric, t.value)} ${METRIC_LABEL[t.metric]}, ${(t.share * 100).toFixed(1)}% of the model${at ? ` at ${at}` : ''}`;
}

/** 'layer3.0.conv2 (conv2d): MACs 57.80 M -> 115.61 M since the baseline (+57.80 M, +100.0%) at models/x.ts:12:5' */
export function grewText(r: BudgetResult, i: number, cwd: string): string {
  const g = r.grew[i];
  const at = shownSite(g.site, cwd);
  const t = (v: bigint) => metricText(g.metric, v, g.value);
  const change = g.base === 0n ? `${METRIC_LABEL[g.metric]} ${t(g.value)}, new since the baseline` : `${METRIC_LABEL[g.metric]} ${t(g.base)} -> ${t(g.value)} since the baseline (+${t(g.growth)}, ${signedPercent(g.growth, g.base)})`;
  return `${g.name} (${g.op}): ${change}${at ? ` at ${at}` : ''}`;
}

export function summaryLine(run: CheckRun): string {
  const n = (s: Status) => run.results.filter((r) => r.status === s).length;
  const parts = [`${n('pass')} passed`, `${n('warn')} warned`, `${n('fail')} failed`];
  if (n('error')) parts.push(`${n('error')} not evaluated`);
  return `${run.results.length} budget${run.results.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
