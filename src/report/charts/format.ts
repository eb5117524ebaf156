// Numbers in charts as in tables: K, M, G (src/units.ts) on axes, exact digits in tooltips.
import { FlopscopeError } from '../../errors.js';
import { exact, human, humanBytes } from '../../units.js';

/** A count as JSON carries it: a number up to 2^53, a decimal string beyond, an expression when symbolic. */
export type JsonCount = number | string;

/** The exact value of a JSON count; an expression (symbolic input) cannot be drawn. */
export function exactCount(value: JsonCount | null | undefined, what: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new FlopscopeError('usage', `charts need concrete sizes, received ${what} = ${value === undefined ? 'nothing' : String(value)}; pass a concrete --input such as 1x3x224x224`);
}

/** '4.09 G (4,089,184,256)': the table's unit and the exact figure, for tooltips. */
export function countText(value: bigint): string {
  return value < 1000n && value > -1000n ? exact(value) : `${human(value)} (${exact(value)})`;
}

export function bytesText(value: bigint): string {
  return value < 1000n && value > -1000n ? `${exact(value)} B` : `${humanBytes(value)} (${exact(value)} B)`;
}

const SCALES: ReadonlyArray<[number, string]> = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];

/**
 * A Vega expression printing `value` with the tables' units: 4.09 G, 512 K, 12 MB. `suffix` is
 * itself an expression ("'B'" for bytes), so one axis can switch units with a parameter.
 */
export function unitExpr(value = 'datum.value', suffix = "''"): string {
  let expr = `format(${value}, '.3~r') + (${suffix} ? ' ' + ${suffix} : '')`;
  for (const [scale, unit] of [...SCALES].reverse()) {
    expr = `abs(${value}) >= ${scale} ? format(${value} / ${scale}, '.3~r') + ' ${unit}' + ${suffix} : ${expr}`;
  }
  return expr;
}

/** The axis title of a FLOPs axis: the convention is always named. */
export function flopsTitle(convention: string, what = 'FLOPs'): string {
  return `${what} (convention '${convention}')`;
}
