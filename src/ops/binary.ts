import { concrete, dimEquals, formatShape, mul, product, type Dim, type Shape } from '../shape/dim.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { broadcastCombine } from './kernel/broadcast.js';
import type { LayerContext, OpDef } from './types.js';

/** NumPy/ONNX broadcasting: align right; a dimension of 1 stretches. */
export function broadcastShapes(ctx: LayerContext, inputs: readonly Shape[]): Shape {
  const rank = Math.max(...inputs.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of inputs) {
      const d = s[s.length - rank + i] ?? 1;
      if (concrete(d) === 1) continue;
      if (concrete(dim) === 1) dim = d;
      else if (!dimEquals(dim, d)) {
        fail(ctx, `cannot broadcast input shapes ${inputs.map(formatShape).join(' and ')} (axis ${i}: ${String(dim)} vs ${String(d)})`, 'channel-mismatch');
      }
    }
    out.push(dim);
  }
  return out;
}

function binary<const N extends 'add' | 'mul'>(name: N, summary: string): OpDef<Record<string, never>, N> {
  return defineOp<Record<string, never>, N>({
    name,
    category: 'elementwise',
    summary,
    counts: name === 'add' ? { add: '1 per extra input' } : { mul: '1 per extra input' },
    arity: { min: 2 },
    attrs: {},
    outputShape(inputs, _a, ctx) {
      checkArity(ctx, inputs, { min: 2 });
      return broadcastShapes(ctx, inputs);
    },
    params: () => [],
    macs: () => 0,
    work(inputs, out) {
      const n = mul(product(out), inputs.length - 1);
      return name === 'add' ? { add: n } : { mul: n };
    },
    kernel(inputs, _a, ctx) {
      return broadcastCombine(inputs, name, ctx.count);
    },
    onnx(inputs, _a, b) {
      if (name === 'add') return inputs.length === 2 ? b.node('Add', inputs) : b.node('Sum', inputs);
      // Mul is binary: a chain, the last link carrying the layer's name.
      let acc = inputs[0];
      for (let i = 1; i < inputs.length; i++) acc = b.node('Mul', [acc, inputs[i]], {}, i === inputs.length - 1 ? undefined : `mul${i}`);
      return acc;
    },
  });
}

/** Residual sum: one add per output element and extra input. */
export const add = binary('add', 'element-wise sum with broadcasting (residual add): one add per output element');
/** Channel scaling (SE): one multiply per output element and extra input. */
export const mulOp = binary('mul', 'element-wise product with broadcasting (SE channel scale): one multiply per output element');
