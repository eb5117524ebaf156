// Numbers in charts as in tables: K, M, G (src/units.ts) on axes, exact digits in tooltips.
import { formatSeconds } from '../../device/describe.js';
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

/**
 * Axis labels in the tables' units: 4.09 G, 512 K, 12 MB. d3's SI format picks the digits the tick
 * step needs (3.855 G next to 3.86 G); the label expression spaces the prefix and writes K for k.
 * `suffix` is a Vega expression ("'B'" for bytes), so one axis can switch units with a parameter.
 * Counts are whole: no tick falls between integers (no milli prefixes).
 */
export function unitAxis(suffix = "''"): { format: string; labelExpr: string; tickMinStep: number } {
  const prefixed = "test(regexp('[kMGTPE]$'), datum.label)";
  return {
    format: '~s',
    // Log axes leave some tick labels empty: they stay empty.
    labelExpr: `datum.label == '' ? '' : ${prefixed} ? replace(replace(datum.label, regexp('([kMGTPE])$'), ' $1'), ' k', ' K') + ${suffix} : datum.label + (${suffix} ? ' ' + ${suffix} : '')`,
    tickMinStep: 1,
  };
}

/** The axis title of a FLOPs axis: the convention is always named. */
export function flopsTitle(convention: string, what = 'FLOPs'): string {
  return `${what} (convention '${convention}')`;
}

/** '80.98 ms (0.08097512596505292 s)': the tables' rounding and the seconds the JSON carries. */
export function secondsText(seconds: number): string {
  return seconds === 0 ? '0 s' : `${formatSeconds(seconds)} (${seconds} s)`;
}

/** The axis title of a predicted-time axis (drawn in milliseconds). */
export const TIME_TITLE = 'Predicted time (ms)';
