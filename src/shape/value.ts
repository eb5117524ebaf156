// Reading a count out of a report: totals and per-layer counts are a number, an exact bigint past
// 2^53, or a Poly when the input has symbols (N, H, W). These helpers turn any of them into the
// one type a caller wants, exactly or with a one-line error, never silently rounded.
import { FlopscopeError } from '../errors.js';
import type { Dim } from './dim.js';
import { Poly } from './expr.js';

/** Values of the input's symbols, e.g. { N: 1, H: 224, W: 224 }. */
export type SymbolSizes = Readonly<Record<string, number | bigint>>;

function evaluate(value: Poly, sizes: SymbolSizes | undefined): bigint {
  const needed = [...value.symbols()].sort();
  const missing = needed.filter((s) => sizes?.[s] === undefined);
  if (missing.length) {
    const example = needed.map((s) => `${s}: ${s === 'N' ? 1 : 224}`).join(', ');
    throw new FlopscopeError('usage', `the count ${value.toString()} is symbolic; give ${missing.join(', ')} a value, e.g. { ${example} }`);
  }
  for (const s of needed) {
    const v = sizes![s];
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new FlopscopeError('usage', `symbol ${s} expects an integer, received ${v}`);
  }
  return value.evaluate(sizes!);
}

/** The exact count as a bigint; a symbolic count is evaluated at `sizes`. */
export function toBigInt(value: Dim, sizes?: SymbolSizes): bigint {
  if (value instanceof Poly) return evaluate(value, sizes);
  return BigInt(value);
}

/** The count as a number; refused when it is past 2^53 (a number would no longer be exact). */
export function toNumber(value: Dim, sizes?: SymbolSizes): number {
  if (typeof value === 'number') return value;
  const exact = toBigInt(value, sizes);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new FlopscopeError('usage', `the count ${exact} is past 2^53, where a number is no longer exact; use toBigInt`);
  }
  return Number(exact);
}

/** Exact decimal digits, or the expression (mathjs syntax) when symbolic and no sizes are given. */
export function toString(value: Dim, sizes?: SymbolSizes): string {
  if (value instanceof Poly && sizes === undefined) return value.toString();
  return toBigInt(value, sizes).toString();
}
