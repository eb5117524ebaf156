// Predicted time for every configuration of a what-if sweep: each row's graph is built again with
// its layers (the sweep itself keeps totals only) and timed by the device model, so FLOPs and
// time can be read side by side.
import { analyze } from '../cost/analyze.js';
import type { Architecture } from '../dsl/family.js';
import { predictLatency } from '../device/roofline.js';
import type { DeviceProfile } from '../device/profile.js';
import { buildArchitecture } from '../zoo.js';
import { INPUT_KEY } from './sweep.js';
import type { WhatIfResult } from './what-if.js';

export interface WhatIfLatency {
  readonly device: DeviceProfile;
  readonly baselineSeconds: number;
  /** Aligned with the result's rows. */
  readonly rowSeconds: readonly number[];
}

function secondsOf(arch: Architecture, set: Readonly<Record<string, unknown>>, input: WhatIfResult['baseline']['input'], result: WhatIfResult, device: DeviceProfile): number {
  const graph = buildArchitecture(arch, { set, input });
  return predictLatency(graph, analyze(graph, { convention: result.convention, dtype: result.dtype }), device).predictedSeconds;
}

export function whatIfLatency(arch: Architecture, baselineArch: Architecture, result: WhatIfResult, device: DeviceProfile): WhatIfLatency {
  const rowSeconds = result.rows.map((r) => {
    const { [INPUT_KEY]: _input, ...set } = r.set;
    return secondsOf(arch, set, r.input, result, device);
  });
  return {
    device,
    baselineSeconds: secondsOf(baselineArch, {}, result.baseline.input, result, device),
    rowSeconds,
  };
}
