// The two ceilings of a roofline, measured on this machine with the profiling backend itself:
// peak compute from a stack of 3x3 convolutions, memory bandwidth from a stack of ReLUs that each
// read and write 33.5 MB (more than most last-level caches hold). A ceiling is what the machine reaches at best,
// so each is the fastest layer of the fastest run (shared machines make medians drift). FLOPs are
// counted under the profile's convention, so the layers and the ceiling agree.
import { getConvention } from '../cost/conventions/index.js';
import { analyze } from '../cost/analyze.js';
import { seq } from '../dsl/combinators.js';
import { conv, relu } from '../dsl/layers.js';
import type { Module } from '../dsl/module.js';
import { buildGraph } from '../ir/build.js';
import { seededInput, seededWeights } from '../ir/weights.js';
import { FlopscopeError } from '../errors.js';
import { loadBackend } from './backends.js';

export interface MeasuredCeilings {
  readonly peakFlopsPerSecond: number;
  readonly bandwidthBytesPerSecond: number;
  /** How they were obtained, in one line. */
  readonly source: string;
}

export interface CeilingOptions {
  readonly backend: string;
  readonly convention: string;
}

/** Layers per probe and timed runs; the reference backend counts in JavaScript, so it gets a short probe. */
function probeSize(backend: string): { depth: number; runs: number } {
  return backend === 'reference' ? { depth: 2, runs: 3 } : { depth: 8, runs: 10 };
}

/** The best rate of any layer of the probe: its FLOPs (or bytes) over its fastest time. */
async function bestRate(backendName: string, body: Module, input: number[], convention: string, size: { depth: number; runs: number }, measure: 'flops' | 'trafficBytes'): Promise<number> {
  const graph = buildGraph(seq(Array.from({ length: size.depth }, () => body)), input, 'probe');
  // The profile's convention by name (from its JSON): an unknown one is an error, as everywhere.
  const report = analyze(graph, { convention: getConvention(convention) });
  const backend = await loadBackend(backendName);
  if (!backend.observes.time) throw new FlopscopeError('backend', `backend '${backend.name}' cannot time layers`);
  const model = await backend.prepare(graph, seededWeights(0));
  try {
    if (!model.timeLayers) throw new FlopscopeError('backend', `backend '${backend.name}' cannot time layers`);
    const times = await model.timeLayers(seededInput(input, 0), size.runs);
    let best = 0;
    for (const layer of report.layers) {
      const fastest = Math.min(...(times.get(layer.name) ?? []).filter((t) => t > 0));
      if (Number.isFinite(fastest)) best = Math.max(best, Number(layer[measure]) / (fastest / 1e3));
    }
    return best;
  } finally {
    await model.dispose();
  }
}

export async function measureCeilings(options: CeilingOptions): Promise<MeasuredCeilings> {
  const size = probeSize(options.backend);
  const peak = await bestRate(options.backend, conv(256, 3, { padding: 1, bias: false }), [1, 256, 14, 14], options.convention, size, 'flops');
  const bandwidth = await bestRate(options.backend, relu(), [1, 64, 256, 256], options.convention, size, 'trafficBytes');
  return {
    peakFlopsPerSecond: peak,
    bandwidthBytesPerSecond: bandwidth,
    source: `measured here with ${options.backend}, fastest of ${size.runs} runs: compute by ${size.depth} 3x3 convolutions 256->256 at 14x14, bandwidth by ${size.depth} ReLUs over 1x64x256x256 fp32 (16.8 MB each)`,
  };
}
