// Pooling and ReduceMean.
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { numbers } from '../values.js';
import { unsupported, type MapContext, type Mapping } from './context.js';
import { windowOf } from './window.js';

function kernelOf(ctx: MapContext): number[] {
  const k = ctx.attrs.ints('kernel_shape');
  if (!k) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': ${ctx.node.op_type} has no kernel_shape`);
  return k;
}

export const maxPool: Mapping = (ctx) => {
  const x = ctx.act(0);
  const w = windowOf(ctx, x.shape, kernelOf(ctx));
  const dilated = w.dilation[0] !== 1 || w.dilation[1] !== 1;
  const attrs = { kernel: w.kernel, stride: w.stride, padding: w.padding, ceilMode: ctx.attrs.int('ceil_mode', 0) === 1, ...(dilated ? { dilation: w.dilation } : {}) };
  return [ctx.layer('maxpool', attrs, [x])];
};

export const averagePool: Mapping = (ctx) => {
  const x = ctx.act(0);
  const w = windowOf(ctx, x.shape, kernelOf(ctx));
  if (w.dilation[0] !== 1 || w.dilation[1] !== 1) unsupported(ctx, 'a dilated AveragePool');
  const attrs = { kernel: w.kernel, stride: w.stride, padding: w.padding, ceilMode: ctx.attrs.int('ceil_mode', 0) === 1, countIncludePad: ctx.attrs.int('count_include_pad', 0) === 1 };
  return [ctx.layer('avgpool', attrs, [x])];
};

export const reduceMean: Mapping = (ctx) => {
  const x = ctx.act(0);
  const rank = x.shape.length;
  const given = ctx.opset >= 18 ? ctx.ints(1, 'axes') : ctx.attrs.ints('axes');
  const raw = given ? numbers(given, `node '${ctx.label}' axes`) : [];
  if (!raw.length && ctx.attrs.int('noop_with_empty_axes', 0) === 1) return [ctx.layer('identity', {}, [x])];
  const axes = (raw.length ? raw : x.shape.map((_, i) => i)).map((a) => axisIndex(a, rank)).sort((a, b) => a - b);
  return [ctx.layer('reducemean', { axes, keepdims: ctx.attrs.int('keepdims', 1) === 1 }, [x])];
};
