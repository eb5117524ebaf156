// The cost model: per-layer counts from each op's formulas, and whole-network totals.
import { getOp, type OpName } from '../ops/catalogue.js';
import type { ElementwiseWork, OpCategory, OpDef } from '../ops/types.js';
import { isSE } from '../dsl/se-marker.js';
import type { SourceSite } from '../errors.js';
import { add, mul, product, type Dim, type Shape } from '../shape/dim.js';
import type { Graph, Node, UncountedNode } from '../ir/graph.js';
import { getConvention, type Convention, type ConventionName, type CountedLayer } from './conventions/index.js';
import { dtypeBytes, type DtypeName } from './dtype.js';
import { liveActivationElements } from './live-memory.js';

export interface LayerCost {
  readonly name: string;
  readonly op: OpName;
  readonly category: OpCategory;
  readonly stage: string;
  readonly tags: readonly string[];
  /** Part of a squeeze-and-excitation block (the SE marker). */
  readonly se: boolean;
  readonly site: SourceSite | undefined;
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  /** Learned parameters this layer owns (0 when it reuses an earlier layer's weights). */
  readonly params: Dim;
  /** Non-learned state (BatchNorm running statistics). */
  readonly buffers: Dim;
  readonly macs: Dim;
  readonly work: ElementwiseWork;
  /** False for ops that only move data (concat, split, shuffle, views): zero by definition. */
  readonly arithmetic: boolean;
  /** The convention's headline count. */
  readonly flops: Dim;
  /** Elements of the output tensor; 0 for views, which alias their input. */
  readonly activationElements: Dim;
  readonly activationBytes: Dim;
  /**
   * Bytes of parameters and buffers this layer reads when it runs (a reused layer reads its
   * weights again). Not the model's size: that is Totals.weightBytes, each weight once.
   */
  readonly weightReadBytes: Dim;
  /** Bytes read (inputs, weights) plus bytes written (output); 0 for views. */
  readonly trafficBytes: Dim;
}

export interface Totals {
  readonly params: Dim;
  readonly buffers: Dim;
  readonly macs: Dim;
  readonly flops: Dim;
  readonly add: Dim;
  readonly mul: Dim;
  readonly cmp: Dim;
  readonly div: Dim;
  readonly exp: Dim;
  readonly activationElements: Dim;
  readonly activationBytes: Dim;
  /** Largest memory held by live activations at once (input included), when sizes are concrete. */
  readonly peakActivationBytes?: Dim;
  /** Bytes of the learned parameters, each weight once. */
  readonly weightBytes: Dim;
  readonly trafficBytes: Dim;
}

export interface CostReport {
  readonly model: string;
  readonly input: Shape;
  readonly convention: Convention;
  readonly dtype: DtypeName;
  readonly layers: readonly LayerCost[];
  readonly totals: Totals;
  /** The family the model was built from, when known. */
  readonly family?: string;
  /** The family's options in force (defaults, the architecture's own, overrides), when known. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The graph's remarks (an imported file: folded batch norms, a rebound input). */
  readonly notes?: readonly string[];
  /** Nodes of an imported file that are not counted (--allow-unknown). */
  readonly uncounted?: readonly UncountedNode[];
}

export interface AnalyzeOptions {
  /** What the headline FLOPs count (default 'macs'). */
  readonly convention?: ConventionName | Convention;
  /** Bytes per element of the memory figures (default 'fp32'). */
  readonly dtype?: DtypeName;
  /** false skips the per-layer records (totals only), for sweeps over many configurations. */
  readonly perLayer?: boolean;
}

const NO_WORK: ElementwiseWork = { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };

/** What one node adds to the totals, in elements (bytes follow from the dtype). */
export interface NodeCounts {
  readonly def: OpDef;
  readonly params: Dim;
  readonly buffers: Dim;
  readonly macs: Dim;
  readonly flops: Dim;
  readonly work: ElementwiseWork;
  /** False for ops that only move data: their work is zero by definition. */
  readonly arithmetic: boolean;
  /** 0 for views, which alias their input. */
  readonly activationElements: Dim;
  /** Parameters and buffers read when the node runs (a reused layer reads its weights again). */
  readonly weightElements: Dim;
  readonly trafficElements: Dim;
}

/** What a node is, as far as its counts go. */
export type CountedNode = Pick<Node, 'op' | 'name' | 'attrs' | 'inputShapes' | 'outputShape' | 'params' | 'sharedParams'>;

/**
 * One node's counts under `convention`. `counted` is a record reused for every convention call:
 * sweeps analyse thousands of graphs.
 */
export function nodeCounts(node: CountedNode, se: boolean, convention: Convention, counted: MutableCounted = newCounted()): NodeCounts {
  const def = getOp(node.op, node.name);
  const macs = def.macs(node.inputShapes, node.outputShape, node.attrs);
  const raw = def.work(node.inputShapes, node.outputShape, node.attrs);
  const work: ElementwiseWork = raw === 'none' ? NO_WORK : { add: raw.add ?? 0, mul: raw.mul ?? 0, cmp: raw.cmp ?? 0, div: raw.div ?? 0, exp: raw.exp ?? 0 };
  let params: Dim = 0;
  let buffers: Dim = 0;
  let weightElements: Dim = 0;
  for (const p of node.params) {
    const n = product(p.shape);
    weightElements = add(weightElements, n);
    if (node.sharedParams) continue;
    if (p.role === 'buffer') buffers = add(buffers, n);
    else params = add(params, n);
  }
  const outputElements = product(node.outputShape);
  let inputElements: Dim = 0;
  for (const s of node.inputShapes) inputElements = add(inputElements, product(s));
  counted.op = node.op;
  counted.se = se;
  counted.macs = macs;
  counted.work = work;
  counted.inputElements = inputElements;
  counted.outputElements = outputElements;
  counted.attrs = node.attrs;
  const flops = convention.flops(counted);
  const activationElements = def.view ? 0 : outputElements;
  const trafficElements = def.view ? 0 : add(add(inputElements, activationElements), weightElements);
  return { def, params, buffers, macs, flops, work, arithmetic: raw !== 'none', activationElements, weightElements, trafficElements };
}

