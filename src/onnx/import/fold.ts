// Folding at import time: nodes whose inputs are all known (shape subgraphs: Shape, Gather,
// Unsqueeze, Concat, ConstantOfShape, Equal, Expand, Where, Cast, Range, arithmetic on sizes) are
// evaluated here, symbolically where sizes are symbols, and cost nothing. Size-preserving
// transforms of a weight (Identity, Reshape, Transpose, Squeeze, Unsqueeze, Flatten, Cast) keep
// the weight's key, so a transposed matrix is still counted as the initializer it came from.
import { FlopscopeError } from '../../errors.js';
import { add, ceilDiv, concrete, floorDiv, isSymbolic, mul, product, sub, type Dim, type Shape } from '../../shape/dim.js';
import type { Attributes } from './attributes.js';
import type { NodeMsg } from './proto.js';
import { compareDims, resolveReshape, undecidable } from './shape-math.js';
import { DTYPE, isFloatType, isIntType } from './tensor-data.js';
import { asDims, Constant, numbers, type Source, type Value, type Values } from './values.js';

/** Largest constant whose values the importer computes (shape vectors and small tables are far below). */
export const SMALL = 4096;

export interface FoldInput {
  readonly node: NodeMsg;
  readonly attrs: Attributes;
  readonly opset: number;
  readonly inputs: readonly (Value | undefined)[];
  /** The node, for messages. */
  readonly label: string;
  /** Makes the constant that an initializer-backed tensor becomes (Constant nodes). */
  readonly tensorConstant: (attr: string) => Constant | undefined;
}

type Folder = (f: FoldInput) => Constant[] | undefined;

const BOOL = DTYPE.BOOL;

function concreteDims(dims: Shape): number[] | undefined {
  const out: number[] = [];
  for (const d of dims) {
    const c = concrete(d);
    if (typeof c !== 'number') return undefined;
    out.push(c);
  }
  return out;
}

function smallConst(dtype: number, dims: Shape, values: Values): Constant {
  return new Constant(dtype, dims, values, undefined, undefined, true);
}

/** Every present input as a constant with small values, or undefined. */
function smallInputs(f: FoldInput): { c: Constant; v: Values; dims: number[] }[] | undefined {
  const out: { c: Constant; v: Values; dims: number[] }[] = [];
  for (const x of f.inputs) {
    if (x === undefined) continue;
    if (!(x instanceof Constant)) return undefined;
    const v = x.smallValues();
    const dims = concreteDims(x.dims);
    if (v === undefined || dims === undefined) return undefined;
    out.push({ c: x, v, dims });
  }
  return out;
}

function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= dims[i];
  }
  return s;
}

function broadcastDims(shapes: readonly (readonly number[])[], label: string): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x === 1) continue;
      if (d !== 1 && d !== x) throw new FlopscopeError('shape', `node '${label}': cannot broadcast ${shapes.map((s) => s.join('x') || 'scalar').join(' and ')}`);
      d = x;
    }
    out.push(d);
  }
  return out;
}

/** out[i] = values[index(i)] for an output of `count` elements, keeping float32 storage. */
function pick(values: Values, count: number, index: (i: number) => number): Values {
  if (values instanceof Float32Array) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = values[index(i)];
    return out;
  }
  const out = new Array<Dim>(count);
  for (let i = 0; i < count; i++) out[i] = values[index(i)];
  return out;
}

/** The flat index into an input of `dims` broadcast to `out`, for each output element. */
function broadcastIndex(dims: readonly number[], out: readonly number[]): (i: number) => number {
  const outStrides = stridesOf(out);
  const inStrides = stridesOf(dims);
  const offset = out.length - dims.length;
  return (i) => {
    let idx = 0;
    for (let a = 0; a < out.length; a++) {
      const coord = Math.floor(i / outStrides[a]) % out[a];
      const ia = a - offset;
      if (ia >= 0 && dims[ia] !== 1) idx += coord * inStrides[ia];
    }
    return idx;
  };
}

