// `calibrate`: measures this machine's roofline figures with onnxruntime on synthetic one-op
// graphs (never on a model the predictions are judged on): peak compute from large dense
// convolutions (a 1x1 convolution is a GEMM), bandwidth from element-wise ops on tensors far
// larger than any cache, per-kernel overhead from a chain of tiny ops, and per-op-kind efficiency
// from one mid-sized op of each kind. Each figure is the minimum kernel time over the runs: on a
// shared machine the least disturbed run is the closest to what the hardware does.
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze } from '../cost/analyze.js';
import { conv, globalAvgPool, linear, maxpool, avgpool, relu, sigmoid, silu, bn, shuffle } from '../dsl/layers.js';
import { concat, residual, scale, seq } from '../dsl/combinators.js';
import type { Module } from '../dsl/module.js';
import { FlopscopeError } from '../errors.js';
import { buildGraph } from '../ir/build.js';
import type { Ort } from '../exec/onnxruntime.js';
import { requireOrt, timeWithOnnxruntime, type GraphTiming } from '../exec/ort-timing.js';
import { STREAM_SHAPE } from '../exec/ceilings.js';
import type { Shape } from '../shape/dim.js';
import { layerOfNode, minimum } from './match.js';
import { efficiencyScope, GROUP_WIDTHS, groupWidthKind } from './kinds.js';
import { gbs, gflops } from './describe.js';
import { DEVICE_SCHEMA, type DeviceProfile, type Provenance } from './profile.js';
import { predictLatency } from './roofline.js';

export interface CalibrateOptions {
  readonly threads: number;
  /** 'all' (deployed: fused, blocked layout) or 'disabled' (every layer its own kernel). */
  readonly graphOptimization: 'all' | 'disabled';
  /** Smaller tensors and fewer runs: a valid profile in a few seconds, rougher figures. */
  readonly quick?: boolean;
  readonly name?: string;
  readonly onProbe?: (done: number, total: number) => void;
}

interface Probe {
  readonly label: string;
  readonly module: Module;
  readonly input: Shape;
  /** The layers whose kernels are timed together (the others of the graph only feed them). */
  readonly layers: readonly string[];
  /** The op kind this probe gives an efficiency factor for. */
  readonly kind?: string;
}

const shape = (s: Shape) => s.join('x');

/** Dense convolutions for the peak; big enough to be compute-bound, short enough to often run undisturbed. */
function peakProbes(quick: boolean): Probe[] {
  const s = quick ? 14 : 28;
  return [
    { label: `3x3 conv ${shape([1, 128, s, s])}->128`, module: seq({ x: conv(128, 3, { padding: 1, bias: false }) }), input: [1, 128, s, s], layers: ['x'], kind: 'conv2d' },
    { label: `1x1 conv (GEMM) ${shape([1, 512, s / 2, s / 2])}->512`, module: seq({ x: conv(512, 1, { bias: false }) }), input: [1, 512, s / 2, s / 2], layers: ['x'] },
  ];
}

/**
 * Element-wise ops on tensors well past the last-level cache (67 MB, the shape the profile
 * roofline's memory ceiling is measured on too; 16.8 MB when quick), each reading the graph's
 * input and writing its output.
 */
function bandwidthProbes(quick: boolean): Probe[] {
  const big: Shape = quick ? [1, 64, 256, 256] : [...STREAM_SHAPE];
  return [
    { label: `relu ${shape(big)}`, module: seq({ x: relu() }), input: big, layers: ['x'] },
    { label: `add ${shape(big)}`, module: seq({ x: residual({ r: relu() }) }), input: big, layers: ['x.add'] },
  ];
}

/**
 * Each kind on two activations typical of a CNN at 224 (halved when quick): an early one (many
 * pixels, few channels) and a late one (few pixels, many channels). Its factor is the geometric
 * mean of the two, since a kind's efficiency moves with the shape.
 */
