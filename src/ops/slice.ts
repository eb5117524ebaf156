// Slice (and ONNX Split, which imports as one slice per output): a strided window along some
// axes, copied. Bounds arrive resolved and clamped, as ONNX defines them once the axis size is
// known: for a positive step 0 <= start <= end <= size, for a negative one -1 <= end <= start < size;
// they may be symbolic (an end of H, a start of H - 1).
import { ceilDiv, concrete, formatDim, formatShape, sub, type Dim, type Shape } from '../shape/dim.js';
import { dimList, intList } from './attrs.js';
import { axisIndex, normaliseAxis } from './axis.js';
import { cannotExport, checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { gatherByAxis, numericShape, stridesOf } from './kernel/tensor.js';
import { noArithmetic } from './no-arithmetic.js';
import type { LayerContext } from './types.js';

export interface SliceAttrs {
  readonly starts: readonly Dim[];
  readonly ends: readonly Dim[];
  /** The axes sliced (negative counts from the end), one per start. */
  readonly axes: readonly number[];
  /** Non-zero; negative walks backwards. */
  readonly steps: readonly number[];
}

/** ONNX's int64 "past the end" bound, as large as a JavaScript number carries exactly. */
const FAR = Number.MAX_SAFE_INTEGER;

interface AxisSlice { axis: number; start: Dim; end: Dim; step: number }

function slices(ctx: LayerContext, x: Shape, a: SliceAttrs): AxisSlice[] {
  return a.axes.map((ax, i) => ({ axis: normaliseAxis(ctx, ax, x.length), start: a.starts[i], end: a.ends[i], step: a.steps[i] }));
}

/** Elements a slice keeps along its axis: ceil((end - start) / step), or 0 when the window is empty. */
function sliceLength(s: AxisSlice): Dim {
  const n = s.step > 0 ? ceilDiv(sub(s.end, s.start), s.step) : ceilDiv(sub(s.start, s.end), -s.step);
  const c = concrete(n);
  return c !== undefined && c < 0 ? 0 : n;
}

function checkBounds(ctx: LayerContext, x: Shape, s: AxisSlice): void {
  const size = concrete(x[s.axis]);
  const start = concrete(s.start);
  const end = concrete(s.end);
  const [lo, hi] = s.step > 0 ? [0, size] : [-1, size === undefined ? undefined : Number(size) - 1];
  const outside = (v: number | bigint | undefined): boolean => v !== undefined && (v < lo || (hi !== undefined && v > hi));
  if (outside(start) || outside(end) || (s.step < 0 && start !== undefined && start < 0)) {
    fail(ctx, `slice bounds on axis ${s.axis} must be resolved and clamped to the input ${formatShape(x)} (for step ${s.step}: ${s.step > 0 ? '0 <= start, end <= size' : '-1 <= end, start <= size - 1'}), received start ${formatDim(s.start)}, end ${formatDim(s.end)}`, 'shape');
  }
}

/**
 * A bound as ONNX Slice takes it (int64): a number as it is; a symbolic one as its offset from the
 * axis size (negative indices count from the end), or past the end when it equals the size.
 */
function exportBound(layer: string, v: Dim, size: Dim, step: number, isEnd: boolean): number {
  const c = concrete(v);
  if (c !== undefined) return isEnd && step < 0 && c === -1 ? -FAR : Number(c);
  const fromEnd = concrete(sub(v, size));
  if (fromEnd === 0) return FAR;
  if (fromEnd !== undefined && fromEnd < 0) return Number(fromEnd);
  return cannotExport(layer, `slice bound ${formatDim(v)} is symbolic and not a fixed offset from the axis size ${formatDim(size)}`);
}

export const slice = defineOp<SliceAttrs, 'slice'>({
  name: 'slice',
  category: 'data',
  summary: 'a strided window along some axes (Slice, Split): a copy',
  arity: 1,
  attrs: { starts: dimList(-Infinity), ends: dimList(-Infinity), axes: intList(), steps: intList() },
  checkAttrs(a, ctx) {
    const n = a.axes.length;
    if (a.starts.length !== n || a.ends.length !== n || a.steps.length !== n) {
      fail(ctx, `starts, ends, axes and steps must have one entry per sliced axis, received ${a.starts.length}, ${a.ends.length}, ${n} and ${a.steps.length}`);
    }
    if (a.steps.includes(0)) fail(ctx, `steps must not be 0, received [${a.steps.join(', ')}]`);
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    const out = [...x];
    const seen = new Set<number>();
    for (const s of slices(ctx, x, a)) {
      if (seen.has(s.axis)) fail(ctx, `axis ${s.axis} is sliced twice`);
      seen.add(s.axis);
      checkBounds(ctx, x, s);
      out[s.axis] = sliceLength(s);
    }
    return out;
  },
  ...noArithmetic,
  kernel([x], a) {
    const strides = stridesOf(x.shape);
    const shape = [...x.shape];
    const offsets = x.shape.map((d, axis) => Array.from({ length: d }, (_, i) => i * strides[axis]));
    a.axes.forEach((ax, k) => {
      const axis = axisIndex(ax, x.shape.length);
      const [start, end] = numericShape([a.starts[k], a.ends[k]]);
      const step = a.steps[k];
      const n = Math.max(0, step > 0 ? Math.ceil((end - start) / step) : Math.ceil((start - end) / -step));
      shape[axis] = n;
      offsets[axis] = Array.from({ length: n }, (_, i) => (start + i * step) * strides[axis]);
    });
    return { shape, data: gatherByAxis(x.data, shape, offsets) };
  },
  onnx([x], a, b, [input]) {
    const axes = a.axes.map((ax) => axisIndex(ax, input.length));
    const starts = axes.map((ax, k) => exportBound(b.layer, a.starts[k], input[ax], a.steps[k], false));
    const ends = axes.map((ax, k) => exportBound(b.layer, a.ends[k], input[ax], a.steps[k], true));
    const inputs = [x, b.constant('starts', starts, 'int64'), b.constant('ends', ends, 'int64'), b.constant('axes', axes, 'int64'), b.constant('steps', [...a.steps], 'int64')];
    return b.node('Slice', inputs);
  },
});

