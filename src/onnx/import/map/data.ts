// Ops that move data (views and copies): every size they need is resolved here, symbolic where
// the input is, so the layer's attributes hold no 0 or -1 left for the op to guess.
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { add, concrete, dimEquals, floorDiv, formatShape, mul, type Dim, type Shape } from '../../../shape/dim.js';
import { squeezeDims, unsqueezeDims } from '../fold/index.js';
import { divideExact, resolveReshape } from '../shape-math.js';
import { DTYPE, isFloatType } from '../tensor-data.js';
import { Constant, numbers, type Activation } from '../values.js';
import { unsupported, type MapContext, type Mapping } from './context.js';

/** A list of integers from an attribute (before `since`) or a constant input (from `since` on). */
function intList(ctx: MapContext, name: string, index: number, since: number): number[] | undefined {
  if (ctx.opset < since) return ctx.attrs.ints(name);
  const v = ctx.ints(index, name);
  return v ? numbers(v, `node '${ctx.label}' ${name}`) : undefined;
}

export const flatten: Mapping = (ctx) => {
  const x = ctx.act(0);
  const axis = axisIndex(ctx.attrs.int('axis', 1), x.shape.length);
  return [ctx.layer('flatten', axis === 1 ? {} : { axis }, [x])];
};

export const reshape: Mapping = (ctx) => {
  const x = ctx.act(0);
  const target = ctx.ints(1, 'shape');
  if (!target) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Reshape has no shape input`);
  const shape = resolveReshape(x.shape, target, ctx.attrs.int('allowzero', 0) === 1, `node '${ctx.label}'`);
  return [ctx.layer('reshape', { shape }, [x])];
};

export const squeeze: Mapping = (ctx) => {
  const x = ctx.act(0);
  return [ctx.layer('reshape', { shape: squeezeDims(x.shape, intList(ctx, 'axes', 1, 13), ctx.label) }, [x])];
};

export const unsqueeze: Mapping = (ctx) => {
  const x = ctx.act(0);
  const axes = intList(ctx, 'axes', 1, 13);
  if (!axes) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Unsqueeze has no axes`);
  return [ctx.layer('reshape', { shape: unsqueezeDims(x.shape, axes) }, [x])];
};

export const transpose: Mapping = (ctx) => {
  const x = ctx.act(0);
  const perm = ctx.attrs.ints('perm', x.shape.map((_, i) => x.shape.length - 1 - i));
  return [ctx.layer('transpose', { perm }, [x])];
};

export const concat: Mapping = (ctx) => {
  const inputs: Activation[] = [];
  for (let i = 0; i < ctx.inputCount; i++) inputs.push(ctx.act(i));
  const axis = axisIndex(ctx.attrs.int('axis', 1), inputs[0].shape.length);
  return [ctx.layer('concat', axis === 1 ? {} : { axis }, inputs)];
};

/** One slice layer per output, in order along the axis. */
export const split: Mapping = (ctx) => {
  const x = ctx.act(0);
  const axis = axisIndex(ctx.attrs.int('axis', 0), x.shape.length);
  const dim = x.shape[axis];
  const outputs = ctx.node.output.length;
  let sizes: Dim[];
  const given = ctx.opset >= 13 ? ctx.ints(1, 'split') : ctx.attrs.ints('split');
  if (given) sizes = [...given];
  else {
    const parts = ctx.attrs.int('num_outputs', outputs);
    const even = divideExact([dim], [parts]);
    if (even !== undefined) sizes = new Array<Dim>(parts).fill(even);
    else {
      const n = concrete(dim);
      if (n === undefined) throw new FlopscopeError('bad-input-shape', `node '${ctx.label}': splitting ${String(dim)} into ${parts} parts depends on the symbolic size; give concrete sizes with --input`);
      const chunk = Math.ceil(Number(n) / parts);
      sizes = Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(chunk, Number(n) - i * chunk)));
    }
  }
  let offset: Dim = 0;
  return sizes.map((size, i) => {
    const starts = [offset];
    offset = add(offset, size);
    return ctx.layer('slice', { starts, ends: [offset], axes: [axis], steps: [1] }, [x], {}, i);
  });
};

/** An index as ONNX Slice reads it, against a size that may be symbolic. */
function clampIndex(v: number, dim: Dim, step: number, isEnd: boolean): Dim {
  const n = concrete(dim);
  if (n !== undefined) {
    const d = Number(n);
    const r = v < 0 ? v + d : v;
    return step > 0 ? Math.min(Math.max(r, 0), d) : Math.min(Math.max(r, isEnd ? -1 : 0), d - 1);
  }
  // A symbolic size is taken to be large enough for the constants next to it; INT64 limits mean
  // "to the end".
  const huge = Math.abs(v) >= 2 ** 31;
  if (step > 0) return huge ? (v > 0 ? dim : 0) : v < 0 ? add(dim, v) : v;
  return huge ? (v > 0 ? add(dim, -1) : -1) : v < 0 ? add(dim, v) : v;
}

