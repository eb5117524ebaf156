// Live activation memory along the run: the nodes run in graph order and each tensor is freed
// after its last consumer (views extend the life of the tensor they alias). The peak of this
// curve is Totals.peakActivationBytes; the curve itself is what the report's memory chart draws.
import { getOp } from '../ops/catalogue.js';
import { concrete, product } from '../shape/dim.js';
import type { Graph } from '../ir/graph.js';

export interface LiveActivations {
  /** Elements of the graph input, live before the first node runs. */
  readonly input: number;
  /** Elements live while node i runs: every tensor still needed, its own output included. */
  readonly live: Float64Array;
}

/** Undefined when a size is symbolic. Sums are floats: the caller decides what is exact. */
export function liveActivationElements(graph: Graph, views?: Uint8Array): LiveActivations | undefined {
  const n = graph.nodes.length;
  const isView = views ?? Uint8Array.from(graph.nodes, (node) => (getOp(node.op).view ? 1 : 0));
  // Buffer owner of each node's output: itself, or for a view, the owner of its input.
  const owner = new Int32Array(n);
  const lastUse = new Int32Array(n + 1).fill(-1); // index n stands for the graph input
  const size = new Float64Array(n + 1);
  const inputSize = concrete(product(graph.input));
  if (typeof inputSize !== 'number') return undefined;
  size[n] = inputSize;
  const ownerOf = (id: number): number => (id < 0 ? n : owner[id]);
  for (const node of graph.nodes) {
    // A view aliases its input's buffer; one with no input (a constant) owns an empty one.
    owner[node.id] = isView[node.id] && node.inputs.length > 0 ? ownerOf(node.inputs[0]) : node.id;
    if (!isView[node.id]) {
      const s = concrete(product(node.outputShape));
      if (typeof s !== 'number') return undefined;
      size[node.id] = s;
    }
    for (const i of node.inputs) lastUse[ownerOf(i)] = node.id;
  }
  lastUse[ownerOf(graph.output)] = n; // the output outlives the run
  // Buffers to free after each node, as singly linked lists.
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n + 1).fill(-1);
  for (let b = 0; b <= n; b++) {
    const at = lastUse[b];
    if (at >= 0) {
      next[b] = head[at];
      head[at] = b;
    }
  }
  const live = new Float64Array(n);
  let now = inputSize;
  for (let i = 0; i < n; i++) {
    if (!isView[i]) now += size[i];
    live[i] = now;
    for (let b = head[i]; b >= 0; b = next[b]) now -= size[b];
  }
  return { input: inputSize, live };
}
