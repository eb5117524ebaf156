// The flopscope.check/1 JSON object: every budget with its exact values, checks and, when not
// met, the top layers with their source locations.
import type { BudgetResult } from './evaluate.js';
import { jsonCount } from '../units.js';
import { VERSION } from '../version.js';
import { METRICS } from './metrics.js';
import { shownSite, type CheckRun } from './view.js';


function budgetJson(r: BudgetResult, cwd: string): Record<string, unknown> {
  const values: Record<string, number | string> = {};
  if (r.values) for (const m of METRICS) if (r.values[m] !== undefined) values[m] = jsonCount(r.values[m]!);
  return {
    name: r.budget.name,
    model: r.budget.model,
    level: r.budget.level,
    status: r.status,
    convention: r.budget.convention,
    dtype: r.budget.dtype,
    ...(r.budget.input ? { input: r.budget.input } : {}),
    ...(r.values ? { values } : {}),
    ...(r.base ? { baseline: Object.fromEntries(Object.entries(r.base.values).map(([k, v]) => [k, jsonCount(v)])) } : {}),
    checks: r.checks.map((c) => ({
      metric: c.metric,
      kind: c.kind,
      passed: c.passed,
      value: jsonCount(c.value),
      ...(c.limit !== undefined ? { limit: jsonCount(c.limit) } : {}),
      ...(c.base !== undefined ? { baseline: jsonCount(c.base) } : {}),
      ...(c.allowed ? { allowed: c.allowed.text } : {}),
      message: c.message,
    })),
    ...(r.top.length ? { top: r.top.map((t) => ({ layer: t.name, op: t.op, metric: t.metric, value: jsonCount(t.value), share: Number(t.share.toFixed(6)), ...(t.site ? { source: shownSite(t.site, cwd) } : {}) })) } : {}),
    ...(r.grew.length ? { grew: r.grew.map((g) => ({ layer: g.name, op: g.op, metric: g.metric, value: jsonCount(g.value), baseline: jsonCount(g.base), change: jsonCount(g.growth), ...(g.site ? { source: shownSite(g.site, cwd) } : {}) })) } : {}),
    ...(r.definition ? { definition: shownSite(r.definition, cwd) } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.input ? { measuredInput: r.input } : {}),
    ...(r.baselineNote ? { baselineNote: r.baselineNote } : {}),
    ...(r.uncounted?.length ? { uncounted: r.uncounted.map((u) => ({ name: u.name, opType: u.opType, layers: [...u.layers] })) } : {}),
  };
}

export function checkJson(run: CheckRun): Record<string, unknown> {
  return {
    schema: 'flopscope.check/1',
    flopscopeVersion: VERSION,
    config: run.configShown,
    ...(run.baselineShown ? { baseline: run.baselineShown } : {}),
    ...(run.baselineWritten ? { baselineWritten: run.baselineWritten } : {}),
    exitCode: run.exitCode,
    budgets: run.results.map((r) => budgetJson(r, run.cwd)),
  };
}
