// Number formatting shared by every front end: decimal units for humans, exact integers for JSON.
import { Poly } from './shape/expr.js';
import type { Dim } from './shape/dim.js';

const UNITS: ReadonlyArray<[number, string]> = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];

/** 4089184256 -> '4.09 G'; 512 -> '512'; symbolic values print as their expression. */
export function human(value: Dim, suffix = ''): string {
  if (value instanceof Poly) return value.toString();
  const v = Number(value);
  const abs = Math.abs(v);
  // Past a thousand P, a digit string says nothing more than the exponent.
  if (abs >= 1e18) return `${v.toExponential(2)}${suffix ? ` ${suffix}` : ''}`;
  for (const [scale, unit] of UNITS) {
    if (abs >= scale) return `${(v / scale).toFixed(2)} ${unit}${suffix}`;
  }
  return suffix ? `${v} ${suffix}` : String(v);
}

export function humanBytes(value: Dim): string {
  return human(value, 'B');
}

/** Exact decimal digits with thousands separators: 4,089,184,256. */
export function exact(value: Dim): string {
  if (value instanceof Poly) return value.toString();
  // A comma before every group of three digits (what toLocaleString('en-US') prints, without
  // its locale lookup, which costs more than the rest of a chart's labels).
  return BigInt(value).toString().replace(/\B(?=(\d{3})+$)/g, ',');
}

/** JSON encoding: a number up to 2^53, a decimal string beyond, the expression when symbolic. */
export function jsonCount(value: Dim): number | string {
  if (value instanceof Poly) return value.toString();
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  return value;
}

/** a / b as a float, for shares and ratios; NaN when either side is symbolic. */
export function ratio(a: Dim, b: Dim): number {
  if (a instanceof Poly || b instanceof Poly) return NaN;
  return Number(a) / Number(b);
}

export function percent(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '-';
}

/** '+2.53 M (+9.9%)' */
export function delta(base: Dim, value: Dim, unit: (v: Dim) => string = human): string {
  if (base instanceof Poly || value instanceof Poly) return '-';
  const d = BigInt(value) - BigInt(base);
  const sign = d > 0n ? '+' : d < 0n ? '-' : '±';
  const abs = d < 0n ? -d : d;
  const rel = Number(base) === 0 ? '' : ` (${sign === '±' ? '' : sign}${Math.abs((Number(d) / Number(base)) * 100).toFixed(1)}%)`;
  return `${sign}${unit(abs)}${rel}`;
}

/**
 * The JSON text every command prints: a bigint becomes a number up to 2^53 and a decimal string
 * beyond, so no integer above 2^53 is ever printed as a (rounded) JSON number. A plain number
 * that is an integer above 2^53 has been rounded already: that is a bug, refused rather than printed.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'bigint') return jsonCount(v);
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
      throw new Error(`the JSON field '${key}' holds ${v}, an integer past 2^53 that is no longer exact`);
    }
    return v;
  }, 2) + '\n';
}
