// Nodes in an order where every input is produced before it is read. ONNX asks producers for it;
// a file that is out of order is sorted, and a tensor nothing provides is named.
import { FlopscopeError } from '../../errors.js';
import type { NodeMsg } from './proto.js';

export function topologicalOrder(nodes: readonly NodeMsg[], available: ReadonlySet<string>, shown: string): NodeMsg[] {
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
      const n = pending[0];
      const missing = n.input.find((x) => x && !ready.has(x));
      throw new FlopscopeError('load', `${shown}: node '${n.name || n.op_type}' reads tensor '${missing}', which no node, initializer or input provides`);
    }
    for (const n of now) {
      out.push(n);
      for (const o of n.output) ready.add(o);
    }
    pending = pending.filter((n) => !now.includes(n));
  }
  return out;
}