export const slice: Mapping = (ctx) => {
  const x = ctx.act(0);
  const rank = x.shape.length;
  const list = (i: number, name: string) => {
    const v = ctx.ints(i, name);
    return v ? numbers(v, `node '${ctx.label}' ${name}`) : undefined;
  };
  const starts = list(1, 'starts');
  const ends = list(2, 'ends');
  if (!starts || !ends) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Slice needs starts and ends`);
  const axes = (list(3, 'axes') ?? starts.map((_, i) => i)).map((a) => axisIndex(a, rank));
  const steps = list(4, 'steps') ?? starts.map(() => 1);
  const attrs = {
    starts: axes.map((a, k) => clampIndex(starts[k], x.shape[a], steps[k], false)),
    ends: axes.map((a, k) => clampIndex(ends[k], x.shape[a], steps[k], true)),
    axes,
    steps,
  };
  return [ctx.layer('slice', attrs, [x])];
};

export const gather: Mapping = (ctx) => {
  const idx = ctx.input(1);
  const x = ctx.act(0);
  const axis = axisIndex(ctx.attrs.int('axis', 0), x.shape.length);
  // index_select with arange(start, n, step) on a symbolic n: the strided slice it is.
  if (idx instanceof Constant && idx.range) {
    const { start, step, end } = idx.range;
    return [ctx.layer('slice', { starts: [start], ends: [end], axes: [axis], steps: [step] }, [x])];
  }
  if (!(idx instanceof Constant) || !idx.small) unsupported(ctx, 'a Gather with computed indices (an embedding lookup)');
  if (idx.dims.length > 1) unsupported(ctx, `a Gather with ${idx.dims.length}-D indices`);
  const size = x.shape[axis];
  const values = numbers(idx.values()!, `node '${ctx.label}' indices`).map((i) => {
    if (i >= 0) return i;
    const n = concrete(size);
    if (n === undefined) throw new FlopscopeError('bad-input-shape', `node '${ctx.label}': index ${i} counts from the end of the symbolic size ${String(size)}; give concrete sizes with --input`);
    return i + Number(n);
  });
  return [ctx.layer('gather', { axis, indices: idx.dims.length === 0 ? values[0] : values }, [x])];
};

export const pad: Mapping = (ctx) => {
  const x = ctx.act(0);
  const rank = x.shape.length;
  const pads = ctx.opset >= 11 ? ctx.ints(1, 'pads') : ctx.attrs.ints('pads');
  if (!pads) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Pad has no pads`);
  let values = numbers(pads, `node '${ctx.label}' pads`);
  const axes = ctx.opset >= 18 ? ctx.ints(3, 'axes') : undefined;
  if (axes) {
    const list = numbers(axes, 'axes').map((a) => axisIndex(a, rank));
    const full = new Array<number>(2 * rank).fill(0);
    list.forEach((a, k) => { full[a] = values[k]; full[rank + a] = values[list.length + k]; });
    values = full;
  }
  const mode = ctx.attrs.string('mode', 'constant');
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') unsupported(ctx, `Pad mode '${mode}'`);
  const fill = ctx.opset >= 11 ? ctx.floats(2, 'constant_value')?.[0] : ctx.attrs.float('value');
  return [ctx.layer('pad', { pads: values, mode, value: fill ?? 0 }, [x])];
};

/**
 * Opset 18's `axes`: the axes that sizes, scales and roi list (the others keep their size, scale 1).
 * The resize layer holds one entry per axis.
 */
