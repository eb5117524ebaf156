// Nodes in an order where every input is produced before it is read. ONNX asks producers for it;
// a file that is out of order is sorted. What makes a graph malformed is refused in one line:
// a tensor written twice (by two nodes, or over the graph input or an initializer), a tensor no
// one provides, and a cycle.
import { FlopscopeError } from '../../errors.js';
import type { NodeMsg } from './proto.js';

const nodeLabel = (n: NodeMsg): string => `'${n.name || n.op_type}' (${n.op_type})`;

/** Each tensor has one producer: the graph input, an initializer, or one node (ONNX's static single assignment). */
function checkSingleAssignment(nodes: readonly NodeMsg[], input: string, initializers: ReadonlySet<string>, shown: string): Map<string, NodeMsg> {
  const producer = new Map<string, NodeMsg>();
  for (const n of nodes) {
    for (const o of n.output) {
      if (!o) continue;
      if (o === input) throw new FlopscopeError('load', `${shown}: node ${nodeLabel(n)} writes '${o}', the graph input; each tensor of an ONNX graph is written once`);
      if (initializers.has(o)) throw new FlopscopeError('load', `${shown}: node ${nodeLabel(n)} writes '${o}', which is an initializer; each tensor of an ONNX graph is written once`);
      const first = producer.get(o);
      if (first) throw new FlopscopeError('load', `${shown}: tensor '${o}' is written by two nodes, ${nodeLabel(first)} and ${nodeLabel(n)}; each tensor of an ONNX graph is written once`);
      producer.set(o, n);
    }
  }
  return producer;
}

/** A cycle among nodes that wait on each other, as `'a' (Add) -> 'b' (Relu) -> 'a' (Add)`. */
function cycleFrom(start: NodeMsg, producer: ReadonlyMap<string, NodeMsg>, waiting: ReadonlySet<NodeMsg>): string | undefined {
  const path: NodeMsg[] = [];
  const at = new Map<NodeMsg, number>();
  let n: NodeMsg | undefined = start;
  // Follow, from each node, an input that a waiting node produces: among finitely many nodes, this returns to one already seen.
  while (n && !at.has(n)) {
    at.set(n, path.length);
    path.push(n);
    const next: NodeMsg | undefined = n.input.map((x) => producer.get(x)).find((p) => p !== undefined && waiting.has(p));
    n = next;
  }
  if (!n) return undefined;
  const loop = path.slice(at.get(n)!);
  return [...loop, n].map(nodeLabel).join(' -> ');
}

export function topologicalOrder(nodes: readonly NodeMsg[], input: string, initializers: ReadonlySet<string>, shown: string): NodeMsg[] {
  const producer = checkSingleAssignment(nodes, input, initializers, shown);
  const available = new Set([input, ...initializers]);
  const have = new Set(available);
  let sorted = true;
  for (const n of nodes) {
    if (n.input.some((x) => x && !have.has(x))) {
      sorted = false;
      break;
    }
    for (const o of n.output) have.add(o);
  }
  if (sorted) return [...nodes];
  const ready = new Set(available);
  const out: NodeMsg[] = [];
  let pending = [...nodes];
  while (pending.length) {
    const now = pending.filter((n) => n.input.every((x) => !x || ready.has(x)));
    if (!now.length) {
      const waiting = new Set(pending);
      // A node reading a tensor nobody writes is named first; otherwise the nodes wait on each other.
      for (const n of pending) {
        const missing = n.input.find((x) => x && !ready.has(x) && !producer.has(x));
        if (missing) throw new FlopscopeError('load', `${shown}: node ${nodeLabel(n)} reads tensor '${missing}', which no node, initializer or input provides`);
      }
      const cycle = cycleFrom(pending[0], producer, waiting);
      throw new FlopscopeError('load', `${shown}: the graph has a cycle: ${cycle ?? pending.map(nodeLabel).join(', ')} (each waits for the next one's output); an ONNX graph is acyclic`);
    }
    for (const n of now) {
      out.push(n);
      for (const o of n.output) ready.add(o);
    }
    pending = pending.filter((n) => !now.includes(n));
  }
  return out;
}
