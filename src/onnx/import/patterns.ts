// Patterns read before mapping. x * sigmoid(x) is PyTorch's SiLU and x * hardsigmoid(x) its
// Hardswish before opset 14: each becomes the one layer PyTorch's module is, so opset 13 and 17
// exports count alike.
import { near, type Attributes } from './attributes.js';
import { isDefaultDomain } from './model.js';
import type { NodeMsg } from './proto.js';

export interface Fusion {
  /** The catalogue op the Mul node becomes. */
  readonly op: 'silu' | 'hardswish';
  /** The activation tensor it applies to. */
  readonly input: string;
}

export interface Fusions {
  /** Nodes absorbed into a later one (by index). */
  readonly skip: ReadonlySet<number>;
  /** Mul nodes that become one activation (by index). */
  readonly fused: ReadonlyMap<number, Fusion>;
}

export function findFusions(nodes: readonly NodeMsg[], attrsOf: (i: number) => Attributes, graphOutputs: readonly string[]): Fusions {
  const producer = new Map<string, number>();
  const consumers = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.output) producer.set(o, i);
    for (const x of n.input) if (x) consumers.set(x, (consumers.get(x) ?? 0) + 1);
  });
  for (const o of graphOutputs) consumers.set(o, (consumers.get(o) ?? 0) + 1);
  const skip = new Set<number>();
  const fused = new Map<number, Fusion>();
  nodes.forEach((n, i) => {
    if (n.op_type !== 'Mul' || !isDefaultDomain(n) || n.input.length !== 2) return;
    for (const [x, g] of [[n.input[0], n.input[1]], [n.input[1], n.input[0]]]) {
      const gi = producer.get(g);
      if (gi === undefined || skip.has(gi)) continue;
      const gate = nodes[gi];
      if (gate.input[0] !== x || consumers.get(g) !== 1 || !isDefaultDomain(gate)) continue;
      let op: Fusion['op'] | undefined;
      if (gate.op_type === 'Sigmoid') op = 'silu';
      else if (gate.op_type === 'HardSigmoid') {
        const a = attrsOf(gi);
        if (near(a.float('alpha', 0.2), 1 / 6) && near(a.float('beta', 0.5), 0.5)) op = 'hardswish';
      }
      if (!op) continue;
      skip.add(gi);
      fused.set(i, { op, input: x });
      return;
    }
  });
  return { skip, fused };
}
