// BatchNormalization (inference form; its running mean and variance are buffers) and
// LayerNormalization (opset 17). At opset 13 PyTorch writes LayerNorm out as ReduceMean, Sub, Pow,
// Sqrt, Div, Mul and Add, which map one by one.
import { FlopscopeError } from '../../../errors.js';
import { Constant } from '../values.js';
import { unsupported, type MapContext, type Mapping } from './context.js';

function stored(ctx: MapContext, i: number, what: string): Constant {
  const v = ctx.input(i);
  if (v === undefined) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': ${ctx.node.op_type} has no ${what} input`);
  if (!(v instanceof Constant)) unsupported(ctx, `its ${what} is computed in the graph rather than stored in the file`);
  return v;
}

export const batchNorm: Mapping = (ctx) => {
  if (ctx.attrs.int('training_mode', 0) === 1) unsupported(ctx, 'a BatchNormalization in training mode (it computes batch statistics)');
  const x = ctx.act(0);
  const params = {
    weight: stored(ctx, 1, 'scale'),
    bias: stored(ctx, 2, 'bias'),
    running_mean: stored(ctx, 3, 'mean'),
    running_var: stored(ctx, 4, 'variance'),
  };
  return [ctx.layer('batchnorm', { eps: ctx.attrs.float('epsilon', 1e-5) }, [x], params)];
};

export const layerNorm: Mapping = (ctx) => {
  const x = ctx.act(0);
  const scale = stored(ctx, 1, 'scale');
  const bias = ctx.input(2) === undefined ? undefined : stored(ctx, 2, 'bias');
  const attrs = { axis: ctx.attrs.int('axis', -1), epsilon: ctx.attrs.float('epsilon', 1e-5), scale: true, bias: bias !== undefined };
  return [ctx.layer('layernorm', attrs, [x], bias ? { weight: scale, bias } : { weight: scale })];
};
