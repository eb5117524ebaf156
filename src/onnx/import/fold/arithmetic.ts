// Arithmetic and comparisons on small constants, symbolic where sizes are (N + 1, floor(H / 2)),
// and decided for comparisons only when every positive value of the symbols agrees.
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { elementCount } from '../../../ops/kernel/tensor.js';
import { add, floorDiv, isSymbolic, mul, sub, type Dim } from '../../../shape/dim.js';
import { compareDims, undecidable } from '../shape-math.js';
import { isIntType } from '../tensor-data.js';
import { Constant, numbers } from '../values.js';
import { BOOL, broadcastDims, broadcastIndex, needNumber, num, smallConst, smallInputs, type FoldInput, type Folder } from './common.js';

type Scalar = (xs: Dim[]) => Dim;

function elementwise(f: FoldInput, op: Scalar, dtype?: number): Constant[] | undefined {
  const ins = smallInputs(f);
  if (!ins || !ins.length) return undefined;
  const out = broadcastDims(ins.map((x) => x.dims), f.label);
  const count = elementCount(out);
  const index = ins.map((x) => broadcastIndex(x.dims, out));
  const values: Dim[] = [];
  for (let i = 0; i < count; i++) values.push(op(ins.map((x, k) => x.v[index[k](i)])));
  return [smallConst(dtype ?? ins[0].c.dtype, out, values)];
}
function arithmetic(kind: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Mod' | 'Max' | 'Min' | 'Pow'): Folder {
  return (f) => {
    const isInt = f.inputs[0] instanceof Constant && isIntType(f.inputs[0].dtype);
    return elementwise(f, ([a, b]) => {
      switch (kind) {
        case 'Add': return add(a, b);
        case 'Sub': return sub(a, b);
        case 'Mul': {
          if (isInt || (num(a) !== undefined && Number.isInteger(num(a))) || (num(b) !== undefined && Number.isInteger(num(b)))) return mul(a, b);
          return needNumber(a, f) * needNumber(b, f);
        }
        case 'Div': {
          const d = num(b);
          if (isInt) {
            if (d === undefined || d === 0) throw new FlopscopeError('bad-input-shape', `node '${f.label}' divides by ${String(b)}; give concrete sizes with --input`);
            const n = num(a);
            if (n !== undefined) return Math.trunc(n / d);
            if (d > 0) return floorDiv(a, d); // sizes are positive: truncation is floor
            return needNumber(a, f);
          }
          return needNumber(a, f) / needNumber(b, f);
        }
        case 'Mod': {
          const x = needNumber(a, f);
          const y = needNumber(b, f);
          const r = x % y;
          return r !== 0 && (r < 0) !== (y < 0) && !f.attrs.int('fmod', 0) ? r + y : r;
        }
        case 'Max':
        case 'Min': {
          const c = compareDims(a, b);
          if (c === undefined) throw undecidable(`node '${f.label}' (${kind})`, a, b);
          return (kind === 'Max') === (c >= 0) ? a : b;
        }
        case 'Pow': return needNumber(a, f) ** needNumber(b, f);
      }
    });
  };
}

function comparison(kind: 'Equal' | 'Less' | 'Greater' | 'LessOrEqual' | 'GreaterOrEqual'): Folder {
  return (f) => elementwise(f, ([a, b]) => {
    const c = compareDims(a, b);
    if (c === undefined) throw undecidable(`node '${f.label}' (${kind})`, a, b);
    switch (kind) {
      case 'Equal': return c === 0 ? 1 : 0;
      case 'Less': return c < 0 ? 1 : 0;
      case 'Greater': return c > 0 ? 1 : 0;
      case 'LessOrEqual': return c <= 0 ? 1 : 0;
      case 'GreaterOrEqual': return c >= 0 ? 1 : 0;
    }
  }, BOOL);
}

function unary(op: (x: number) => number, keepSymbols = false): Folder {
  return (f) => elementwise(f, ([a]) => (keepSymbols && isSymbolic(a) ? a : op(needNumber(a, f))));
}

/** Reductions of a 1-D shape vector over all of it (what shape arithmetic uses them for). */
function reduce(f: FoldInput, op: (xs: Dim[]) => Dim): Constant[] | undefined {
  const ins = smallInputs(f);
  if (!ins || !ins.length || ins[0].dims.length > 1) return undefined;
  const axes = f.opset >= (f.node.op_type === 'ReduceSum' ? 13 : 18) ? (ins[1] ? numbers(ins[1].v, 'axes') : undefined) : f.attrs.ints('axes');
  if (axes && axes.some((a) => axisIndex(a, 1) !== 0)) return undefined;
  const keep = f.attrs.int('keepdims', 1) === 1;
  return [smallConst(ins[0].c.dtype, keep ? [1] : [], [op(Array.from(ins[0].v as ArrayLike<Dim>))])];
}

export const ARITHMETIC: Readonly<Record<string, Folder>> = {
  Add: arithmetic('Add'),
  Sub: arithmetic('Sub'),
  Mul: arithmetic('Mul'),
  Div: arithmetic('Div'),
  Mod: arithmetic('Mod'),
  Max: arithmetic('Max'),
  Min: arithmetic('Min'),
  Pow: arithmetic('Pow'),
  Equal: comparison('Equal'),
  Less: comparison('Less'),
  Greater: comparison('Greater'),
  LessOrEqual: comparison('LessOrEqual'),
  GreaterOrEqual: comparison('GreaterOrEqual'),
  Not: (f) => elementwise(f, ([a]) => (needNumber(a, f) ? 0 : 1), BOOL),
  And: (f) => elementwise(f, ([a, b]) => (needNumber(a, f) && needNumber(b, f) ? 1 : 0), BOOL),
  Or: (f) => elementwise(f, ([a, b]) => (needNumber(a, f) || needNumber(b, f) ? 1 : 0), BOOL),
  Neg: (f) => elementwise(f, ([a]) => sub(0, a)),
  Abs: unary(Math.abs),
  Floor: unary(Math.floor, true),
  Ceil: unary(Math.ceil, true),
  Sqrt: unary(Math.sqrt),
  Reciprocal: unary((x) => 1 / x),
  ReduceProd: (f) => reduce(f, (xs) => xs.reduce((a, b) => mul(a, b), 1 as Dim)),
  ReduceSum: (f) => reduce(f, (xs) => xs.reduce((a, b) => add(a, b), 0 as Dim)),
  Where: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 3) return undefined;
    return elementwise(f, ([c, a, b]) => (needNumber(c, f) ? a : b), ins[1].c.dtype);
  },
};
