// Latency limits in a budget config: "12 ms", "1.5 s", "800 us" (or µs), "250000 ns", parsed to
// exact integer nanoseconds so a limit compares exactly with a prediction rounded to the
// nanosecond.
import type { Increase } from './size.js';

const EXPONENT: Readonly<Record<string, number>> = { ns: 0, us: 3, 'µs': 3, ms: 6, s: 9 };

const DURATION_HELP = 'a time with its unit: "12 ms", "1.5 s", "800 us", "250000 ns"';

/** Nanoseconds a duration denotes, or a reason it does not denote one. */
export function parseDuration(raw: unknown): bigint | string {
  if (typeof raw !== 'string') return `expected ${DURATION_HELP}, received ${JSON.stringify(raw)}`;
  const m = /^\s*(\d+)(?:\.(\d+))?\s*(ns|us|µs|ms|s)\s*$/.exec(raw);
  if (!m) return `malformed time ${JSON.stringify(raw)}; expected ${DURATION_HELP}`;
  const [, whole, fraction = '', unit] = m;
  const total = BigInt(whole + fraction) * 10n ** BigInt(EXPONENT[unit]);
  const scale = 10n ** BigInt(fraction.length);
  if (total % scale !== 0n) return `time ${JSON.stringify(raw)} is finer than a nanosecond`;
  return total / scale;
}

/** A latency increase: "5%" or a duration ("2 ms"). */
export function parseDurationIncrease(raw: unknown): Increase | string {
  if (typeof raw === 'string') {
    const m = /^\s*(\d+)(?:\.(\d+))?\s*%\s*$/.exec(raw);
    if (m) return { kind: 'percent', numerator: BigInt(m[1] + (m[2] ?? '')), denominator: 10n ** BigInt((m[2] ?? '').length), text: raw.trim() };
  }
  const ns = parseDuration(raw);
  if (typeof ns === 'string') return `${ns}; or a percentage such as "5%"`;
  return { kind: 'absolute', amount: ns, text: String(raw).trim() };
}

/** Nanoseconds for people: '12.34 ms'. */
export function formatNanoseconds(ns: bigint): string {
  const s = Number(ns) / 1e9;
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}
