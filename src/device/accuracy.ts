// How well the time model predicts: each predicted kernel against onnxruntime's measured kernel
// times, run with the settings the device profile was measured with (graph optimizations,
// threads). Measured figures are per-node minimums over the runs: on a shared machine the least
// disturbed run is the closest to what the hardware does; the wall times are kept beside them.
import { sampleRankCorrelation } from 'simple-statistics';
import type { CostReport } from '../cost/analyze.js';
import type { Graph } from '../ir/graph.js';
import { median } from '../exec/profile.js';
import type { Ort } from '../exec/onnxruntime.js';
import { timeWithOnnxruntime, type OrtTimingOptions } from '../exec/ort-timing.js';
import { add, type Dim } from '../shape/dim.js';
import { layerOfNode, minimum } from './match.js';
import type { DeviceProfile } from './profile.js';
import { predictLatency, type Bound, type KernelPrediction } from './roofline.js';

export interface KernelComparison {
  readonly name: string;
  readonly kind: string;
  readonly layers: readonly string[];
  readonly bound: Bound;
  readonly se: boolean;
  readonly predictedSeconds: number;
  readonly measuredSeconds: number;
}

export interface KindComparison {
  readonly kind: string;
  readonly kernels: number;
  readonly predictedSeconds: number;
  readonly measuredSeconds: number;
}

export interface AccuracyResult {
  readonly device: DeviceProfile;
  readonly engine: string;
  /** The settings onnxruntime ran with: the device's own (measuredWith), else what its fusion implies, one thread. */
  readonly graphOptimization: OrtTimingOptions['graphOptimization'];
  readonly threads: number;
  readonly runs: number;
  readonly kernels: readonly KernelComparison[];
  readonly kinds: readonly KindComparison[];
  /** Engine nodes that run no layer of the model (layout reorders), by op type. */
  readonly unmatched: ReadonlyArray<{ readonly opType: string; readonly nodes: number; readonly seconds: number }>;
  readonly predictedSeconds: number;
  /** Sum of every engine node's minimum kernel time, unmatched nodes included. */
  readonly measuredSeconds: number;
  readonly wallSeconds: { readonly minimum: number; readonly median: number };
  /** predicted / measured - 1. */
  readonly totalError: number;
  /** Spearman rank correlation of predicted and measured kernel times. */
  readonly spearman: number;
  readonly se?: { readonly flopsShare: number; readonly predictedShare: number; readonly measuredShare: number };
}

export interface AccuracyOptions {
  readonly runs: number;
  readonly seed?: number;
  readonly onRun?: (done: number, total: number) => void;
  /** The loaded engine (callers load it first, to name themselves when it is missing). */
  readonly ort?: Ort;
}

interface Row { k: KernelPrediction; measured: number; matched: boolean }

/**
 * A kernel the engine ran inside another (no node of its own, e.g. two channel splits run as one
 * Split) joins the next kernel that has a node, so both sides compare the same work.
 */
function mergeUnmatched(rows: Row[]): Array<{ rows: Row[] }> {
  const merged: Array<{ rows: Row[] }> = [];
  let pending: Row[] = [];
  for (const r of rows) {
    pending.push(r);
    if (r.matched) {
      merged.push({ rows: pending });
      pending = [];
    }
  }
  if (pending.length) {
    if (merged.length) merged[merged.length - 1].rows.push(...pending);
    else merged.push({ rows: pending });
  }
  return merged;
}

