// The cost model: per-layer counts from each op's formulas, and whole-network totals.
import { getOp, type OpName } from '../ops/catalogue.js';
import type { ElementwiseWork, OpCategory } from '../ops/types.js';
import { isSE } from '../dsl/se-marker.js';
import type { SourceSite } from '../errors.js';
import { add, mul, product, type Dim, type Shape } from '../shape/dim.js';
import type { Graph } from '../ir/graph.js';
import { getConvention, type Convention, type CountedLayer } from './conventions/index.js';
import { dtypeBytes } from './dtype.js';
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
  readonly dtype: string;
  readonly layers: readonly LayerCost[];
  readonly totals: Totals;
}

export interface AnalyzeOptions {
  readonly convention?: string | Convention;
  readonly dtype?: string;
  /** false skips the per-layer records (totals only), for sweeps over many configurations. */
  readonly perLayer?: boolean;
}

const NO_WORK: ElementwiseWork = { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };

export function analyze(graph: Graph, options: AnalyzeOptions = {}): CostReport {
  const convention = typeof options.convention === 'object' ? options.convention : getConvention(options.convention ?? 'macs');
  const dtype = options.dtype ?? 'fp32';
  const bytes = dtypeBytes(dtype);
  const layers: LayerCost[] = [];
  const perLayer = options.perLayer !== false;
  // Totals count elements; bytes follow from the dtype once at the end.
  const t = { params: 0 as Dim, buffers: 0 as Dim, macs: 0 as Dim, flops: 0 as Dim, add: 0 as Dim, mul: 0 as Dim, cmp: 0 as Dim, div: 0 as Dim, exp: 0 as Dim, activationElements: 0 as Dim, trafficElements: 0 as Dim };
  const views = new Uint8Array(graph.nodes.length);
  // One record reused for every layer's convention call: sweeps analyse thousands of graphs.
  const counted: { -readonly [K in keyof CountedLayer]: CountedLayer[K] } = { op: 'identity', macs: 0, work: NO_WORK, inputElements: 0, outputElements: 0, se: false, attrs: {} };
  for (const node of graph.nodes) {
    const def = getOp(node.op, node.name);
    if (def.view) views[node.id] = 1;
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
    const se = isSE(node.tags);
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
      params,
      buffers,
      macs,
      work,
      arithmetic: raw !== 'none',
      flops,
      activationElements,
      activationBytes: mul(activationElements, bytes),
      weightReadBytes: mul(weightElements, bytes),
      trafficBytes: mul(trafficElements, bytes),
    });
    t.params = add(t.params, params);
    t.buffers = add(t.buffers, buffers);
    t.macs = add(t.macs, macs);
    t.flops = add(t.flops, flops);
    if (raw !== 'none') {
      t.add = add(t.add, work.add);
      t.mul = add(t.mul, work.mul);
      t.cmp = add(t.cmp, work.cmp);
      t.div = add(t.div, work.div);
      t.exp = add(t.exp, work.exp);
    }
    t.activationElements = add(t.activationElements, activationElements);
    t.trafficElements = add(t.trafficElements, trafficElements);
  }
  const peak = peakActivationElements(graph, views);
  const totals: Totals = {
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
    ...(peak !== undefined ? { peakActivationBytes: mul(peak, bytes) } : {}),
    weightBytes: mul(t.params, bytes),
    trafficBytes: mul(t.trafficElements, bytes),
  };
  return { model: graph.name, input: graph.input, convention, dtype, layers, totals };
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
