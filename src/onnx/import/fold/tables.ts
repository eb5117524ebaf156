// Data movement on small constants: Gather, Concat, Slice, Expand, ScatterND, and Range (known by
// its bounds when it runs up to a symbolic size).
import { FlopscopeError } from '../../../errors.js';
import { axisIndex } from '../../../ops/axis.js';
import { elementCount, stridesOf } from '../../../ops/kernel/tensor.js';
import { ceilDiv, isSymbolic, sub, type Dim } from '../../../shape/dim.js';
import { Constant, numbers } from '../values.js';
import { broadcastDims, broadcastIndex, needNumber, num, pick, smallConst, smallInputs, SMALL, type Folder } from './common.js';

export const TABLES: Readonly<Record<string, Folder>> = {
  Gather: (f) => {
    const ins = smallInputs(f);
    if (!ins || ins.length !== 2) return undefined;
    const [data, indices] = ins;
    const axis = axisIndex(f.attrs.int('axis', 0), data.dims.length);
    const size = data.dims[axis];
    const idx = numbers(indices.v, `node '${f.label}' indices`).map((i) => (i < 0 ? i + size : i));
    if (idx.some((i) => i < 0 || i >= size)) throw new FlopscopeError('shape', `node '${f.label}': Gather index out of range for axis of size ${size}`);
    const outer = elementCount(data.dims.slice(0, axis));
    const inner = elementCount(data.dims.slice(axis + 1));
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
    const axis = axisIndex(f.attrs.int('axis', 0), rank);
    const outer = elementCount(ins[0].dims.slice(0, axis));
    const values: Dim[] = [];
    for (let o = 0; o < outer; o++) {
      for (const x of ins) {
        const block = elementCount(x.dims.slice(axis));
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
    const axes = (arg(3) ?? starts.map((_, i) => i)).map((a) => axisIndex(a, data.dims.length));
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
    const count = elementCount(dims);
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
    const count = elementCount(out);
    if (count > SMALL) return undefined;
    return [smallConst(data.c.dtype, out, pick(data.v, count, broadcastIndex(data.dims, out)))];
  },
  ScatterND: (f) => {
    // Slice assignment on a constant (Swin's attention mask: mask[:, h0:h1, w0:w1, :] = k).
    const ins = smallInputs(f);
    if (!ins || ins.length !== 3 || f.attrs.string('reduction', 'none') !== 'none') return undefined;
    const [data, indices, updates] = ins;
    const k = indices.dims[indices.dims.length - 1];
    const strides = stridesOf(data.dims);
    const slice = elementCount(data.dims.slice(k));
    const out = Array.from(data.v as ArrayLike<Dim>);
    const idx = numbers(indices.v, `node '${f.label}' indices`);
    for (let u = 0; u < idx.length / k; u++) {
      let at = 0;
      for (let j = 0; j < k; j++) at += (idx[u * k + j] < 0 ? idx[u * k + j] + data.dims[j] : idx[u * k + j]) * strides[j];
      for (let e = 0; e < slice; e++) out[at + e] = updates.v[u * slice + e];
    }
    return [smallConst(data.c.dtype, data.dims, out)];
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
};