export async function measureAccuracy(graph: Graph, report: CostReport, device: DeviceProfile, options: AccuracyOptions): Promise<AccuracyResult> {
  const prediction = predictLatency(graph, report, device);
  const graphOptimization = device.measuredWith?.graphOptimization ?? (device.fusion ? 'all' : 'disabled');
  const threads = device.measuredWith?.threads ?? 1;
  const timing = await timeWithOnnxruntime(graph, {
    runs: options.runs,
    graphOptimization,
    threads,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.onRun ? { onRun: options.onRun } : {}),
  }, options.ort);
  const layerIds = new Map(graph.nodes.map((n) => [n.name, n.id]));
  const kernelOfLayer = new Int32Array(graph.nodes.length);
  const live = prediction.kernels.map((k, i) => ({ k, i })).filter(({ k }) => k.seconds > 0 || k.flops > 0 || k.bytes > 0);
  prediction.kernels.forEach((k, i) => k.layers.forEach((name) => { kernelOfLayer[layerIds.get(name)!] = i; }));
  const measured = new Float64Array(prediction.kernels.length);
  const matched = new Uint8Array(prediction.kernels.length);
  const unmatched = new Map<string, { nodes: number; seconds: number }>();
  let measuredSeconds = 0;
  for (const n of timing.nodes) {
    const s = minimum(n.seconds);
    measuredSeconds += s;
    const layer = layerOfNode(n.name, layerIds);
    if (layer === undefined) {
      const u = unmatched.get(n.opType) ?? { nodes: 0, seconds: 0 };
      unmatched.set(n.opType, { nodes: u.nodes + 1, seconds: u.seconds + s });
      continue;
    }
    measured[kernelOfLayer[layer]] += s;
    matched[kernelOfLayer[layer]] = 1;
  }
  const rows = live.map(({ k, i }) => ({ k, measured: measured[i], matched: matched[i] === 1 }));
  const kernels: KernelComparison[] = mergeUnmatched(rows).map(({ rows: rs }) => {
    const head = rs[rs.length - 1].k;
    const predicted = rs.reduce((s, r) => s + r.k.seconds, 0);
    return {
      name: rs.map((r) => r.k.name).join(' + '), kind: head.kind, layers: rs.flatMap((r) => r.k.layers),
      bound: head.bound, se: rs.some((r) => r.k.se), predictedSeconds: predicted, measuredSeconds: rs.reduce((s, r) => s + r.measured, 0),
    };
  });
  const byKind = new Map<string, { kernels: number; p: number; m: number }>();
  for (const k of kernels) {
    const g = byKind.get(k.kind) ?? { kernels: 0, p: 0, m: 0 };
    byKind.set(k.kind, { kernels: g.kernels + 1, p: g.p + k.predictedSeconds, m: g.m + k.measuredSeconds });
  }
  const kinds = [...byKind].map(([kind, g]) => ({ kind, kernels: g.kernels, predictedSeconds: g.p, measuredSeconds: g.m })).sort((a, b) => b.measuredSeconds - a.measuredSeconds);
  const predictedSeconds = prediction.predictedSeconds;
  let se: AccuracyResult['se'];
  if (prediction.seSeconds !== undefined) {
    let seFlops: Dim = 0;
    for (const l of report.layers) if (l.se) seFlops = add(seFlops, l.flops);
    const seMeasured = kernels.filter((k) => k.se).reduce((s, k) => s + k.measuredSeconds, 0);
    se = { flopsShare: Number(seFlops) / Number(report.totals.flops), predictedShare: prediction.seSeconds / predictedSeconds, measuredShare: seMeasured / measuredSeconds };
  }
  return {
    device,
    engine: timing.engine,
    graphOptimization,
    threads,
    runs: options.runs,
    kernels,
    kinds,
    unmatched: [...unmatched].map(([opType, u]) => ({ opType, ...u })).sort((a, b) => b.seconds - a.seconds),
    predictedSeconds,
    measuredSeconds,
    wallSeconds: { minimum: minimum(timing.wallSeconds), median: median(timing.wallSeconds) },
    totalError: predictedSeconds / measuredSeconds - 1,
    spearman: kernels.length > 1 ? sampleRankCorrelation(kernels.map((k) => k.predictedSeconds), kernels.map((k) => k.measuredSeconds)) : NaN,
    ...(se ? { se } : {}),
  };
}