type Scalar = (xs: Dim[]) => Dim;

function elementwise(f: FoldInput, op: Scalar, dtype?: number): Constant[] | undefined {
  const ins = smallInputs(f);
  if (!ins || !ins.length) return undefined;
  const out = broadcastDims(ins.map((x) => x.dims), f.label);
  const count = out.reduce((a, b) => a * b, 1);
  const index = ins.map((x) => broadcastIndex(x.dims, out));
  const values: Dim[] = [];
  for (let i = 0; i < count; i++) values.push(op(ins.map((x, k) => x.v[index[k](i)])));
  return [smallConst(dtype ?? ins[0].c.dtype, out, values)];
}

const num = (x: Dim): number | undefined => {
  const c = concrete(x);
  return c === undefined ? undefined : Number(c);
};

function needNumber(x: Dim, f: FoldInput): number {
  const n = num(x);
  if (n === undefined) throw new FlopscopeError('bad-input-shape', `node '${f.label}' (${f.node.op_type}) computes with the symbolic size ${String(x)} in a way flopscope cannot keep symbolic; give concrete sizes with --input`);
  return n;
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

/** Attribute (before `since`) or input `index` (from `since` on) holding a list of integers. */
function intsArg(f: FoldInput, name: string, index: number, since: number): number[] | undefined {
  if (f.opset < since) return f.attrs.ints(name);
  const x = f.inputs[index];
  if (x === undefined) return undefined;
  if (!(x instanceof Constant)) throw new FlopscopeError('shape', `node '${f.label}': ${name} must be a constant, received a computed tensor`);
  const v = x.smallValues();
  if (!v) throw new FlopscopeError('shape', `node '${f.label}': ${name} is not a small constant`);
  return numbers(v, `node '${f.label}' ${name}`);
}

const normAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** A size-preserving transform of a constant: new dims, values moved lazily, the weight key kept. */
function transform(c: Constant, dims: Shape, move?: (v: Values) => Values, dtype = c.dtype, source: Source | undefined = c.source): Constant {
  const load = c.known ? () => (move ? move(c.values()!) : c.values()!) : undefined;
  return new Constant(dtype, dims, undefined, load, source, c.small);
}

export function squeezeDims(dims: Shape, axes: number[] | undefined, label: string): Dim[] {
  const rank = dims.length;
  const drop = new Set((axes ?? dims.map((d, i) => (concrete(d) === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => normAxis(a, rank)));
  for (const a of drop) {
    if (concrete(dims[a]) !== 1) throw new FlopscopeError('shape', `node '${label}': cannot squeeze axis ${a} of size ${String(dims[a])}`);
  }
  return dims.filter((_, i) => !drop.has(i));
}

export function unsqueezeDims(dims: Shape, axes: number[]): Dim[] {
  const rank = dims.length + axes.length;
  const at = new Set(axes.map((a) => normAxis(a, rank)));
  const out: Dim[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : dims[k++]);
  return out;
}

function transposeValues(dims: readonly number[], perm: readonly number[]): (v: Values) => Values {
  const out = perm.map((p) => dims[p]);
  const inStrides = stridesOf(dims);
  const outStrides = stridesOf(out);
  const count = out.reduce((a, b) => a * b, 1);
  return (v) => pick(v, count, (i) => {
    let idx = 0;
    for (let a = 0; a < out.length; a++) idx += (Math.floor(i / outStrides[a]) % out[a]) * inStrides[perm[a]];
    return idx;
  });
}

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

const FOLDERS: Readonly<Record<string, Folder>> = {
  Constant: constantValue,
  Shape: (f) => {
    const x = f.inputs[0];
    if (!x) return undefined;
    const rank = x.kind === 'act' ? x.shape.length : x.dims.length;
    const dims = x.kind === 'act' ? x.shape : x.dims;
    const clamp = (v: number) => Math.min(Math.max(normAxis(v, rank), 0), rank);
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
    const axis = normAxis(f.attrs.int('axis', 1), x.dims.length);
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
  Gather: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 2) return undefined;
    const [data, indices] = ins;
    const axis = normAxis(f.attrs.int('axis', 0), data.dims.length);
    const size = data.dims[axis];
    const idx = numbers(indices.v, `node '${f.label}' indices`).map((i) => (i < 0 ? i + size : i));
    if (idx.some((i) => i < 0 || i >= size)) throw new FlopscopeError('shape', `node '${f.label}': Gather index out of range for axis of size ${size}`);
    const outer = data.dims.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = data.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
    const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
    const count = outer * idx.length * inner;
    const values = pick(data.v, count, (i) => {
      const o = Math.floor(i / (idx.length * inner));
      const k = Math.floor(i / inner) % idx.length;
      return (o * size + idx[k]) * inner + (i % inner);
    });
    return [smallConst(data.c.dtype, dims, values)];
  },
  Concat: (f) => {
    const ins = smallInputs(f);
    if (!ins || !ins.length) return undefined;
    const rank = ins[0].dims.length;
    const axis = normAxis(f.attrs.int('axis', 0), rank);
    const outer = ins[0].dims.slice(0, axis).reduce((a, b) => a * b, 1);
    const values: Dim[] = [];
    for (let o = 0; o < outer; o++) {
      for (const x of ins) {
        const block = x.dims.slice(axis).reduce((a, b) => a * b, 1);
        for (let i = 0; i < block; i++) values.push(x.v[o * block + i]);
      }
    }
    const dims = [...ins[0].dims];
    dims[axis] = ins.reduce((s, x) => s + x.dims[axis], 0);
    return [smallConst(ins[0].c.dtype, dims, values)];
  },
  Slice: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length < 3) return undefined;
    const [data] = ins;
    const arg = (i: number) => (f.inputs[i] instanceof Constant ? numbers((f.inputs[i] as Constant).smallValues()!, `node '${f.label}'`) : undefined);
    const starts = arg(1)!;
    const ends = arg(2)!;
    const axes = (arg(3) ?? starts.map((_, i) => i)).map((a) => normAxis(a, data.dims.length));
    const steps = arg(4) ?? starts.map(() => 1);
    const ranges = data.dims.map((d) => ({ start: 0, step: 1, count: d }));
    axes.forEach((a, k) => {
      const d = data.dims[a];
      const step = steps[k];
      const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
      const start = step > 0 ? clampTo(starts[k], 0, d) : clampTo(starts[k], 0, d - 1);
      const end = step > 0 ? clampTo(ends[k], 0, d) : clampTo(ends[k], -1, d - 1);
      const count = Math.max(0, Math.ceil((end - start) / step));
      ranges[a] = { start, step, count };
    });
    const dims = ranges.map((r) => r.count);
    const outStrides = stridesOf(dims);
    const inStrides = stridesOf(data.dims);
    const count = dims.reduce((a, b) => a * b, 1);
    const values = pick(data.v, count, (i) => {
      let idx = 0;
      for (let a = 0; a < dims.length; a++) idx += (ranges[a].start + (Math.floor(i / outStrides[a]) % dims[a]) * ranges[a].step) * inStrides[a];
      return idx;
    });
    return [smallConst(data.c.dtype, dims, values)];
  },
  Expand: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 2) return undefined;
    const [data, shape] = ins;
    if (shape.v instanceof Float32Array || shape.v.some((d) => isSymbolic(d))) return undefined;
    const target = numbers(shape.v, `node '${f.label}' shape`);
    const out = broadcastDims([data.dims, target], f.label);
    const count = out.reduce((a, b) => a * b, 1);
    if (count > SMALL) return undefined;
    return [smallConst(data.c.dtype, out, pick(data.v, count, broadcastIndex(data.dims, out)))];
  },
  Where: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 3) return undefined;
    return elementwise(f, ([c, a, b]) => (needNumber(c, f) ? a : b), ins[1].c.dtype);
  },
  Range: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 3) return undefined;
    const [start, delta] = [needNumber(ins[0].v[0], f), needNumber(ins[2].v[0], f)];
    const limit = ins[1].v[0];
    const end = num(limit);
    if (end === undefined) {
      // torch.arange(0, x.size(1), 2) on a symbolic size: known by its bounds, ceil((end - start) / step) long.
      if (!(delta > 0) || !Number.isInteger(start) || !Number.isInteger(delta)) throw new FlopscopeError('bad-input-shape', `node '${f.label}': a Range up to the symbolic size ${String(limit)} with step ${delta}; give concrete sizes with --input`);
      const count = ceilDiv(sub(limit, start), delta);
      return [new Constant(ins[0].c.dtype, [count], undefined, undefined, undefined, false, { start, step: delta, end: limit })];
    }
    const count = Math.max(Math.ceil((end - start) / delta), 0);
    if (count > SMALL) return undefined;
    return [smallConst(ins[0].c.dtype, [count], Array.from({ length: count }, (_, i) => start + i * delta))];
  },
  ScatterND: (f) => {
    // Slice assignment on a constant (Swin's attention mask: mask[:, h0:h1, w0:w1, :] = k).
    const ins = smallInputs(f);
    if (!ins || ins.length !== 3 || f.attrs.string('reduction', 'none') !== 'none') return undefined;
    const [data, indices, updates] = ins;
    const k = indices.dims[indices.dims.length - 1];
    const strides = stridesOf(data.dims);
    const slice = data.dims.slice(k).reduce((a, b) => a * b, 1);
    const out = Array.from(data.v as ArrayLike<Dim>);
    const idx = numbers(indices.v, `node '${f.label}' indices`);
    for (let u = 0; u < idx.length / k; u++) {
      let at = 0;
      for (let j = 0; j < k; j++) at += (idx[u * k + j] < 0 ? idx[u * k + j] + data.dims[j] : idx[u * k + j]) * strides[j];
      for (let e = 0; e < slice; e++) out[at + e] = updates.v[u * slice + e];
    }
    return [smallConst(data.c.dtype, data.dims, out)];
  },
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
};

