// Size-preserving transforms of a constant (Identity, Cast, Reshape, Flatten, Squeeze, Unsqueeze,
// Transpose): new dims, values moved only when read, and the weight's key kept, so a transposed
// matrix still counts as the initializer it came from.
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { elementCount, stridesOf } from '../../../ops/kernel/tensor.js';
import { concrete, isSymbolic, product, type Dim, type Shape } from '../../../shape/dim.js';
import { resolveReshape } from '../shape-math.js';
import { DTYPE, isFloatType, isIntType } from '../tensor-data.js';
import { asDims, Constant, type Source, type Values } from '../values.js';
import { BOOL, concreteDims, intsArg, pick, type Folder } from './common.js';

/** A size-preserving transform of a constant: new dims, values moved lazily, the weight key kept. */
function transform(c: Constant, dims: Shape, move?: (v: Values) => Values, dtype = c.dtype, source: Source | undefined = c.source): Constant {
  const load = c.known ? () => (move ? move(c.values()!) : c.values()!) : undefined;
  return new Constant(dtype, dims, undefined, load, source, c.small);
}

export function squeezeDims(dims: Shape, axes: number[] | undefined, label: string): Dim[] {
  const rank = dims.length;
  const drop = new Set((axes ?? dims.map((d, i) => (concrete(d) === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => axisIndex(a, rank)));
  for (const a of drop) {
    if (concrete(dims[a]) !== 1) throw new FlopscopeError('shape', `node '${label}': cannot squeeze axis ${a} of size ${String(dims[a])}`);
  }
  return dims.filter((_, i) => !drop.has(i));
}

export function unsqueezeDims(dims: Shape, axes: number[]): Dim[] {
  const rank = dims.length + axes.length;
  const at = new Set(axes.map((a) => axisIndex(a, rank)));
  const out: Dim[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : dims[k++]);
  return out;
}

function transposeValues(dims: readonly number[], perm: readonly number[]): (v: Values) => Values {
  const out = perm.map((p) => dims[p]);
  const inStrides = stridesOf(dims);
  const outStrides = stridesOf(out);
  const count = elementCount(out);
  return (v) => pick(v, count, (i) => {
    let idx = 0;
    for (let a = 0; a < out.length; a++) idx += (Math.floor(i / outStrides[a]) % out[a]) * inStrides[perm[a]];
    return idx;
  });
}

export const TRANSFORMS: Readonly<Record<string, Folder>> = {
  Identity: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    // PyTorch's exporter deduplicates parameters with equal values (fresh BN weights are all
    // ones) and names each copy with an Identity of the one initializer it keeps: each copy is a
    // parameter of its own, counted under its own name.
    const direct = x.source?.initializer && x.source.key === f.node.input[0];
    return [transform(x, x.dims, undefined, x.dtype, direct ? { key: f.node.output[0], initializer: true } : x.source)];
  },
  Cast: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    const to = f.attrs.int('to', DTYPE.FLOAT);
    const toInt = isIntType(to);
    const toBool = to === BOOL;
    const convert = (v: Values): Values => {
      if (isFloatType(to) && v instanceof Float32Array) return v;
      return Array.from(v as ArrayLike<Dim>, (d) => (isSymbolic(d) ? d : toBool ? (Number(d) !== 0 ? 1 : 0) : toInt ? Math.trunc(Number(d)) : Number(d)));
    };
    return [transform(x, x.dims, convert, to)];
  },
  Reshape: (f) => {
    const [x, shape] = f.inputs;
    if (!(x instanceof Constant) || !(shape instanceof Constant) || !shape.small) return undefined;
    const dims = resolveReshape(x.dims, asDims(shape.values()!), f.attrs.int('allowzero', 0) === 1, `node '${f.label}'`);
    return [transform(x, dims)];
  },
  Flatten: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    const axis = axisIndex(f.attrs.int('axis', 1), x.dims.length);
    return [transform(x, [product(x.dims.slice(0, axis)), product(x.dims.slice(axis))])];
  },
  Squeeze: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    return [transform(x, squeezeDims(x.dims, intsArg(f, 'axes', 1, 13), f.label))];
  },
  Unsqueeze: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    const axes = intsArg(f, 'axes', 1, 13);
    if (!axes) throw new FlopscopeError('shape', `node '${f.label}': Unsqueeze without axes`);
    return [transform(x, unsqueezeDims(x.dims, axes))];
  },
  Transpose: (f) => {
    const x = f.inputs[0];
    if (!(x instanceof Constant)) return undefined;
    const dims = concreteDims(x.dims);
    if (!dims) return undefined;
    const perm = f.attrs.ints('perm', dims.map((_, i) => dims.length - 1 - i));
    return [transform(x, perm.map((p) => dims[p]), transposeValues(dims, perm))];
  },
};