function efficiencyProbes(quick: boolean): Probe[] {
  const h = quick ? 28 : 56;
  const probes: Probe[] = [];
  for (const x of [[1, 64, h, h], [1, 256, h / 4, h / 4]] as const) {
    const c = x[1];
    const at = shape(x);
    probes.push(
      { label: `1x1 conv ${at}->${c}`, module: seq({ x: conv(c, 1, { bias: false }) }), input: x, layers: ['x'], kind: 'conv2d.pointwise' },
      { label: `3x3 depthwise conv ${at}`, module: seq({ x: conv(c, 3, { padding: 1, groups: c, bias: false }) }), input: x, layers: ['x'], kind: 'conv2d.depthwise' },
      { label: `3x3/2 max pool ${at}`, module: seq({ x: maxpool(3, { stride: 2, padding: 1 }) }), input: x, layers: ['x'], kind: 'maxpool' },
      { label: `3x3 avg pool ${at}`, module: seq({ x: avgpool(3, { stride: 1, padding: 1 }) }), input: x, layers: ['x'], kind: 'avgpool' },
      { label: `3x3 avg pool in ceil mode counting padding ${at}`, module: seq({ x: avgpool(3, { stride: 1, padding: 1, ceilMode: true, countIncludePad: true }) }), input: x, layers: ['x'], kind: 'avgpool.ceil' },
      { label: `global avg pool ${at}`, module: seq({ x: globalAvgPool() }), input: x, layers: ['x'], kind: 'globalavgpool' },
      { label: `batch norm ${at}`, module: seq({ x: bn() }), input: x, layers: ['x'], kind: 'batchnorm' },
      { label: `relu ${at}`, module: seq({ x: relu() }), input: x, layers: ['x'], kind: 'relu' },
      { label: `sigmoid ${at}`, module: seq({ x: sigmoid() }), input: x, layers: ['x'], kind: 'sigmoid' },
      { label: `silu ${at}`, module: seq({ x: silu() }), input: x, layers: ['x'], kind: 'silu' },
      { label: `add ${at}`, module: seq({ x: residual({ r: relu() }) }), input: x, layers: ['x.add'], kind: 'add' },
      { label: `channel scale ${at}`, module: seq({ x: scale({ pool: globalAvgPool(), gate: sigmoid() }) }), input: x, layers: ['x.scale'], kind: 'mul' },
      { label: `concat of two ${at}`, module: seq({ x: concat([relu(), relu()]) }), input: x, layers: ['x.cat'], kind: 'concat' },
      { label: `split of ${at} in two`, module: seq({ x: concat([relu(), relu()], { split: 2 }) }), input: x, layers: ['x.chunk0', 'x.chunk1'], kind: 'split' },
      { label: `channel shuffle (2 groups) of ${at}`, module: seq({ x: shuffle(2) }), input: x, layers: ['x'], kind: 'shuffle' },
    );
  }
  probes.push(...groupedProbes(quick));
  // A network's weights do not stay in cache from one inference to the next: 64 MB of them here.
  probes.push({ label: 'linear 1x4096->4096', module: seq({ x: linear(4096) }), input: [1, 4096], layers: ['x'], kind: 'linear' });
  return probes;
}

/**
 * Grouped convolutions at each of GROUP_WIDTHS channels per group (at least two groups): a 3x3 on
 * an early activation (about 128 channels at 56x56) and a 1x1 on a later one (about 480 at 28x28),
 * as ResNeXt and ShuffleNet use them; halved sides when quick.
 */
function groupedProbes(quick: boolean): Probe[] {
  const probes: Probe[] = [];
  for (const w of GROUP_WIDTHS) {
    for (const [about, side, kernel] of [[128, quick ? 28 : 56, 3], [480, quick ? 14 : 28, 1]] as const) {
      const c = w * Math.max(2, Math.round(about / w));
      const x: Shape = [1, c, side, side];
      probes.push({ label: `${kernel}x${kernel} grouped conv (${c / w} groups of ${w}) ${shape(x)}->${c}`, module: seq({ x: conv(c, kernel, { padding: (kernel - 1) / 2, groups: c / w, bias: false }) }), input: x, layers: ['x'], kind: groupWidthKind(w) });
    }
  }
  return probes;
}

/** The same 1x1 convolution on 64 and on 68 channels: how much 4 more channels cost. */
function blockProbes(quick: boolean): [Probe, Probe] {
  const h = quick ? 14 : 28;
  const probe = (c: number): Probe => ({ label: `1x1 conv ${shape([1, c, h, h])}->${c}`, module: seq({ x: conv(c, 1, { bias: false }) }), input: [1, c, h, h], layers: ['x'] });
  return [probe(64), probe(68)];
}

const BLOCKS = [1, 8, 16, 32] as const;

/**
 * The channel block that explains the time 68 channels take against 64: with blocks of b,
 * 68 channels are padded to ceil(68 / b) * b on both sides of the convolution.
 */
function channelBlockOf(base: Timed, more: Timed, overheadSeconds: number): { block: number; how: string } {
  const measured = (more.seconds - overheadSeconds) / (base.seconds - overheadSeconds);
  const ratio = (b: number) => (Math.ceil(68 / b) * b / 64) ** 2;
  const block = BLOCKS.reduce((best, b) => (Math.abs(Math.log(ratio(b) / measured)) < Math.abs(Math.log(ratio(best) / measured)) ? b : best));
  const candidates = BLOCKS.map((b) => `${b === 1 ? 'no blocks' : `blocks of ${b}`}: ${ratio(b).toFixed(2)}x`).join(', ');
  return { block, how: `${more.probe.label} took ${measured.toFixed(2)}x the time of ${base.probe.label} (launch overhead removed); ${candidates}` };
}