/** Reductions of a 1-D shape vector over all of it (what shape arithmetic uses them for). */
function reduce(f: FoldInput, op: (xs: Dim[]) => Dim): Constant[] | undefined {
  const ins = smallInputs(f);
  if (!ins || !ins.length || ins[0].dims.length > 1) return undefined;
  const axes = f.opset >= (f.node.op_type === 'ReduceSum' ? 13 : 18) ? (ins[1] ? numbers(ins[1].v, 'axes') : undefined) : f.attrs.ints('axes');
  if (axes && axes.some((a) => normAxis(a, 1) !== 0)) return undefined;
  const keep = f.attrs.int('keepdims', 1) === 1;
  return [smallConst(ins[0].c.dtype, keep ? [1] : [], [op(Array.from(ins[0].v as ArrayLike<Dim>))])];
}

/** Ops that move a tensor without changing its contents: a weight through them is still that weight. */
const TRANSFORMS = new Set(['Identity', 'Cast', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose']);

/** The constants a node computes, or undefined when it is not folded (it becomes a layer). */
export function foldNode(f: FoldInput): Constant[] | undefined {
  const folder = FOLDERS[f.node.op_type];
  if (!folder || (f.node.domain && f.node.domain !== 'ai.onnx')) return undefined;
  // Only Shape and Size read an activation (its shape); the rest fold constants only.
  if (f.node.op_type !== 'Shape' && f.node.op_type !== 'Size' && f.node.op_type !== 'Constant') {
    if (!f.inputs.some((x) => x !== undefined) || f.inputs.some((x) => x !== undefined && !(x instanceof Constant))) return undefined;
  }
  // Computing with a learned tensor (expanding a class token, slicing an embedding) would make a
  // new constant and lose the parameter: such a node stays a layer, reading the weight.
  if (!TRANSFORMS.has(f.node.op_type) && f.inputs.some((x) => x instanceof Constant && x.learned)) return undefined;
  return folder(f);
}
