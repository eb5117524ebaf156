// The roofline time model: a kernel takes max(FLOPs / peak, bytes / bandwidth), with its op kind's
// efficiency applied (to the compute term of a convolution, to the whole of other kinds), plus a
// fixed launch overhead; a convolution also waits for its weights (see rooflineSeconds). A kernel
// is compute-bound when its compute term is the larger. FLOPs here are the work a processor does (2 per multiply-accumulate, over channels
// padded to the device's channel block, plus every element-wise operation), whatever convention a
// report headlines.
import type { CostReport, LayerCost } from '../cost/analyze.js';
import { dtypeBytes } from '../cost/dtype.js';
import { FlopscopeError } from '../errors.js';
import type { Graph, Node } from '../ir/graph.js';
import { isSymbolic, product, type Dim } from '../shape/dim.js';
import { fusedGroups, type FusedGroup } from './fusion.js';
import { efficiencyScope, GROUP_WIDTHS, groupWidthKind, opKind } from './kinds.js';
import type { DeviceProfile } from './profile.js';

export type Bound = 'compute' | 'memory';

export interface KernelTime {
  readonly computeSeconds: number;
  readonly memorySeconds: number;
  readonly seconds: number;
  readonly bound: Bound;
}

/**
 * The time of one kernel. Most kinds: max(flops / peak, bytes / bandwidth) / efficiency +
 * overhead. A convolution: max(flops / (peak * efficiency), activation bytes / bandwidth) +
 * weight bytes / bandwidth + overhead: its efficiency says how near the peak it computes, and its
 * weights, which leave the cache between inferences, are waited for rather than hidden under the
 * arithmetic (at equal FLOPs, convolutions with megabytes of weights measure slower in proportion).
 * `efficiency` overrides the kind's factor (a grouped convolution's depends on its width);
 * `weightBytes` is the part of `bytes` that is weights.
 */
export function rooflineSeconds(flops: number, bytes: number, kind: string, device: DeviceProfile, efficiency = device.efficiency[kind] ?? 1, weightBytes = 0): KernelTime {
  const computeSeconds = flops / device.peakFlopsPerSecond;
  const memorySeconds = bytes / device.bandwidthBytesPerSecond;
  if (efficiencyScope(kind) === 'compute') {
    const compute = computeSeconds / efficiency;
    const weights = weightBytes / device.bandwidthBytesPerSecond;
    return {
      computeSeconds,
      memorySeconds,
      seconds: Math.max(compute, memorySeconds - weights) + weights + device.overheadSeconds,
      bound: compute >= memorySeconds ? 'compute' : 'memory',
    };
  }
  return {
    computeSeconds,
    memorySeconds,
    seconds: Math.max(computeSeconds, memorySeconds) / efficiency + device.overheadSeconds,
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory',
  };
}

/**
 * The efficiency of a grouped convolution. One whose groups each hold whole channel blocks runs
 * as a dense convolution per group in the blocked layout, at the dense kind's efficiency. Others
 * run on a slower path whose efficiency grows with the channels per group (here the geometric
 * mean of input and output channels per group): interpolated between the widths calibrate
 * measured, on logarithmic scales, and held at the end values beyond them.
 */
export function groupedEfficiency(node: Node, device: DeviceProfile): number {
  const groups = node.attrs.groups as number;
  const perIn = Number(node.inputShapes[0][1]) / groups;
  const perOut = (node.attrs.outChannels as number) / groups;
  const block = device.channelBlock;
  if (block > 1 && perIn % block === 0 && perOut % block === 0) {
    const kernel = node.attrs.kernel as readonly number[];
    return device.efficiency[kernel[0] === 1 && kernel[1] === 1 ? 'conv2d.pointwise' : 'conv2d'] ?? 1;
  }
  const points = GROUP_WIDTHS.filter((w) => device.efficiency[groupWidthKind(w)] !== undefined).map((w) => ({ w, e: device.efficiency[groupWidthKind(w)] }));
  if (!points.length) return device.efficiency['conv2d.grouped'] ?? 1;
  const width = Math.sqrt(perIn * perOut);
  if (width <= points[0].w) return points[0].e;
  const last = points[points.length - 1];
  if (width >= last.w) return last.e;
  const i = points.findIndex((p) => p.w >= width);
  const [a, b] = [points[i - 1], points[i]];
  const t = Math.log(width / a.w) / Math.log(b.w / a.w);
  return Math.exp(Math.log(a.e) + t * Math.log(b.e / a.e));
}

/** One kernel of the run: a layer, or layers fused into one. */
export interface KernelPrediction extends KernelTime {
  /** The head layer's name, which names the kernel. */
  readonly name: string;
  readonly kind: string;
  /** Names of the layers it runs, head first. */
  readonly layers: readonly string[];
  readonly flops: number;
  readonly bytes: number;
  readonly se: boolean;
}

export interface LayerPrediction {
  /** The kernel's time on its head layer, 0 on layers fused into another or removed. */
  readonly predictedSeconds: number;
  readonly bound: Bound;
  /** The layer whose kernel runs this one, when fused. */
  readonly fusedInto?: string;
}

