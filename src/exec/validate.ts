// Validation: predicted (the op definitions' shape, parameter and cost rules) against what the
// backends observed, layer by layer, plus the numerical agreement of the backends' outputs.
import { FlopscopeError } from '../errors.js';
import { GRAPH_INPUT, type Graph, type Node } from '../ir/graph.js';
import { getOp } from '../ops/catalogue.js';
import { WORK_KINDS, type OpDef, type Tensor, type WorkCount } from '../ops/types.js';
import { concrete, formatShape, type Dim } from '../shape/dim.js';
import type { Backend, LayerObservation, RunObservation } from './backend.js';
import { loadBackend } from './backends.js';
import { fileWeights, seededInput, seededWeights } from '../ir/weights.js';

export const CHECK_KINDS = ['shapes', 'params', 'counts', 'outputs'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** Default tolerance of the outputs check: max |a - b| over max |a| per layer tensor (see relativeError). */
export const DEFAULT_TOLERANCE = 1e-3;

/**
 * The smallest scale a layer's error is measured against, relative to its inputs' scale: 1024
 * float32 ulps (2^-13). A tensor far below its inputs (the mean of a normalised tensor, ~1e-8
 * from inputs ~1) holds rounding noise, on which two correct backends differ by 100%.
 */
export const NOISE_FLOOR = 2 ** -13;

export interface Mismatch {
  readonly layer: string;
  /** What differs: 'shape', 'params', 'buffers', 'macs', 'add', ..., 'values'. */
  readonly what: string;
  readonly expected: string | number;
  readonly observed: string | number;
}

export interface Check {
  readonly backend: string;
  readonly kind: CheckKind;
  readonly ok: boolean;
  /** Layers compared. */
  readonly layers: number;
  readonly mismatches: readonly Mismatch[];
  /** For 'outputs': which backend it is compared against, and the tolerance. */
  readonly against?: string;
  readonly tolerance?: number;
}

export interface ValidationResult {
  readonly model: string;
  readonly input: readonly number[];
  /** Where the weights came from: seeded random values, or an imported file's own. */
  readonly weights: 'seeded' | 'file';
  readonly ok: boolean;
  readonly checks: readonly Check[];
  /** Wall time of each backend's run (ms). */
  readonly runMs: Readonly<Record<string, number>>;
}

export interface ValidateOptions {
  readonly backends: readonly string[];
  readonly seed?: number;
  readonly tolerance?: number;
  /** The input tensor; by default a seeded one in [-1, 1). */
  readonly input?: Tensor;
  /** Where predictions come from; tests pass a deliberately wrong definition here. */
  readonly opDef?: (op: string, layer: string) => OpDef<any>;
  /** Progress: called with (backend, layers done, layers total). */
  readonly onProgress?: (backend: string, done: number, total: number) => void;
}

interface Prediction {
  readonly shape: string;
  readonly params: Dim;
  readonly buffers: Dim;
  readonly counts: Readonly<Record<keyof WorkCount, Dim>>;
}

function predict(node: Node, def: OpDef<any>): Prediction {
  const shape = def.outputShape(node.inputShapes, node.attrs, { layer: node.name });
  let params = 0;
  let buffers = 0;
  if (!node.sharedParams) {
    for (const p of def.params(node.inputShapes, node.attrs)) {
      const n = p.shape.reduce((a: number, b: number) => a * b, 1);
      if (p.role === 'buffer') buffers += n;
      else params += n;
    }
  }
  const raw = def.work(node.inputShapes, shape, node.attrs);
  const counts: Record<string, Dim> = { macs: def.macs(node.inputShapes, shape, node.attrs) };
  for (const k of WORK_KINDS) counts[k] = raw === 'none' ? 0 : (raw[k] ?? 0);
  return { shape: formatShape(shape), params, buffers, counts: counts as Prediction['counts'] };
}

/** Exact equality of a predicted count (number, bigint) and an observed one. */
function sameCount(predicted: Dim, observed: number): boolean {
  const c = concrete(predicted);
  return c !== undefined && BigInt(c) === BigInt(observed);
}

function check(backend: string, kind: CheckKind, layers: number, mismatches: Mismatch[], extra: Partial<Check> = {}): Check {
  return { backend, kind, ok: mismatches.length === 0, layers, mismatches, ...extra };
}

/**
 * max |a - b| / max(max |a|, NOISE_FLOOR * inputScale): the error relative to the tensor's own
 * scale, or to the float32 noise level of its inputs (inputScale = max |x| over the layer's
 * inputs) when the tensor is smaller than that.
 */
export function relativeError(expected: Float32Array, observed: Float32Array, inputScale = 0): number {
  if (expected.length !== observed.length) return Infinity;
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = expected[i];
    const d = Math.abs(a - observed[i]);
    if (!(d <= diff)) diff = d; // NaN-safe: a NaN difference propagates
    if (Math.abs(a) > scale) scale = Math.abs(a);
  }
  return diff / Math.max(scale, NOISE_FLOOR * inputScale, 1e-12);
}

function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

