// Which layers an inference engine runs as one kernel. Deployed engines (onnxruntime with its
// graph optimizations, TensorRT, TFLite) fold a batch norm into the convolution before it and run
// a following simple activation (ReLU, sigmoid, ...), and a residual add with its activation, in
// the convolution's epilogue, so those layers cost no launch and no trip through memory of their
// own. The chunks of a channel split are one kernel too.
import type { Graph, Node } from '../ir/graph.js';

export interface FusedGroup {
  /** Node ids in execution order; the first (the head) names the group. */
  readonly members: readonly number[];
  /** Members whose work disappears (a batch norm folded into the convolution's weights). */
  readonly folded: ReadonlySet<number>;
  /** Inputs read from memory besides the head's: the other operand of a fused residual add. */
  readonly extraInputs: ReadonlyArray<{ node: number; input: number }>;
  /** Layers the optimized engine removes outright (identity, dropout): no time at all. */
  readonly removed: boolean;
}

const HEADS = new Set(['conv2d', 'linear', 'gemm', 'matmul']);
/**
 * Activations a convolution's epilogue computes: those onnxruntime's fused convolution, TensorRT
 * and TFLite all take. SiLU (x * sigmoid(x) reads its input twice), hard swish, GELU and softmax
 * run as kernels of their own.
 */
const EPILOGUE = new Set(['relu', 'relu6', 'clip', 'leakyrelu', 'sigmoid', 'tanh', 'hardsigmoid']);
const REMOVED = new Set(['identity', 'dropout']);

function consumersOf(graph: Graph): number[][] {
  const out: number[][] = graph.nodes.map(() => []);
  for (const n of graph.nodes) for (const i of n.inputs) if (i >= 0) out[i].push(n.id);
  return out;
}

/** The group a convolution or linear layer heads: itself, then what it can absorb. */
function grow(graph: Graph, head: Node, consumers: readonly number[][], taken: Uint8Array): FusedGroup {
  const members = [head.id];
  const folded = new Set<number>();
  const extraInputs: Array<{ node: number; input: number }> = [];
  let last = head.id;
  let activation = false;
  let residual = false;
  // The output of the group so far must feed exactly one layer, or it has to be written anyway.
  while (consumers[last].length === 1 && last !== graph.output) {
    const next = graph.nodes[consumers[last][0]];
    if (taken[next.id]) break;
    if (next.op === 'batchnorm' && last === head.id && head.op === 'conv2d') folded.add(next.id);
    else if (EPILOGUE.has(next.op) && !activation) activation = true;
    else if (next.op === 'add' && head.op === 'conv2d' && !residual && !activation && next.inputs.length === 2) {
      residual = true;
      extraInputs.push({ node: next.id, input: next.inputs[0] === last ? 1 : 0 });
    } else break;
    members.push(next.id);
    last = next.id;
  }
  return { members, folded, extraInputs, removed: false };
}

/** The chunks split from one tensor: an engine runs them as one Split with several outputs. */
function splitSiblings(graph: Graph, n: Node, consumers: readonly number[][]): number[] {
  const source = n.inputs[0];
  if (source === undefined || source < 0) return [n.id];
  return consumers[source].filter((id) => graph.nodes[id].op === 'split' && graph.nodes[id].inputs[0] === source && id >= n.id);
}

/**
 * The kernels the graph runs as, in order. Without fusion every layer is its own kernel; with
 * fusion a convolution or linear layer absorbs what follows it as described above.
 */
export function fusedGroups(graph: Graph, fusion: boolean): FusedGroup[] {
  const groups: FusedGroup[] = [];
  if (!fusion) {
    for (const n of graph.nodes) groups.push({ members: [n.id], folded: new Set(), extraInputs: [], removed: false });
    return groups;
  }
  const consumers = consumersOf(graph);
  const taken = new Uint8Array(graph.nodes.length);
  for (const n of graph.nodes) {
    if (taken[n.id]) continue;
    const group = HEADS.has(n.op) ? grow(graph, n, consumers, taken)
      : n.op === 'split' ? { members: splitSiblings(graph, n, consumers), folded: new Set<number>(), extraInputs: [], removed: false }
      : { members: [n.id], folded: new Set<number>(), extraInputs: [], removed: REMOVED.has(n.op) };
    for (const m of group.members) taken[m] = 1;
    groups.push(group);
  }
  return groups;
}
