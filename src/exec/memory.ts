// Estimates the memory a run (or an ONNX export) will take before any tensor is allocated, and
// refuses one that would not fit, quoting the estimate and naming what takes the memory: the
// weights (a huge classifier, say) or the activations of the input.
import { totalmem } from 'node:os';
import { FlopscopeError } from '../errors.js';
import { peakActivationElements } from '../cost/analyze.js';
import type { Graph } from '../ir/graph.js';
import { getOp } from '../ops/catalogue.js';
import { formatShape, isSymbolic, product, type Dim } from '../shape/dim.js';
import { exampleInput } from '../shape/input.js';
import { human } from '../units.js';

const FLOAT_BYTES = 4;
/** Largest element count of one Float32Array in Node (V8's typed-array limit on 64-bit hosts). */
const MAX_TENSOR_ELEMENTS = 2 ** 32 - 1;
/** Protocol buffers cannot hold a message of 2 GiB or more: an ONNX file without external data. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

/** Element count of a tensor; a symbolic size cannot run, a count past 2^53 is far past any memory. */
function elements(shape: readonly Dim[], what: string, graph: Graph): number {
  const n = product(shape);
  if (isSymbolic(n)) {
    throw new FlopscopeError('bad-input-shape', `running ${graph.name} needs a concrete input shape, received ${formatShape(graph.input)} (${what} has no fixed size); pass e.g. --input ${exampleInput(graph.input)}`);
  }
  // Above 2^53 the count is a bigint; as a float it is still far above every limit below.
  return Number(n);
}

/** The largest parameter of the graph: what to name when the weights do not fit. */
interface Weights {
  readonly elements: number;
  readonly largest?: { readonly key: string; readonly shape: readonly number[]; readonly elements: number };
}

function weightsOf(graph: Graph): Weights {
  let total = 0;
  let largest: Weights['largest'];
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    for (const p of node.params) {
      if (seen.has(p.key)) continue;
      seen.add(p.key);
      const n = p.shape.reduce((a, b) => a * b, 1);
      total += n;
      if (!largest || n > largest.elements) largest = { key: p.key, shape: p.shape, elements: n };
    }
  }
  return { elements: total, ...(largest ? { largest } : {}) };
}

function weightsText(w: Weights): string {
  const big = w.largest ? `; the largest, ${w.largest.key}, is ${w.largest.shape.join('x')}` : '';
  return `${human(w.elements)} weights and buffers, ${human(w.elements * FLOAT_BYTES, 'B')} as float32${big}`;
}

export interface MemoryEstimate {
  readonly bytes: number;
  /** Of which the weights (every copy the backends keep). */
  readonly weightBytes: number;
  readonly largestTensorElements: number;
}

/** Bytes the given backends need to run `graph` once (keeping every layer's output when asked). */
export function estimateRunMemory(graph: Graph, backends: readonly string[], keepValues: boolean): MemoryEstimate & { readonly weights: Weights } {
  const weights = weightsOf(graph);
  let all = elements(graph.input, 'the input', graph);
  let largest = Math.max(all, weights.largest?.elements ?? 0);
  let scratch = 0;
  for (const node of graph.nodes) {
    const out = elements(node.outputShape, `layer '${node.name}'`, graph);
    largest = Math.max(largest, out);
    const def = getOp(node.op);
    if (!def.view) all += out;
    if (def.scratch) {
      const own = def.scratch(node.inputShapes.map((s) => s.map(Number)), node.outputShape.map(Number), node.attrs);
      scratch = Math.max(scratch, own);
      largest = Math.max(largest, own);
    }
  }
  const peak = Number(peakActivationElements(graph) ?? all);
  let bytes = 0;
  let weightBytes = 0;
  for (const b of backends) {
    // onnxruntime: the weights in the store and in the session (the exported model reaches it
    // through a file, see exportedSession); every layer's output is a graph output, so all are
    // held at once, plus the copy we keep.
    const copies = b === 'onnxruntime' ? 2 : 1;
    weightBytes += copies * weights.elements * FLOAT_BYTES;
    if (b === 'onnxruntime') bytes += (copies * weights.elements + all * (keepValues ? 2 : 1)) * FLOAT_BYTES;
    else bytes += (weights.elements + (keepValues ? all : peak) + scratch) * FLOAT_BYTES;
  }
  return { bytes, weightBytes, largestTensorElements: largest, weights };
}