/** A chain of tiny ops: their kernel times are the fixed cost of a launch. */
const OVERHEAD_CHAIN = 20;
function overheadProbe(): Probe {
  return { label: `chain of ${OVERHEAD_CHAIN} relu on 1x16x2x2`, module: seq(Array.from({ length: OVERHEAD_CHAIN }, () => relu())), input: [1, 16, 2, 2], layers: [] };
}

interface Timed { readonly probe: Probe; readonly seconds: number; readonly flops: number; readonly bytes: number; readonly weightBytes: number }

/** Roofline inputs of every layer of a probe, from flopscope's own cost model: one kernel per layer. */
const UNIT: DeviceProfile = {
  schema: DEVICE_SCHEMA, name: 'unit', dtype: 'fp32', peakFlopsPerSecond: 1, bandwidthBytesPerSecond: 1, overheadSeconds: 0, fusion: false, channelBlock: 1, efficiency: {}, obtained: {},
};

async function timeProbe(probe: Probe, options: CalibrateOptions, runs: number, ort: Ort): Promise<{ timing: GraphTiming; layers: Map<string, number>; flops: number[]; bytes: number[]; weightBytes: number[] }> {
  const graph = buildGraph(probe.module, probe.input, 'calibration');
  const report = analyze(graph, {});
  const unit = predictLatency(graph, report, UNIT).kernels;
  const timing = await timeWithOnnxruntime(graph, { runs, graphOptimization: options.graphOptimization, threads: options.threads }, ort);
  return { timing, layers: new Map(graph.nodes.map((n) => [n.name, n.id])), flops: unit.map((k) => k.flops), bytes: unit.map((k) => k.bytes), weightBytes: report.layers.map((l) => Number(l.weightReadBytes)) };
}

/** Minimum over runs of the summed kernel times of the nodes that run the probe's layer. */
async function measure(probe: Probe, options: CalibrateOptions, runs: number, ort: Ort): Promise<Timed> {
  const { timing, layers, flops, bytes, weightBytes } = await timeProbe(probe, options, runs, ort);
  const ids = new Set(probe.layers.map((name) => {
    const id = layers.get(name);
    if (id === undefined) throw new Error(`calibration probe '${probe.label}' has no layer '${name}'`);
    return id;
  }));
  const perRun = new Array<number>(runs).fill(0);
  let found = false;
  for (const n of timing.nodes) {
    const id = layerOfNode(n.name, layers);
    if (id === undefined || !ids.has(id)) continue;
    found = true;
    n.seconds.forEach((s, i) => { perRun[i] += s; });
  }
  if (!found) throw new FlopscopeError('backend', `calibration: onnxruntime ran no node for '${probe.label}'`);
  let f = 0;
  let b = 0;
  let w = 0;
  for (const id of ids) { f += flops[id]; b += bytes[id]; w += weightBytes[id]; }
  return { probe, seconds: minimum(perRun), flops: f, bytes: b, weightBytes: w };
}

function hostName(): string {
  const model = cpus()[0]?.model?.trim() || 'unknown CPU';
  return `${model}, ${availableParallelism()} logical cores`;
}

/** Timed runs of every probe (after a warm-up): fewer when quick. */
const runsOf = (quick: boolean): number => (quick ? 3 : 15);

const bestBandwidth = (timed: readonly Timed[]): number => Math.max(...timed.map((t) => t.bytes / t.seconds));

/** Memory bandwidth alone, measured as calibrate measures it: bytes read and written per second. */
export async function measureBandwidth(options: CalibrateOptions): Promise<number> {
  const ort = await requireOrt('calibrate');
  const timed: Timed[] = [];
  for (const p of bandwidthProbes(options.quick === true)) timed.push(await measure(p, options, runsOf(options.quick === true), ort));
  return bestBandwidth(timed);
}

