// Measured cost: each layer's median time on a backend next to its predicted FLOPs and memory
// traffic, giving achieved GFLOP/s, arithmetic intensity, and each layer's (and op kind's, and
// the SE blocks') share of time against its share of FLOPs.
import { analyze } from '../cost/analyze.js';
import type { Convention, ConventionName } from '../cost/conventions/index.js';
import type { Graph } from '../ir/graph.js';
import { add, type Dim } from '../shape/dim.js';
import { loadBackend } from './backends.js';
import { FlopscopeError } from '../errors.js';
import { seededInput, seededWeights } from '../ir/weights.js';

export interface ProfileRow {
  readonly name: string;
  readonly op: string;
  readonly layers: number;
  /** Median over the runs, in milliseconds (for a group: the sum of its layers' medians). */
  readonly timeMs: number;
  readonly flops: Dim;
  readonly trafficBytes: Dim;
  /** flops / time; NaN when the time is 0. */
  readonly gflopsPerSecond: number;
  /** flops per byte of memory traffic; NaN when there is no traffic. */
  readonly intensity: number;
  readonly timeShare: number;
  readonly flopsShare: number;
  /** A layer row of an SE block (the SE marker); op-kind rows leave it out. */
  readonly se?: boolean;
}

export interface ProfileResult {
  readonly model: string;
  readonly input: readonly number[];
  readonly backend: string;
  readonly runs: number;
  readonly convention: { readonly name: string; readonly title: string };
  readonly totalMs: number;
  readonly totalFlops: Dim;
  readonly layers: readonly ProfileRow[];
  readonly ops: readonly ProfileRow[];
  /** Totals of the layers tagged 'se', for models that have SE blocks. */
  readonly se?: { readonly layers: number; readonly timeShare: number; readonly flopsShare: number };
}

export interface ProfileOptions {
  readonly backend: string;
  readonly runs: number;
  readonly convention?: ConventionName | Convention;
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function row(name: string, op: string, layers: number, timeMs: number, flops: Dim, trafficBytes: Dim, totalMs: number, totalFlops: Dim): ProfileRow {
  const f = Number(flops);
  return {
    name, op, layers, timeMs, flops, trafficBytes,
    gflopsPerSecond: timeMs > 0 ? f / (timeMs * 1e6) : NaN,
    intensity: Number(trafficBytes) > 0 ? f / Number(trafficBytes) : NaN,
    timeShare: totalMs > 0 ? timeMs / totalMs : NaN,
    flopsShare: Number(totalFlops) > 0 ? f / Number(totalFlops) : NaN,
  };
}

export async function profileGraph(graph: Graph, options: ProfileOptions): Promise<ProfileResult> {
  const report = analyze(graph, { convention: options.convention ?? 'flops' });
  const backend = await loadBackend(options.backend);
  if (!backend.observes.time) throw new FlopscopeError('backend', `backend '${backend.name}' cannot time layers`);
  const model = await backend.prepare(graph, seededWeights(options.seed ?? 0));
  let times: Map<string, number[]>;
  try {
    if (!model.timeLayers) throw new FlopscopeError('backend', `backend '${backend.name}' cannot time layers`);
    times = await model.timeLayers(seededInput(graph.input.map(Number), options.seed ?? 0), options.runs, (d) => options.onProgress?.(d, options.runs));
  } finally {
    await model.dispose();
  }
  const medians = report.layers.map((l) => median(times.get(l.name) ?? [0]));
  const totalMs = medians.reduce((a, b) => a + b, 0);
  const totalFlops = report.totals.flops;
  const layers = report.layers.map((l, i) => ({ ...row(l.name, l.op, 1, medians[i], l.flops, l.trafficBytes, totalMs, totalFlops), se: l.se }));

  const byOp = new Map<string, { n: number; t: number; f: Dim; b: Dim }>();
  let se: { n: number; t: number; f: Dim } | undefined;
  report.layers.forEach((l, i) => {
    const g = byOp.get(l.op) ?? { n: 0, t: 0, f: 0, b: 0 };
    byOp.set(l.op, { n: g.n + 1, t: g.t + medians[i], f: add(g.f, l.flops), b: add(g.b, l.trafficBytes) });
    if (l.se) se = { n: (se?.n ?? 0) + 1, t: (se?.t ?? 0) + medians[i], f: add(se?.f ?? 0, l.flops) };
  });
  const ops = [...byOp.entries()]
    .map(([op, g]) => row(op, op, g.n, g.t, g.f, g.b, totalMs, totalFlops))
    .sort((a, b) => b.timeMs - a.timeMs);
  const seTotals = se as { n: number; t: number; f: Dim } | undefined;
  return {
    model: graph.name,
    input: graph.input.map(Number),
    backend: backend.name,
    runs: options.runs,
    convention: { name: report.convention.name, title: report.convention.title },
    totalMs,
    totalFlops,
    layers,
    ops,
    ...(seTotals ? { se: { layers: seTotals.n, timeShare: seTotals.t / totalMs, flopsShare: Number(seTotals.f) / Number(totalFlops) } } : {}),
  };
}

/** "SE blocks: 0.2% of FLOPs, 3.1% of time" */
export function seLine(result: ProfileResult): string | undefined {
  if (!result.se) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `SE blocks: ${pct(result.se.flopsShare)} of FLOPs, ${pct(result.se.timeShare)} of time (${result.se.layers} layers)`;
}