/** The limit: FLOPSCOPE_MAX_MEMORY (bytes, or with a K/M/G suffix), else 60% of this machine's memory. */
export function memoryLimit(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.FLOPSCOPE_MAX_MEMORY?.trim();
  if (!text) return Math.floor(totalmem() * 0.6);
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(text);
  if (!m) throw new FlopscopeError('usage', `FLOPSCOPE_MAX_MEMORY expects bytes such as 8G or 512M, received '${text}'`);
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * scale;
}

export function checkRunFits(graph: Graph, backends: readonly string[], keepValues: boolean, env: Readonly<Record<string, string | undefined>>): MemoryEstimate {
  const estimate = estimateRunMemory(graph, backends, keepValues);
  const limit = memoryLimit(env);
  const raise = 'set FLOPSCOPE_MAX_MEMORY to raise it';
  if (estimate.bytes > limit) {
    const needs = `it needs about ${human(estimate.bytes, 'B')} of memory, above the limit of ${human(limit, 'B')}`;
    // Name what takes the memory: the weights do not shrink with a smaller --input.
    if (estimate.weightBytes * 2 > estimate.bytes) {
      throw new FlopscopeError('resource', `the weights of ${graph.name} are too large to run on ${backends.join(', ')} (${weightsText(estimate.weights)}): ${needs} (${raise}, or make the model smaller with --set)`);
    }
    throw new FlopscopeError('resource', `input ${formatShape(graph.input)} is too large to run ${graph.name} on ${backends.join(', ')}: ${needs} (${raise}, or use a smaller --input)`);
  }
  if (estimate.largestTensorElements > MAX_TENSOR_ELEMENTS) {
    const w = estimate.weights.largest;
    if (w && w.elements === estimate.largestTensorElements) {
      throw new FlopscopeError('resource', `the weight ${w.key} of ${graph.name} (${w.shape.join('x')}) holds ${human(w.elements)} elements, above the ${human(MAX_TENSOR_ELEMENTS)} a Float32Array can hold; make the model smaller with --set`);
    }
    throw new FlopscopeError('resource', `input ${formatShape(graph.input)} is too large to run ${graph.name}: one tensor would hold ${human(estimate.largestTensorElements)} elements, above the ${human(MAX_TENSOR_ELEMENTS)} a Float32Array can hold`);
  }
  return estimate;
}

/**
 * Refuses an ONNX export that cannot be written: weights of 2 GiB or more (protocol buffers cannot
 * hold them in one file, and flopscope writes no external data), or more memory than allowed (the
 * weights, and their serialized copy, are all in memory while the file is encoded).
 */
export function checkExportFits(graph: Graph, env: Readonly<Record<string, string | undefined>>): void {
  const weights = weightsOf(graph);
  const bytes = weights.elements * FLOAT_BYTES;
  if (bytes > MAX_ONNX_BYTES) {
    throw new FlopscopeError('resource', `the weights of ${graph.name} are too large to export (${weightsText(weights)}): an ONNX file holds less than 2 GB without external data, which flopscope does not write; make the model smaller with --set`);
  }
  const limit = memoryLimit(env);
  if (2 * bytes > limit) {
    throw new FlopscopeError('resource', `the weights of ${graph.name} are too large to export (${weightsText(weights)}): encoding them needs about ${human(2 * bytes, 'B')} of memory, above the limit of ${human(limit, 'B')} (set FLOPSCOPE_MAX_MEMORY to raise it, or make the model smaller with --set)`);
  }
}
