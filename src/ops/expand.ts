// Expand: the input broadcast to a shape (both ways, as ONNX Expand does), written out as a copy.
import { concrete, dimEquals, formatDim, type Dim } from '../shape/dim.js';
import { dimList } from './attrs.js';
import { broadcastShapes } from './binary.js';
import { cannotExport, checkArity } from './check.js';
import { defineOp } from './define.js';
import { broadcastTo, broadcastShape } from './kernel/broadcast.js';
import { numericShape } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';

export interface ExpandAttrs {
  readonly shape: readonly Dim[];
}

export const expand = defineOp<ExpandAttrs, 'expand'>({
  name: 'expand',
  category: 'data',
  summary: 'broadcasts the input to a shape (Expand): a copy',
  arity: 1,
  attrs: { shape: dimList(1) },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    return broadcastShapes(ctx, [inputs[0], a.shape]);
  },
  ...noArithmetic,
  kernel([x], a) {
    return broadcastTo(x, broadcastShape([x.shape, numericShape(a.shape)]));
  },
  onnx([x], a, b, [input]) {
    // A symbolic size equal to the input's (aligned right) is written as 1, which broadcasting keeps.
    const shape = a.shape.map((d, i) => {
      const c = concrete(d);
      if (c !== undefined) return Number(c);
      const j = input.length - a.shape.length + i;
      if (j >= 0 && dimEquals(d, input[j])) return 1;
      return cannotExport(b.layer, `expand size ${formatDim(d)} is symbolic and not the input's own size at that axis`);
    });
    return b.node('Expand', [x, b.constant('shape', shape, 'int64')]);
  },
});