function resizeAxes(ctx: MapContext, rank: number, given: number): number[] {
  const axes = ctx.opset >= 18 ? ctx.attrs.ints('axes') : undefined;
  if (!axes) {
    if (given !== rank) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Resize gives ${given} sizes or scales for an input of rank ${rank} and no axes`);
    return Array.from({ length: rank }, (_, i) => i);
  }
  const list = axes.map((a) => axisIndex(a, rank));
  if (list.some((a) => a < 0 || a >= rank) || new Set(list).size !== list.length) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Resize axes [${axes.join(', ')}] must be distinct axes of an input of rank ${rank}`);
  if (list.length !== given) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Resize axes [${axes.join(', ')}] name ${list.length} axes but it gives ${given} sizes or scales`);
  return list;
}

export const resize: Mapping = (ctx) => {
  const x = ctx.act(0);
  const rank = x.shape.length;
  // Opset 18 options flopscope does not count (their output differs from plain interpolation): refused by name.
  const policy = ctx.opset >= 18 ? ctx.attrs.string('keep_aspect_ratio_policy', 'stretch') : 'stretch';
  if (policy !== 'stretch') unsupported(ctx, `a Resize with keep_aspect_ratio_policy '${policy}' (only 'stretch' is counted)`);
  if (ctx.opset >= 18 && ctx.attrs.int('antialias', 0) !== 0) unsupported(ctx, 'an antialiased Resize (antialias=1)');
  const givenSizes = ctx.ints(3, 'sizes');
  const givenScales = givenSizes?.length ? undefined : ctx.floats(2, 'scales');
  const sizes = givenSizes?.length ? (() => {
    const axes = resizeAxes(ctx, rank, givenSizes.length);
    const full: Dim[] = [...x.shape];
    axes.forEach((a, k) => { full[a] = givenSizes[k]; });
    return full;
  })() : undefined;
  const scales = givenScales?.length ? (() => {
    const axes = resizeAxes(ctx, rank, givenScales.length);
    const full = new Array<number>(rank).fill(1);
    axes.forEach((a, k) => { full[a] = givenScales[k]; });
    return full;
  })() : undefined;
  let size: Dim[];
  if (sizes) size = sizes;
  else if (scales) {
    size = x.shape.map((d, i) => {
      const s = scales[i];
      const n = concrete(d);
      if (n !== undefined) return Math.floor(Number(n) * s);
      // floor(d * s) stays exact for a symbolic d when s is a dyadic p / 2^k (0.5, 2, 0.25: every
      // float is one, so this holds for every scale a file can give).
      const [p, q] = dyadic(s);
      if (q === undefined) throw new FlopscopeError('bad-input-shape', `node '${ctx.label}': resizing the symbolic size ${String(d)} by ${s} depends on its value; give concrete sizes with --input`);
      return floorDiv(mul(d, p), q);
    });
  } else throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Resize has neither scales nor sizes`);
  const mode = ctx.attrs.string('mode', 'nearest');
  const attrs = {
    mode,
    coordinateTransformationMode: ctx.attrs.string('coordinate_transformation_mode', 'half_pixel'),
    ...(mode === 'nearest' ? { nearestMode: ctx.attrs.string('nearest_mode', 'round_prefer_floor') } : {}),
    ...(mode === 'cubic' ? { cubicCoeffA: ctx.attrs.float('cubic_coeff_a', -0.75), excludeOutside: ctx.attrs.int('exclude_outside', 0) === 1 } : {}),
    sizes: size,
    // Given scales, not the sizes they round to, drive the coordinate mapping.
    ...(scales ? { scales } : {}),
  };
  return [ctx.layer('resize', attrs, [x])];
};

/** s = p / q with q a power of two, exactly (undefined q when s is not finite or too fine). */
function dyadic(s: number): [number, number | undefined] {
  let q = 1;
  while (!Number.isInteger(s * q) && q < 2 ** 30) q *= 2;
  return Number.isInteger(s * q) && Number.isSafeInteger(s * q) ? [s * q, q] : [0, undefined];
}

/** NumPy broadcasting of an input shape with Expand's target shape. */
function expanded(ctx: MapContext, input: Shape, target: readonly Dim[]): Dim[] {
  const rank = Math.max(input.length, target.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const a = input[input.length - rank + i] ?? 1;
    const b = target[target.length - rank + i] ?? 1;
    if (concrete(b) === 1) out.push(a);
    else if (concrete(a) === 1 || dimEquals(a, b)) out.push(b);
    else throw new FlopscopeError('shape', `node '${ctx.label}': cannot expand ${formatShape(input)} to ${formatShape(target)}`);
  }
  return out;
}

export const expand: Mapping = (ctx) => {
  const x = ctx.act(0);
  const target = ctx.ints(1, 'shape');
  if (!target) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Expand has no shape input`);
  return [ctx.layer('expand', { shape: expanded(ctx, x.shape, target) }, [x])];
};

export const identity: Mapping = (ctx) => [ctx.layer('identity', {}, [ctx.act(0)])];

export const dropout: Mapping = (ctx) => {
  const ratio = ctx.opset >= 12 ? ctx.floats(1, 'ratio')?.[0] : ctx.attrs.float('ratio');
  return [ctx.layer('dropout', { p: ratio ?? 0.5 }, [ctx.act(0)])];
};

export const cast: Mapping = (ctx) => {
  const to = ctx.attrs.int('to', DTYPE.FLOAT);
  if (!isFloatType(to)) unsupported(ctx, `a Cast of an activation to a non-float type (${to})`);
  return [ctx.layer('identity', {}, [ctx.act(0)])];
};
