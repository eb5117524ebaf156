// Estimates the memory a run will take before any tensor is allocated, and refuses a run that
// would not fit, quoting the estimate.
import { totalmem } from 'node:os';
import { FlopscopeError } from '../errors.js';
import { peakActivationElements } from '../cost/analyze.js';
import type { Graph } from '../ir/graph.js';
import { getOp } from '../ops/catalogue.js';
import { concrete, formatShape, product } from '../shape/dim.js';
import { human } from '../units.js';

const FLOAT_BYTES = 4;
/** Largest element count of one Float32Array in Node (V8's typed-array limit on 64-bit hosts). */
const MAX_TENSOR_ELEMENTS = 2 ** 32 - 1;

function elements(shape: readonly unknown[], what: string, graph: Graph): number {
  const n = concrete(product(shape as never));
  if (typeof n !== 'number') {
    throw new FlopscopeError('bad-input-shape', `running ${graph.name} needs a concrete input shape, received ${formatShape(graph.input)} (${what} has no fixed size); pass e.g. --input 1x3x224x224`);
  }
  return n;
}

export interface MemoryEstimate {
  readonly bytes: number;
  readonly largestTensorElements: number;
}

/** Bytes the given backends need to run `graph` once (keeping every layer's output when asked). */
export function estimateRunMemory(graph: Graph, backends: readonly string[], keepValues: boolean): MemoryEstimate {
  let weights = 0;
  const seen = new Set<string>();
  let all = elements(graph.input, 'the input', graph);
  let largest = all;
  let scratch = 0;
  for (const node of graph.nodes) {
    for (const p of node.params) {
      if (seen.has(p.key)) continue;
      seen.add(p.key);
      weights += p.shape.reduce((a, b) => a * b, 1);
    }
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
  for (const b of backends) {
    // onnxruntime: the weights in the store, in the serialized model and in the session; every
    // layer's output is a graph output, so all are held at once, plus the copy we keep.
    if (b === 'onnxruntime') bytes += (3 * weights + all * (keepValues ? 2 : 1)) * FLOAT_BYTES;
    else bytes += (weights + (keepValues ? all : peak) + scratch) * FLOAT_BYTES;
  }
  return { bytes, largestTensorElements: largest };
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
  if (estimate.bytes > limit) {
    throw new FlopscopeError('resource', `input ${formatShape(graph.input)} is too large to run ${graph.name} on ${backends.join(', ')}: it needs about ${human(estimate.bytes, 'B')} of memory, above the limit of ${human(limit, 'B')} (set FLOPSCOPE_MAX_MEMORY to raise it, or use a smaller --input)`);
  }
  if (estimate.largestTensorElements > MAX_TENSOR_ELEMENTS) {
    throw new FlopscopeError('resource', `input ${formatShape(graph.input)} is too large to run ${graph.name}: one tensor would hold ${human(estimate.largestTensorElements)} elements, above the ${human(MAX_TENSOR_ELEMENTS)} a Float32Array can hold`);
  }
  return estimate;
}
