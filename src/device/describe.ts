// A device profile in one line, for report headers and the calibrate command.
import type { DeviceProfile } from './profile.js';

export function describeDevice(d: DeviceProfile): string {
  const how = d.measuredWith
    ? `measured with ${d.measuredWith.engine}, graph optimizations ${d.measuredWith.graphOptimization}, ${d.measuredWith.threads} thread${d.measuredWith.threads === 1 ? '' : 's'}`
    : 'from a datasheet';
  return `device '${d.name}': peak ${(d.peakFlopsPerSecond / 1e9).toFixed(1)} GFLOP/s, bandwidth ${(d.bandwidthBytesPerSecond / 1e9).toFixed(1)} GB/s, ` +
    `overhead ${(d.overheadSeconds * 1e6).toFixed(1)} µs per kernel, ${d.fusion ? 'fused' : 'unfused'} kernels (${how})`;
}
