// What a report's convention deliberately left out: the ops whose rule is 'ignored' and that did
// arithmetic in this model, with how much, so a headline is never silently partial.
import { add, dimEquals, type Dim } from '../shape/dim.js';
import type { CostReport } from './analyze.js';
import { allElementwise } from './conventions/rule.js';

export interface IgnoredOp {
  readonly op: string;
  readonly layers: number;
  /** MACs plus element-wise operations the convention did not count. */
  readonly operations: Dim;
}

export function ignoredOps(report: CostReport): IgnoredOp[] {
  const byOp = new Map<string, { layers: number; operations: Dim }>();
  for (const l of report.layers) {
    if (report.convention.rules[l.op].kind !== 'ignored') continue;
    const operations = add(l.macs, allElementwise(l.work));
    if (dimEquals(operations, 0)) continue;
    const seen = byOp.get(l.op) ?? { layers: 0, operations: 0 };
    byOp.set(l.op, { layers: seen.layers + 1, operations: add(seen.operations, operations) });
  }
  return [...byOp].map(([op, v]) => ({ op, ...v }));
}