export type MutableCounted = { -readonly [K in keyof CountedLayer]: CountedLayer[K] };

export function newCounted(): MutableCounted {
  return { op: 'identity', macs: 0, work: NO_WORK, inputElements: 0, outputElements: 0, se: false, attrs: {} };
}

/** Running sums of a graph's node counts, in elements. */
export interface Sums {
  params: Dim;
  buffers: Dim;
  macs: Dim;
  flops: Dim;
  add: Dim;
  mul: Dim;
  cmp: Dim;
  div: Dim;
  exp: Dim;
  activationElements: Dim;
  trafficElements: Dim;
}

export function emptySums(): Sums {
  return { params: 0, buffers: 0, macs: 0, flops: 0, add: 0, mul: 0, cmp: 0, div: 0, exp: 0, activationElements: 0, trafficElements: 0 };
}

export function addCounts(t: Sums, c: NodeCounts): void {
  t.params = add(t.params, c.params);
  t.buffers = add(t.buffers, c.buffers);
  t.macs = add(t.macs, c.macs);
  t.flops = add(t.flops, c.flops);
  if (c.arithmetic) {
    t.add = add(t.add, c.work.add);
    t.mul = add(t.mul, c.work.mul);
    t.cmp = add(t.cmp, c.work.cmp);
    t.div = add(t.div, c.work.div);
    t.exp = add(t.exp, c.work.exp);
  }
  t.activationElements = add(t.activationElements, c.activationElements);
  t.trafficElements = add(t.trafficElements, c.trafficElements);
}

/** The totals from element sums, bytes computed once from the dtype's size. */
export function totalsOf(t: Sums, peakElements: Dim | undefined, bytes: number): Totals {
  return {
    params: t.params,
    buffers: t.buffers,
    macs: t.macs,
    flops: t.flops,
    add: t.add,
    mul: t.mul,
    cmp: t.cmp,
    div: t.div,
    exp: t.exp,
    activationElements: t.activationElements,
    activationBytes: mul(t.activationElements, bytes),
    ...(peakElements !== undefined ? { peakActivationBytes: mul(peakElements, bytes) } : {}),
    weightBytes: mul(t.params, bytes),
    trafficBytes: mul(t.trafficElements, bytes),
  };
}

export function analyze(graph: Graph, options: AnalyzeOptions = {}): CostReport {
  const convention = typeof options.convention === 'object' ? options.convention : getConvention(options.convention ?? 'macs');
  const dtype: DtypeName = options.dtype ?? 'fp32';
  const bytes = dtypeBytes(dtype);
  const layers: LayerCost[] = [];
  const perLayer = options.perLayer !== false;
  // Totals count elements; bytes follow from the dtype once at the end.
  const t = emptySums();
  const views = new Uint8Array(graph.nodes.length);
  const counted = newCounted();
  for (const node of graph.nodes) {
    const se = isSE(node.tags);
    const c = nodeCounts(node, se, convention, counted);
    const def = c.def;
    if (def.view) views[node.id] = 1;
    if (perLayer) layers.push({
      name: node.name,
      op: node.op,
      category: def.category,
      stage: node.stage,
      tags: node.tags,
      se,
      site: node.site,
      inputShapes: node.inputShapes,
      outputShape: node.outputShape,
      params: c.params,
      buffers: c.buffers,
      macs: c.macs,
      work: c.work,
      arithmetic: c.arithmetic,
      flops: c.flops,
      activationElements: c.activationElements,
      activationBytes: mul(c.activationElements, bytes),
      weightReadBytes: mul(c.weightElements, bytes),
      trafficBytes: mul(c.trafficElements, bytes),
    });
    addCounts(t, c);
  }
  const totals = totalsOf(t, peakActivationElements(graph, views), bytes);
  return {
    model: graph.name, input: graph.input, convention, dtype, layers, totals,
    ...(graph.family !== undefined ? { family: graph.family } : {}),
    ...(graph.options !== undefined ? { options: graph.options } : {}),
    ...(graph.notes?.length ? { notes: graph.notes } : {}),
    ...(graph.uncounted?.length ? { uncounted: graph.uncounted } : {}),
  };
}

/**
 * Peak of live activation memory when the nodes run in order and each tensor is freed after its
 * last consumer (views extend the life of the tensor they alias). Undefined for symbolic sizes
 * and for peaks past 2^53 elements.
 */
export function peakActivationElements(graph: Graph, views?: Uint8Array): Dim | undefined {
  const curve = liveActivationElements(graph, views);
  if (!curve) return undefined;
  let peak = curve.input;
  for (const v of curve.live) if (v > peak) peak = v;
  // Every running sum is at most the peak, so the sums were exact if the peak is below 2^53;
  // beyond that the peak is left out rather than rounded.
  return peak <= Number.MAX_SAFE_INTEGER ? peak : undefined;
}
