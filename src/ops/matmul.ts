// MatMul with NumPy semantics: batched over the leading axes, which broadcast; a 1-D operand is a
// row (left) or a column (right) whose axis is dropped from the output. Either two activations
// (attention: Q K^T, then the weights times V) or one activation times a learned right operand
// (`weightShape`, a linear layer on a sequence as PyTorch exports it).
import { dimEquals, formatShape, mul, product, type Dim, type Shape } from '../shape/dim.js';
import { intList, optional } from './attrs.js';
import { broadcastShapes } from './binary.js';
import { checkArity, fail } from './check.js';
import { defineOp, fanInWeight } from './define.js';
import { broadcastShape } from './kernel/broadcast.js';
import { gemm } from './kernel/gemm.js';
import { elementCount, stridesOf } from './kernel/tensor.js';
import type { LayerContext, Tensor } from './types.js';

export interface MatMulAttrs {
  /** Present when the right operand is a learned weight of this shape (K x N, or batched). */
  readonly weightShape?: readonly number[];
}

interface Operands<D> {
  /** Batch axes of the output. */
  readonly batch: D[];
  readonly m: D;
  readonly k: D;
  readonly n: D;
  /** The output shape: batch, then M unless A is 1-D, then N unless B is 1-D. */
  readonly out: D[];
}

/** Matrix sizes and the output shape of A (rank >= 1) times B (rank >= 1). */
function operands<D extends Dim>(a: readonly D[], b: readonly D[], broadcast: (x: readonly D[], y: readonly D[]) => D[]): Operands<D> & { kB: D } {
  const a2 = a.length === 1 ? [1 as D, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1 as D] : b;
  const m = a2[a2.length - 2];
  const k = a2[a2.length - 1];
  const n = b2[b2.length - 1];
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  const out = [...batch, ...(a.length > 1 ? [m] : []), ...(b.length > 1 ? [n] : [])];
  return { batch, m, k, n, out, kB: b2[b2.length - 2] };
}

const rightShape = (inputs: readonly Shape[], attrs: MatMulAttrs): Shape => attrs.weightShape ?? inputs[1];

function shapesOf(ctx: LayerContext, inputs: readonly Shape[], attrs: MatMulAttrs): Operands<Dim> {
  const [x] = inputs;
  const w = rightShape(inputs, attrs);
  if (x.length < 1 || w.length < 1) fail(ctx, `expects operands of rank 1 or more, received ${formatShape(x)} and ${formatShape(w)}`, 'shape');
  const ops = operands<Dim>(x, w, (p, q) => [...broadcastShapes(ctx, [p, q])]);
  if (!dimEquals(ops.k, ops.kB)) {
    fail(ctx, `cannot multiply ${formatShape(x)} by ${formatShape(w)}: the inner sizes ${String(ops.k)} and ${String(ops.kB)} differ`, 'channel-mismatch');
  }
  return ops;
}

/** Offsets of each batch matrix of an operand, seen through the output's batch axes (0 where it is broadcast). */
function batchOffsets(shape: readonly number[], batch: readonly number[], matrix: number): number[] {
  const own = shape.slice(0, Math.max(0, shape.length - 2));
  const strides = stridesOf(own).map((s, i) => (own[i] === 1 ? 0 : s * matrix));
  const aligned = batch.map((_, i) => strides[i - (batch.length - own.length)] ?? 0);
  const offsets: number[] = [];
  const idx = new Array<number>(batch.length).fill(0);
  for (let t = 0; t < elementCount(batch); t++) {
    offsets.push(idx.reduce((s, v, i) => s + v * aligned[i], 0));
    for (let i = batch.length - 1; i >= 0; i--) {
      if (++idx[i] < batch[i]) break;
      idx[i] = 0;
    }
  }
  return offsets;
}

export const matmul = defineOp<MatMulAttrs, 'matmul'>({
  name: 'matmul',
  category: 'linear',
  summary: 'batched matrix product with broadcasting (MatMul): activations times activations, or times a learned weight',
  counts: { macs: 'M·N·K per output batch matrix' },
  paramsDoc: 'weight of weightShape, when the right operand is learned',
  arity: { min: 1 },
  attrs: { weightShape: optional(intList(1)) },
  outputShape(inputs, attrs, ctx) {
    checkArity(ctx, inputs, attrs.weightShape ? 1 : 2);
    return shapesOf(ctx, inputs, attrs).out;
  },
  params(_inputs, attrs) {
    const w = attrs.weightShape;
    if (!w) return [];
    // K, the axis summed over, is the fan-in.
    return [fanInWeight(w, w.length === 1 ? w[0] : w[w.length - 2])];
  },
  macs(inputs, _out, attrs) {
    const { batch, m, k, n } = operands<Dim>(inputs[0], rightShape(inputs, attrs), (p, q) => [...broadcastShapes({ layer: '' }, [p, q])]);
    return mul(mul(product(batch), mul(m, n)), k);
  },
  work: () => ({}),
  kernel(inputs, attrs, ctx) {
    const [x] = inputs;
    const w: Tensor = attrs.weightShape ? { shape: attrs.weightShape, data: ctx.param('weight') } : inputs[1];
    const { batch, m, k, n, out } = operands<number>(x.shape, w.shape, (p, q) => broadcastShape([p, q]));
    const c = new Float32Array(elementCount(out));
    const aOffsets = batchOffsets(x.shape, batch, m * k);
    const bOffsets = batchOffsets(w.shape, batch, k * n);
    aOffsets.forEach((aOff, t) => gemm(m, k, n, x.data, aOff, w.data, bOffsets[t], c, t * m * n, ctx.count));
    return { shape: out, data: c };
  },
  onnx(inputs, attrs, b) {
    return b.node('MatMul', attrs.weightShape ? [inputs[0], b.param('weight')] : [...inputs]);
  },
});
