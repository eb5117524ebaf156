// A hand-made device profile for tests: round figures, so predictions can be worked out by hand.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATASHEET = {
  schema: 'flopscope.device/1',
  name: 'hand-made test device',
  dtype: 'fp32',
  peakFlopsPerSecond: 100e9,
  bandwidthBytesPerSecond: 20e9,
  overheadSeconds: 5e-6,
  obtained: {
    peakFlopsPerSecond: { method: 'datasheet', source: 'a test: 100 GFLOP/s' },
    bandwidthBytesPerSecond: { method: 'datasheet', source: 'a test: 20 GB/s' },
    overheadSeconds: { method: 'measured', how: 'chosen for the test' },
  },
};

/** Writes the hand-made profile to `dir`/`name`; returns the file's path. */
export function writeDevice(dir: string, name = 'device.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(DATASHEET));
  return file;
}