function compareRun(run: RunObservation, backend: Pick<Backend, 'name' | 'observes'>, predictions: readonly Prediction[], graph: Graph): Check[] {
  const byName = new Map<string, LayerObservation>(run.layers.map((l) => [l.name, l]));
  const shapes: Mismatch[] = [];
  const params: Mismatch[] = [];
  const counts: Mismatch[] = [];
  graph.nodes.forEach((node, i) => {
    const p = predictions[i];
    const o = byName.get(node.name);
    if (!o) {
      shapes.push({ layer: node.name, what: 'shape', expected: p.shape, observed: 'not produced' });
      return;
    }
    const seen = o.shape.join('x');
    if (seen !== p.shape) shapes.push({ layer: node.name, what: 'shape', expected: p.shape, observed: seen || 'none' });
    if (backend.observes.params) {
      if (!sameCount(p.params, o.params ?? 0)) params.push({ layer: node.name, what: 'params', expected: String(p.params), observed: o.params ?? 0 });
      if (!sameCount(p.buffers, o.buffers ?? 0)) params.push({ layer: node.name, what: 'buffers', expected: String(p.buffers), observed: o.buffers ?? 0 });
    }
    if (backend.observes.counts && o.counts) {
      for (const k of ['macs', ...WORK_KINDS] as const) {
        if (!sameCount(p.counts[k], o.counts[k])) counts.push({ layer: node.name, what: k, expected: String(p.counts[k]), observed: o.counts[k] });
      }
    }
  });
  const n = graph.nodes.length;
  return [
    check(backend.name, 'shapes', n, shapes),
    ...(backend.observes.params ? [check(backend.name, 'params', n, params)] : []),
    ...(backend.observes.counts ? [check(backend.name, 'counts', n, counts)] : []),
  ];
}

function compareValues(base: RunObservation, other: RunObservation, tolerance: number, graph: Graph, input: Tensor): Check {
  const mismatches: Mismatch[] = [];
  const theirs = new Map(other.layers.map((l) => [l.name, l]));
  const ours = new Map(base.layers.map((l) => [l.name, l]));
  const nodes = new Map(graph.nodes.map((n) => [n.name, n]));
  const scales = new Map<number, number>();
  const scaleOf = (id: number): number => {
    let s = scales.get(id);
    if (s === undefined) {
      const values = id === GRAPH_INPUT ? input.data : ours.get(graph.nodes[id].name)?.values;
      s = values ? maxAbs(values) : 0;
      scales.set(id, s);
    }
    return s;
  };
  for (const l of base.layers) {
    const o = theirs.get(l.name);
    if (!l.values || !o?.values) continue;
    const inputScale = Math.max(0, ...(nodes.get(l.name)?.inputs ?? []).map(scaleOf));
    const err = relativeError(l.values, o.values, inputScale);
    if (!(err <= tolerance)) mismatches.push({ layer: l.name, what: 'values', expected: `relative error <= ${tolerance}`, observed: Number.isFinite(err) ? Number(err.toPrecision(3)) : String(err) });
  }
  return check(other.backend, 'outputs', base.layers.length, mismatches, { against: base.backend, tolerance });
}

export async function validateGraph(graph: Graph, options: ValidateOptions): Promise<ValidationResult> {
  if (graph.uncounted?.length) {
    throw new FlopscopeError('unknown-op', `${graph.name} has nodes outside the op catalogue (${graph.uncounted.map((u) => `${u.name} (${u.opType})`).join(', ')}); they cannot be run or checked`);
  }
  const lookup = options.opDef ?? ((op: string, layer: string) => getOp(op, layer));
  const predictions = graph.nodes.map((n) => predict(n, lookup(n.op, n.name)));
  // An imported model runs with its own weights: the reference kernels read the file's tensors.
  const fileValues = graph.origin ? await graph.origin.weights() : undefined;
  const input = options.input ?? seededInput(graph.input.map(Number), options.seed ?? 0);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const keepValues = options.backends.length > 1;
  const backends = await Promise.all(options.backends.map((name) => loadBackend(name)));
  const done = new Map<string, { checks: Check[]; run: RunObservation }>();
  // Sessions that copy the weights run first: their native memory goes at dispose, while what a
  // JavaScript backend allocated goes only at a collection, which native allocations do not
  // prompt (VGG-16 peaked at 1.6 GB the other way round). Results keep the order asked for.
  for (const backend of [...backends].sort((a, b) => Number(a.readsWeightsEachRun) - Number(b.readsWeightsEachRun))) {
    // One run per backend: each weight is made when a layer reads it and kept by no one after
    // (the same seeded values for every backend), so a large model is never held whole twice.
    const weights = fileValues ? fileWeights(fileValues) : seededWeights(options.seed ?? 0, 'random', { retain: false });
    const model = await backend.prepare(graph, weights);
    try {
      const run = await model.run(input, { keepValues, onLayer: (d, t) => options.onProgress?.(backend.name, d, t) });
      done.set(backend.name, { checks: compareRun(run, { name: backend.name, observes: { ...backend.observes, ...model.observes } }, predictions, graph), run });
    } finally {
      await model.dispose();
    }
  }
  const checks: Check[] = [];
  const runs: RunObservation[] = [];
  const runMs: Record<string, number> = {};
  for (const backend of backends) {
    const { checks: own, run } = done.get(backend.name)!;
    runMs[backend.name] = run.totalMs;
    checks.push(...own);
    if (keepValues && backend.observes.values) runs.push(run);
  }
  for (const other of runs.slice(1)) checks.push(compareValues(runs[0], other, tolerance, graph, input));
  return { model: graph.name, input: graph.input.map(Number), weights: graph.origin ? 'file' : 'seeded', ok: checks.every((c) => c.ok), checks, runMs };
}