export interface LatencyPrediction {
  readonly device: DeviceProfile;
  readonly kernels: readonly KernelPrediction[];
  /** Aligned with the report's layers. */
  readonly layers: readonly LayerPrediction[];
  readonly predictedSeconds: number;
  /** Predicted seconds of the kernels headed by SE layers; undefined when the model has none. */
  readonly seSeconds?: number;
}

/** FLOPs a processor executes for a layer: 2 per MAC plus every element-wise operation. */
export function hardwareFlops(l: LayerCost, macScale = 1): number {
  const w = l.work;
  return 2 * Number(l.macs) * macScale + Number(w.add) + Number(w.mul) + Number(w.cmp) + Number(w.div) + Number(w.exp);
}

const padded = (n: number, block: number): number => Math.ceil(n / block) * block;

/**
 * How much more arithmetic a convolution does when its channels are padded up to the device's
 * channel block: output channels always; input channels when there are at least a block of them
 * (a first layer on 3 channels reads them as they are). A depthwise convolution pads its one
 * channel count; grouped convolutions are left to their kind's efficiency.
 */
export function channelPadding(node: Node, block: number): number {
  if (node.op !== 'conv2d' || block <= 1) return 1;
  const cin = Number(node.inputShapes[0][1]);
  const cout = node.attrs.outChannels as number;
  const groups = node.attrs.groups as number;
  if (groups > 1) return groups === cin ? padded(cout, block) / cout : 1;
  return (padded(cout, block) / cout) * (cin >= block ? padded(cin, block) / cin : 1);
}

function elements(d: Dim): number {
  return Number(d);
}

function checkPredictable(report: CostReport, device: DeviceProfile): void {
  if (report.dtype !== device.dtype) {
    throw new FlopscopeError('device', `device profile '${device.name}' was measured at ${device.dtype}, the analysis uses ${report.dtype}: pass --dtype ${device.dtype} or use a profile measured at ${report.dtype}`);
  }
  if (isSymbolic(report.totals.macs) || isSymbolic(report.totals.trafficBytes)) {
    throw new FlopscopeError('bad-input-shape', `predicted time needs a concrete input, received ${report.input.map(String).join('x')}; pass --input such as 1x3x224x224`);
  }
}

function kernelOf(group: FusedGroup, graph: Graph, report: CostReport, device: DeviceProfile, bytesPerElement: number): KernelPrediction {
  const head = graph.nodes[group.members[0]];
  const headCost = report.layers[head.id];
  const tail = report.layers[group.members[group.members.length - 1]];
  let flops = 0;
  for (const id of group.members) if (!group.folded.has(id)) flops += hardwareFlops(report.layers[id], id === head.id ? channelPadding(head, device.channelBlock) : 1);
  let bytes: number;
  // An op that only moves data reads what it writes: a split reads its chunks, not the input
  // once per chunk.
  if (!headCost.arithmetic) bytes = group.members.reduce((b, id) => b + 2 * Number(report.layers[id].activationBytes), 0);
  else if (group.members.length === 1) bytes = Number(headCost.trafficBytes);
  else {
    // A fused kernel reads the head's inputs and weights, writes the last output once, and reads
    // the other operand of a fused add; what passes between its layers stays in registers.
    let read = 0;
    for (const s of headCost.inputShapes) read += elements(product(s));
    for (const x of group.extraInputs) read += elements(product(report.layers[x.node].inputShapes[x.input]));
    bytes = (read + elements(tail.activationElements)) * bytesPerElement + Number(headCost.weightReadBytes);
  }
  const kind = opKind(head.op, head.attrs, head.inputShapes);
  const time = group.removed
    ? { computeSeconds: 0, memorySeconds: 0, seconds: 0, bound: 'memory' as const }
    : rooflineSeconds(flops, bytes, kind, device, kind === 'conv2d.grouped' ? groupedEfficiency(head, device) : undefined, Number(headCost.weightReadBytes));
  return { name: head.name, kind, layers: group.members.map((id) => graph.nodes[id].name), flops, bytes, se: headCost.se, ...time };
}

/** Predicted time of every kernel and layer of an analysed graph on a device. */
export function predictLatency(graph: Graph, report: CostReport, device: DeviceProfile): LatencyPrediction {
  checkPredictable(report, device);
  if (report.layers.length !== graph.nodes.length) throw new Error('predictLatency needs the per-layer report of the same graph');
  const bytesPerElement = dtypeBytes(report.dtype);
  const groups = fusedGroups(graph, device.fusion);
  const kernels: KernelPrediction[] = [];
  const layers: LayerPrediction[] = new Array(graph.nodes.length);
  let total = 0;
  let se = 0;
  for (const g of groups) {
    const k = kernelOf(g, graph, report, device, bytesPerElement);
    kernels.push(k);
    total += k.seconds;
    if (k.se) se += k.seconds;
    g.members.forEach((id, i) => {
      layers[id] = i === 0 ? { predictedSeconds: k.seconds, bound: k.bound } : { predictedSeconds: 0, bound: k.bound, fusedInto: k.name };
    });
  }
  const hasSE = report.layers.some((l) => l.se);
  return { device, kernels, layers, predictedSeconds: total, ...(hasSE ? { seSeconds: se } : {}) };
}
