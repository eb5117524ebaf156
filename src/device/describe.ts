// A device profile in one line, for report headers and the calibrate command.
import type { DeviceProfile } from './profile.js';

/** '123.4 GFLOP/s' */
export const gflops = (flopsPerSecond: number): string => `${(flopsPerSecond / 1e9).toFixed(1)} GFLOP/s`;

/** '12.3 GB/s' */
export const gbs = (bytesPerSecond: number): string => `${(bytesPerSecond / 1e9).toFixed(1)} GB/s`;

export function describeDevice(d: DeviceProfile): string {
  const how = d.measuredWith
    ? `measured with ${d.measuredWith.engine}, graph optimizations ${d.measuredWith.graphOptimization}, ${d.measuredWith.threads} thread${d.measuredWith.threads === 1 ? '' : 's'}`
    : 'from a datasheet';
  return `device '${d.name}': peak ${gflops(d.peakFlopsPerSecond)}, bandwidth ${gbs(d.bandwidthBytesPerSecond)}, ` +
    `overhead ${(d.overheadSeconds * 1e6).toFixed(1)} µs per kernel, ${d.fusion ? 'fused' : 'unfused'} kernels (${how})`;
}

/** Seconds for people: 1.23 s, 12.34 ms, 56.7 µs. */
export function formatSeconds(s: number): string {
  const abs = Math.abs(s);
  if (abs >= 1) return `${s.toFixed(2)} s`;
  if (abs >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} µs`;
}

/** A change in time: '+1.23 ms (+5.1%)'. */
export function formatSecondsDelta(base: number, value: number): string {
  const d = value - base;
  const sign = d > 0 ? '+' : d < 0 ? '-' : '±';
  const pct = base > 0 ? ` (${d >= 0 ? '+' : '-'}${Math.abs((d / base) * 100).toFixed(1)}%)` : '';
  return `${sign}${formatSeconds(Math.abs(d))}${pct}`;
}
