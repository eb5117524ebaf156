// The two ceilings of a roofline, measured on this machine with the profiling backend itself:
// peak compute from a stack of 3x3 convolutions; memory bandwidth as `calibrate` measures it, from
// one ReLU that reads the input and writes the output, tensors of 67 MB well past any last-level
// cache (tensors that fit in cache measure the cache's bandwidth, here 7 to 10 times memory's,
// and a ReLU between two others runs in place, reading and writing the same lines, about twice
// as fast). A ceiling is what the machine reaches at best, so each is the fastest layer of the
// fastest run (shared machines make medians drift). FLOPs are counted under the profile's
// convention, so the layers and the ceiling agree.
import { getConvention } from '../cost/conventions/index.js';
import { analyze } from '../cost/analyze.js';
import { dtypeBytes } from '../cost/dtype.js';
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

/** The tensor bandwidth is measured on: 16.8 M fp32 elements, 67 MB, past any last-level cache. */
export const STREAM_SHAPE: readonly number[] = [1, 64, 512, 512];

/** The compute probe: PEAK_KERNEL x PEAK_KERNEL convolutions, PEAK_CHANNELS to PEAK_CHANNELS channels at PEAK_SIDE x PEAK_SIDE. */
const PEAK_KERNEL = 3;
const PEAK_CHANNELS = 256;
const PEAK_SIDE = 14;

/** The dtype the probes run in. */
const PROBE_DTYPE = 'fp32';

/** Layers per probe and timed runs; the reference backend counts in JavaScript, so it gets a short probe. */
function probeSize(backend: string): { depth: number; runs: number } {
  return backend === 'reference' ? { depth: 2, runs: 3 } : { depth: 8, runs: 10 };
}

/** The best rate of any layer of the probe: its FLOPs (or bytes) over its fastest time. */
async function bestRate(backendName: string, body: Module, input: readonly number[], convention: string, size: { depth: number; runs: number }, measure: 'flops' | 'trafficBytes'): Promise<number> {
  const graph = buildGraph(seq(Array.from({ length: size.depth }, () => body)), [...input], 'probe');
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

/** The memory ceiling alone: bytes read and written per second by one ReLU on STREAM_SHAPE. */
export async function bandwidthCeiling(options: CeilingOptions): Promise<number> {
  return bestRate(options.backend, relu(), STREAM_SHAPE, options.convention, { depth: 1, runs: probeSize(options.backend).runs }, 'trafficBytes');
}

export async function measureCeilings(options: CeilingOptions): Promise<MeasuredCeilings> {
  const size = probeSize(options.backend);
  const peak = await bestRate(options.backend, conv(PEAK_CHANNELS, PEAK_KERNEL, { padding: 1, bias: false }), [1, PEAK_CHANNELS, PEAK_SIDE, PEAK_SIDE], options.convention, size, 'flops');
  const bandwidth = await bandwidthCeiling(options);
  const mb = (STREAM_SHAPE.reduce((a, b) => a * b, 1) * dtypeBytes(PROBE_DTYPE)) / 1e6;
  return {
    peakFlopsPerSecond: peak,
    bandwidthBytesPerSecond: bandwidth,
    source: `measured here with ${options.backend}, fastest layer of ${size.runs} runs: compute by ${size.depth} ${PEAK_KERNEL}x${PEAK_KERNEL} convolutions ${PEAK_CHANNELS}->${PEAK_CHANNELS} at ${PEAK_SIDE}x${PEAK_SIDE}, bandwidth by a ReLU over ${STREAM_SHAPE.join('x')} ${PROBE_DTYPE} (${mb.toFixed(0)} MB in and out, past the caches; bytes read + written), as flopscope calibrate measures it`,
  };
}
