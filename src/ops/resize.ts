// Resize (upsampling, interpolation): nearest only moves data; linear and cubic interpolate over
// the axes they resize and count that work per output element (see kernel/resize.ts).
import { concrete, dimEquals, formatDim, formatShape, mul, product, type Dim, type Shape } from '../shape/dim.js';
import { dimList, flag, float, floatList, oneOfStrings, optional } from './attrs.js';
import { cannotExport, checkArity, fail } from './check.js';
import { defineOp } from './define.js';
import { COORDINATE_MODES, NEAREST_MODES, RESIZE_MODES, resizeForward, type ResizeGeometry } from './kernel/resize.js';
import { numericShape } from './kernel/tensor.js';

export interface ResizeAttrs {
  readonly mode: ResizeGeometry['mode'];
  /** How an output coordinate maps to an input one (default 'half_pixel'). */
  readonly coordinateTransformationMode?: ResizeGeometry['coordinateTransformationMode'];
  /** Rounding of nearest mode (default 'round_prefer_floor'). */
  readonly nearestMode?: ResizeGeometry['nearestMode'];
  /** Cubic mode's a (default -0.75, PyTorch's bicubic). */
  readonly cubicCoeffA?: number;
  /** Cubic mode: taps outside the input get no weight (default false: they read the edge). */
  readonly excludeOutside?: boolean;
  /** The output shape (every axis; may be symbolic). */
  readonly sizes: readonly Dim[];
  /** The scales the model gave, when it gave scales: they, not sizes, drive the coordinate mapping. */
  readonly scales?: readonly number[];
}

/** The optional settings, defaults filled in. */
function settings(a: ResizeAttrs): Pick<ResizeGeometry, 'coordinateTransformationMode' | 'nearestMode' | 'cubicCoeffA' | 'excludeOutside'> {
  return {
    coordinateTransformationMode: a.coordinateTransformationMode ?? 'half_pixel',
    nearestMode: a.nearestMode ?? 'round_prefer_floor',
    cubicCoeffA: a.cubicCoeffA ?? -0.75,
    excludeOutside: a.excludeOutside ?? false,
  };
}

/** Axes whose coordinate mapping is not the identity: a scale other than 1, or a new size. */
function resizedAxes(x: Shape, a: ResizeAttrs): boolean[] {
  return x.map((d, i) => (a.scales ? a.scales[i] !== 1 : !dimEquals(d, a.sizes[i])));
}

/** Work per output element of interpolating over k resized axes (none for nearest). */
function perOutput(a: ResizeAttrs, k: number): { add: number; mul: number } {
  if (a.mode === 'linear') return { add: 2 * (2 ** k - 1), mul: 2 ** k - 1 };
  const sums = (4 ** k - 1) / 3;
  return { add: 3 * sums, mul: 4 * sums };
}

export const resize = defineOp<ResizeAttrs, 'resize'>({
  name: 'resize',
  category: 'data',
  summary: 'resizes to a shape: nearest (moves data), linear or cubic interpolation over the resized axes',
  counts: { add: 'over k resized axes: linear 2·(2^k-1), cubic 4^k-1, nearest none', mul: 'linear 2^k-1, cubic 4·(4^k-1)/3' },
  arity: 1,
  attrs: {
    mode: oneOfStrings(RESIZE_MODES),
    coordinateTransformationMode: optional(oneOfStrings(COORDINATE_MODES)),
    nearestMode: optional(oneOfStrings(NEAREST_MODES)),
    cubicCoeffA: optional(float),
    excludeOutside: optional(flag),
    sizes: dimList(1),
    scales: optional(floatList),
  },
  checkAttrs(a, ctx) {
    if (a.scales && a.scales.some((s) => !(s > 0))) fail(ctx, `scales must be positive, received [${a.scales.join(', ')}]`);
    if (a.scales && a.scales.length !== a.sizes.length) fail(ctx, `scales and sizes must have one entry per axis, received ${a.scales.length} and ${a.sizes.length}`);
  },
  outputShape(inputs, a, ctx) {
    checkArity(ctx, inputs, 1);
    const [x] = inputs;
    if (a.sizes.length !== x.length) fail(ctx, `sizes must give every axis of the input ${formatShape(x)}, received ${formatShape(a.sizes)}`, 'shape');
    return a.sizes;
  },
  params: () => [],
  macs: () => 0,
  work([x], out, a) {
    if (a.mode === 'nearest') return 'none';
    const k = resizedAxes(x, a).filter(Boolean).length;
    const per = perOutput(a, k);
    const n = product(out);
    return { add: mul(n, per.add), mul: mul(n, per.mul) };
  },
  kernel([x], a, ctx) {
    const out = numericShape(a.sizes);
    const g: ResizeGeometry = {
      mode: a.mode,
      ...settings(a),
      // onnxruntime keeps scales as float32, computed from the sizes when none were given.
      scales: x.shape.map((d, i) => Math.fround(a.scales ? a.scales[i] : out[i] / d)),
      resized: resizedAxes(x.shape, a),
    };
    return resizeForward(x, out, g, ctx.count);
  },
  onnx([x], a, b, [input]) {
    const s = settings(a);
    const attrs = {
      mode: a.mode,
      coordinate_transformation_mode: s.coordinateTransformationMode,
      nearest_mode: s.nearestMode,
      cubic_coeff_a: { float: s.cubicCoeffA },
      exclude_outside: s.excludeOutside ? 1 : 0,
    };
    // Sizes when they are numbers; else scales: the given ones, or whole-number ratios of symbolic sizes.
    const sizes = a.sizes.map((d) => concrete(d));
    if (!a.scales && sizes.every((d) => d !== undefined)) {
      return b.node('Resize', [x, '', '', b.constant('sizes', sizes.map(Number), 'int64')], attrs);
    }
    const scales = a.scales ?? a.sizes.map((d, i) => {
      for (let r = 1; r <= 64; r++) if (dimEquals(d, mul(input[i], r))) return r;
      return cannotExport(b.layer, `resize size ${formatDim(d)} is symbolic and not a whole multiple of the input size ${formatDim(input[i])}; give scales`);
    });
    return b.node('Resize', [x, '', b.constant('scales', [...scales], 'float')], attrs);
  },
});