export async function calibrate(options: CalibrateOptions): Promise<DeviceProfile> {
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new FlopscopeError('usage', `--threads expects a positive whole number, received ${options.threads}`);
  const ort = await requireOrt('calibrate');
  const started = performance.now();
  const quick = options.quick === true;
  const runs = runsOf(quick);
  const peak = peakProbes(quick);
  const bandwidth = bandwidthProbes(quick);
  const kinds = efficiencyProbes(quick);
  const blocks = blockProbes(quick);
  const total = 1 + peak.length + bandwidth.length + kinds.length + blocks.length;
  let done = 0;
  const step = () => options.onProbe?.(++done, total);

  // Overhead: the median of the tiny ops' least-disturbed kernel times.
  const chain = await timeProbe(overheadProbe(), options, runs, ort);
  const tiny = chain.timing.nodes.map((n) => minimum(n.seconds)).sort((a, b) => a - b);
  const overheadSeconds = tiny[tiny.length >> 1];
  step();

  const peakTimed: Timed[] = [];
  for (const p of peak) { peakTimed.push(await measure(p, options, runs, ort)); step(); }
  const bestPeak = peakTimed.reduce((a, b) => (b.flops / b.seconds > a.flops / a.seconds ? b : a));
  const peakFlopsPerSecond = bestPeak.flops / bestPeak.seconds;

  const bwTimed: Timed[] = [];
  for (const p of bandwidth) { bwTimed.push(await measure(p, options, runs, ort)); step(); }
  const bandwidthBytesPerSecond = bestBandwidth(bwTimed);

  // Efficiency of a kind: its roofline time over its measured time (launch overhead removed); a
  // convolution's compares its compute term alone (see efficiencyScope).
  const efficiency: Record<string, number> = {};
  const obtained: Record<string, Provenance> = {};
  const effTimed = peakTimed.filter((t) => t.probe.kind);
  for (const p of kinds) { effTimed.push(await measure(p, options, runs, ort)); step(); }
  const byKind = new Map<string, Array<{ t: Timed; factor: number; roofline: number }>>();
  for (const t of effTimed) {
    const compute = t.flops / peakFlopsPerSecond;
    const roofline = efficiencyScope(t.probe.kind!) === 'compute' ? compute : Math.max(compute, t.bytes / bandwidthBytesPerSecond);
    // A convolution's weights add their memory time to its compute (rooflineSeconds).
    const streamed = efficiencyScope(t.probe.kind!) === 'compute' ? t.weightBytes / bandwidthBytesPerSecond : 0;
    const factor = roofline / Math.max(t.seconds - overheadSeconds - streamed, t.seconds / 10);
    byKind.set(t.probe.kind!, [...(byKind.get(t.probe.kind!) ?? []), { t, factor, roofline }]);
  }
  for (const [kind, list] of byKind) {
    const mean = Math.exp(list.reduce((s, x) => s + Math.log(x.factor), 0) / list.length);
    efficiency[kind] = Number(mean.toPrecision(3));
    const against = efficiencyScope(kind) === 'compute' ? 'a time at peak compute (with the weights\' memory time)' : 'a roofline time';
    const weights = (x: { t: Timed }) => (efficiencyScope(kind) === 'compute' ? x.t.weightBytes / bandwidthBytesPerSecond : 0);
    const parts = list.map((x) => `${x.t.probe.label}: ${(x.t.seconds * 1e3).toFixed(4)} ms against ${against} of ${((x.roofline + weights(x)) * 1e3).toFixed(4)} ms (${x.factor.toFixed(3)})`);
    obtained[`efficiency.${kind}`] = { method: 'measured', how: list.length > 1 ? `geometric mean of ${parts.join('; ')}` : parts[0] };
  }
  const blockTimed: Timed[] = [];
  for (const p of blocks) { blockTimed.push(await measure(p, options, runs, ort)); step(); }
  const channelBlock = channelBlockOf(blockTimed[0], blockTimed[1], overheadSeconds);
  obtained.channelBlock = { method: 'measured', how: channelBlock.how };
  const level = options.graphOptimization;
  const statistic = `minimum kernel time of ${runs} runs after a warm-up (onnxruntime's profiler)`;
  obtained.peakFlopsPerSecond = { method: 'measured', how: `best of ${peakTimed.map((t) => `${t.probe.label} (${gflops(t.flops / t.seconds)})`).join(', ')}` };
  obtained.bandwidthBytesPerSecond = { method: 'measured', how: `best of ${bwTimed.map((t) => `${t.probe.label} (${gbs(t.bytes / t.seconds)}, bytes read + written)`).join(', ')}` };
  obtained.overheadSeconds = { method: 'measured', how: `median over the ops of a ${overheadProbe().label} (${(overheadSeconds * 1e6).toFixed(1)} µs per kernel)` };
  const seconds = (performance.now() - started) / 1000;
  return {
    schema: DEVICE_SCHEMA,
    name: options.name ?? `${cpus()[0]?.model?.trim() || 'this machine'}, ${options.threads} thread${options.threads === 1 ? '' : 's'}`,
    dtype: 'fp32',
    peakFlopsPerSecond: Number(peakFlopsPerSecond.toPrecision(4)),
    bandwidthBytesPerSecond: Number(bandwidthBytesPerSecond.toPrecision(4)),
    overheadSeconds: Number(overheadSeconds.toPrecision(3)),
    fusion: level === 'all',
    channelBlock: channelBlock.block,
    efficiency,
    obtained,
    measuredWith: {
      engine: chain.timing.engine,
      graphOptimization: level,
      threads: options.threads,
      statistic,
      host: hostName(),
      date: new Date().toISOString(),
      seconds: Number(seconds.toFixed(1)),
    },
  };
}
