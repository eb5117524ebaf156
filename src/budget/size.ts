// Sizes in a budget config: "4.1 G", "25 M", "120 MB", "2 GiB" or a plain integer; increases:
// "5%" or a size. Parsed to exact integers (bigint) so a limit compares exactly with a count.

export type Increase =
  | { readonly kind: 'percent'; /** percent = numerator / denominator */ readonly numerator: bigint; readonly denominator: bigint; readonly text: string }
  | { readonly kind: 'absolute'; readonly amount: bigint; readonly text: string };

const DECIMAL: Readonly<Record<string, number>> = { '': 0, K: 3, k: 3, M: 6, G: 9, T: 12, P: 15 };
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40 };

export const SIZE_HELP = 'a whole number, or a number with a unit K, M, G, T, P (decimal) or Ki, Mi, Gi, Ti (binary), optionally followed by B: "4.1 G", "25 M", "120 MB", 25000000';

/** The exact integer a size denotes, or a reason it does not denote one. */
export function parseSize(raw: unknown): bigint | string {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) && raw >= 0 ? BigInt(raw) : `${raw} is not a whole, non-negative number`;
  }
  if (typeof raw !== 'string') return `expected ${SIZE_HELP}`;
  const m = /^\s*(\d+)(?:\.(\d+))?\s*(?:([KkMGTP])|(Ki|Mi|Gi|Ti))?(B)?\s*$/.exec(raw);
  if (!m) return `malformed size ${JSON.stringify(raw)}; expected ${SIZE_HELP}`;
  const [, whole, fraction = '', decimalUnit, binaryUnit] = m;
  const mantissa = BigInt(whole + fraction);
  const scale = 10n ** BigInt(fraction.length);
  const factor = binaryUnit ? 2n ** BigInt(BINARY[binaryUnit]) : 10n ** BigInt(DECIMAL[decimalUnit ?? '']);
  const total = mantissa * factor;
  if (total % scale !== 0n) return `size ${JSON.stringify(raw)} is not a whole number (${whole}.${fraction} x ${factor})`;
  return total / scale;
}

/** "5%", "0.5%" or a size; a reason when malformed. */
export function parseIncrease(raw: unknown): Increase | string {
  if (typeof raw === 'string') {
    const m = /^\s*(\d+)(?:\.(\d+))?\s*%\s*$/.exec(raw);
    if (m) {
      const fraction = m[2] ?? '';
      return { kind: 'percent', numerator: BigInt(m[1] + fraction), denominator: 10n ** BigInt(fraction.length), text: raw.trim() };
    }
  }
  const size = parseSize(raw);
  if (typeof size === 'string') return `${size}; or a percentage such as "5%"`;
  return { kind: 'absolute', amount: size, text: typeof raw === 'string' ? raw.trim() : String(raw) };
}

/** True when growing from `base` to `value` stays within the allowed increase. */
export function withinIncrease(base: bigint, value: bigint, allowed: Increase): boolean {
  const growth = value - base;
  if (growth <= 0n) return true;
  if (allowed.kind === 'absolute') return growth <= allowed.amount;
  // growth / base <= numerator / (denominator * 100), in integers.
  return growth * allowed.denominator * 100n <= base * allowed.numerator;
}

const UNITS: ReadonlyArray<[bigint, string]> = [[10n ** 15n, 'P'], [10n ** 12n, 'T'], [10n ** 9n, 'G'], [10n ** 6n, 'M'], [10n ** 3n, 'K']];

/** The decimal unit a value reads best in: 4000000000 -> G. */
export function unitFor(value: bigint): [bigint, string] {
  const abs = value < 0n ? -value : value;
  return UNITS.find(([scale]) => abs >= scale) ?? [1n, ''];
}

/** `value` in the given unit, two decimals: (4089184256, G) -> '4.09 G'; bytes add 'B'. */
export function inUnit(value: bigint, [scale, unit]: [bigint, string], bytes = false): string {
  const text = scale === 1n ? value.toString() : (Number(value) / Number(scale)).toFixed(2);
  const suffix = `${unit}${bytes ? 'B' : ''}`;
  return suffix ? `${text} ${suffix}` : text;
}

/** 'x / y' as a signed percentage with one decimal: '+2.2%'. */
export function signedPercent(part: bigint, whole: bigint): string {
  if (whole === 0n) return part === 0n ? '+0.0%' : 'new';
  const pct = (Number(part) / Number(whole)) * 100;
  return `${pct >= 0 ? '+' : '-'}${Math.abs(pct).toFixed(1)}%`;
}
