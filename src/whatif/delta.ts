// Deltas of one configuration's totals against a baseline: exact absolute difference and percent.
import type { Totals } from '../cost/analyze.js';
import { sub, type Dim } from '../shape/dim.js';
import { Poly } from '../shape/expr.js';

export interface Delta {
  /** value - baseline, exact. */
  readonly absolute: Dim;
  /** 100 * (value - baseline) / baseline; undefined when the baseline is 0 or either side symbolic. */
  readonly percent: number | undefined;
}

export type TotalsDelta = Partial<Record<keyof Totals, Delta>>;

export function delta(base: Dim, value: Dim): Delta {
  const absolute = sub(value, base);
  if (base instanceof Poly || value instanceof Poly || absolute instanceof Poly) return { absolute, percent: undefined };
  const b = Number(base);
  return { absolute, percent: b === 0 ? undefined : (Number(absolute) / b) * 100 };
}

/** A delta for every total present on both sides. */
export function totalsDelta(base: Totals, value: Totals): TotalsDelta {
  const out: TotalsDelta = {};
  for (const key of Object.keys(value) as (keyof Totals)[]) {
    const v = value[key];
    const b = base[key];
    if (v !== undefined && b !== undefined) out[key] = delta(b, v);
  }
  return out;
}
