import { add, dimEquals, formatShape, type Dim } from '../shape/dim.js';
import { anyInt, optional } from './attrs.js';
import { axisIndex, normaliseAxis } from './axis.js';
import { checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { elementCount } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export interface ConcatAttrs {
  /** The axis joined along (default 1, the channels; negative counts from the end). */
  readonly axis?: number;
}

export const concat = defineOp<ConcatAttrs, 'concat'>({
  name: 'concat',
  category: 'data',
  summary: 'concatenates inputs along an axis (default 1, the channels)',
  arity: { min: 1 },
  attrs: { axis: optional(anyInt) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, { min: 1 });
    const [first] = inputs;
    const axis = normaliseAxis(ctx, a.axis ?? 1, first.length);
    let joined: Dim = 0;
    for (const x of inputs) {
      if (x.length !== first.length || x.some((d, i) => i !== axis && !dimEquals(d, first[i]))) {
        fail(ctx, `inputs must match except along axis ${axis}, received ${inputs.map(formatShape).join(' and ')}`, 'channel-mismatch');
      }
      joined = add(joined, x[axis]);
    }
    return first.map((d, i) => (i === axis ? joined : d));
  },
  ...noArithmetic,
  kernel(inputs, a) {
    const first = inputs[0].shape;
    const axis = axisIndex(a.axis ?? 1, first.length);
    const outer = elementCount(first.slice(0, axis));
    const joined = inputs.reduce((s, t) => s + t.shape[axis], 0);
    const shape = first.map((d, i) => (i === axis ? joined : d));
    const out = new Float32Array(elementCount(shape));
    // Per outer index, each input contributes one contiguous block of shape[axis] * inner elements.
    let dst = 0;
    for (let o = 0; o < outer; o++) {
      for (const t of inputs) {
        const len = t.data.length / outer;
        out.set(t.data.subarray(o * len, (o + 1) * len), dst);
        dst += len;
      }
    }
    return { shape, data: out };
  },
  onnx(inputs, a, b) {
    return b.node('Concat', inputs, { axis: a.axis ?? 1 });
  },
});
