// Where constants come from inside the graph: Constant nodes, Shape and Size of any tensor (an
// activation's shape, symbols included), ConstantOfShape.
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { concrete, product, type Dim } from '../../../shape/dim.js';
import { DTYPE } from '../tensor-data.js';
import { asDims, Constant } from '../values.js';
import { smallConst, SMALL, type FoldInput, type Folder } from './common.js';

function constantValue(f: FoldInput): Constant[] {
  const a = f.attrs;
  const t = f.tensorConstant('value');
  if (t) return [t];
  if (a.has('value_float')) return [smallConst(DTYPE.FLOAT, [], [a.float('value_float', 0)])];
  if (a.has('value_floats')) return [smallConst(DTYPE.FLOAT, [a.floats('value_floats')!.length], a.floats('value_floats')!)];
  if (a.has('value_int')) return [smallConst(DTYPE.INT64, [], [a.int('value_int', 0)])];
  if (a.has('value_ints')) return [smallConst(DTYPE.INT64, [a.ints('value_ints')!.length], a.ints('value_ints')!)];
  throw new FlopscopeError('load', `node '${f.label}': Constant with ${a.names().join(', ') || 'no value'} is not supported (only tensor and numeric values)`);
}

export const SOURCES: Readonly<Record<string, Folder>> = {
  Constant: constantValue,
  Shape: (f) => {
    const x = f.inputs[0];
    if (!x) return undefined;
    const rank = x.kind === 'act' ? x.shape.length : x.dims.length;
    const dims = x.kind === 'act' ? x.shape : x.dims;
    const clamp = (v: number) => Math.min(Math.max(axisIndex(v, rank), 0), rank);
    const start = clamp(f.attrs.int('start', 0));
    const end = f.attrs.has('end') ? clamp(f.attrs.int('end', rank)) : rank;
    const values = dims.slice(start, end);
    return [smallConst(DTYPE.INT64, [values.length], values)];
  },
  Size: (f) => {
    const x = f.inputs[0];
    if (!x) return undefined;
    return [smallConst(DTYPE.INT64, [], [product(x.kind === 'act' ? x.shape : x.dims)])];
  },
  ConstantOfShape: (f) => {
    const shape = f.inputs[0];
    if (!(shape instanceof Constant) || !shape.small) return undefined;
    const dims = asDims(shape.values()!);
    const fill = f.tensorConstant('value');
    const value = fill ? fill.smallValues()?.[0] ?? 0 : 0;
    const dtype = fill?.dtype ?? DTYPE.FLOAT;
    const count = concrete(product(dims));
    if (typeof count === 'number' && count <= SMALL) return [smallConst(dtype, dims, new Array<Dim>(count).fill(value))];
    return [new Constant(dtype, dims, undefined, typeof count === 'number' ? () => new Array<Dim>(count).fill(value) : undefined, undefined, false)];
  },
};
