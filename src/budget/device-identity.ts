// Which device a latency was predicted on, as a baseline records it: the profile's name and a
// hash of every figure a prediction uses. A recalibration or another profile gives another
// identity, so a latency measured on one device is never held to maxIncrease against another.
import { createHash } from 'node:crypto';
import type { DeviceProfile } from '../device/profile.js';

export function deviceIdentity(p: DeviceProfile): string {
  const efficiency = Object.fromEntries(Object.entries(p.efficiency).sort(([a], [b]) => a.localeCompare(b)));
  const figures = [p.dtype, p.peakFlopsPerSecond, p.bandwidthBytesPerSecond, p.overheadSeconds, p.fusion, p.channelBlock, efficiency];
  return `${p.name} (figures ${createHash('sha256').update(JSON.stringify(figures)).digest('hex').slice(0, 12)})`;
}
