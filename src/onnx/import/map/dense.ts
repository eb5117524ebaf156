// Gemm and MatMul. PyTorch's nn.Linear on a 2-D input exports as Gemm(x, W, b, transB=1), which
// is flopscope's linear layer exactly; any other Gemm is the general gemm op. MatMul with a stored
// right operand is a matmul with a weight; between two activations (attention) it has none.
import { FlopscopeError } from '../../../errors.js';
import { near } from '../attributes.js';
import { Constant, numbers } from '../values.js';
import { unsupported, type Mapping } from './context.js';

export const gemm: Mapping = (ctx) => {
  const a = ctx.act(0);
  const b = ctx.input(1);
  const c = ctx.input(2);
  if (!(b instanceof Constant)) unsupported(ctx, 'its B operand is computed in the graph rather than stored in the file');
  if (c !== undefined && !(c instanceof Constant)) unsupported(ctx, 'its C operand is computed in the graph rather than stored in the file');
  if (b.dims.length !== 2) throw new FlopscopeError('bad-attribute', `node '${ctx.label}': Gemm's B must be 2-D, received ${b.dims.join('x')}`);
  const transA = ctx.attrs.int('transA', 0) === 1;
  const transB = ctx.attrs.int('transB', 0) === 1;
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const [rows, cols] = numbers(b.dims, `node '${ctx.label}' B`);
  const outFeatures = transB ? rows : cols;
  const plainBias = c === undefined || (near(beta, 1) && c.dims.length >= 1 && numbers(c.dims, 'C').slice(0, -1).every((d) => d === 1) && Number(c.dims[c.dims.length - 1]) === outFeatures);
  if (!transA && transB && near(alpha, 1) && plainBias && a.shape.length === 2) {
    return [ctx.layer('linear', { outFeatures, bias: c !== undefined }, [a], c ? { weight: b, bias: c } : { weight: b })];
  }
  const cShape = c ? numbers(c.dims, `node '${ctx.label}' C`) : undefined;
  const biasShape = cShape && !(cShape.length === 1 && cShape[0] === outFeatures) ? (cShape.length ? cShape : [1]) : undefined;
  const attrs = { transA, transB, alpha, beta, bias: c !== undefined, outFeatures, ...(biasShape ? { biasShape } : {}) };
  return [ctx.layer('gemm', attrs, [a], c ? { weight: b, bias: c } : { weight: b })];
};

export const matmul: Mapping = (ctx) => {
  const left = ctx.input(0);
  const right = ctx.input(1);
  if (right instanceof Constant && right.learned && left !== undefined && !(left instanceof Constant)) {
    const weightShape = numbers(right.dims, `node '${ctx.label}' weight`);
    return [ctx.layer('matmul', { weightShape }, [left], { weight: right })];
  }
  return [ctx.layer('matmul', {}, [ctx.act(0), ctx.act(1)])];
};
