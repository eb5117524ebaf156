// Every op's reference kernel against onnxruntime on small random inputs (table-driven), with the
// kernel's counted work equal to the op's cost formulas and its weights equal to params().
import { describe, expect, it } from 'vitest';
import { getOp, knownOps, type OpName } from '../src/ops/catalogue.js';
import { checkOpAttrs } from '../src/ops/define.js';
import { GRAPH_INPUT, type Graph, type Node } from '../src/ir/graph.js';
import type { Shape } from '../src/shape/dim.js';
import type { ParamSpec } from '../src/ops/types.js';
import { validateGraph } from '../src/exec/validate.js';
import { seededInput } from '../src/ir/weights.js';

/** A hand-built graph: nodes read the graph input (-1) or earlier nodes. */
class TinyGraph {
  readonly nodes: Node[] = [];
  constructor(readonly input: Shape) {}
  add(op: string, attrs: Record<string, unknown>, inputs: number[] = [GRAPH_INPUT]): number {
    const name = `n${this.nodes.length}_${op}`;
    const def = getOp(op);
    const ctx = { layer: name };
    checkOpAttrs(def, attrs, ctx);
    const inputShapes = inputs.map((i) => (i === GRAPH_INPUT ? this.input : this.nodes[i].outputShape));
    const outputShape = def.outputShape(inputShapes, attrs, ctx);
    const params = def.params(inputShapes, attrs).map((p: ParamSpec) => ({ ...p, key: `${name}.${p.name}` }));
    this.nodes.push({ id: this.nodes.length, name, op: op as OpName, attrs, inputs, inputShapes, outputShape, params, sharedParams: false, tags: [], stage: name, site: undefined });
    return this.nodes.length - 1;
  }
  graph(): Graph {
    return { name: 'case', input: this.input, nodes: this.nodes, output: this.nodes.length - 1 };
  }
}

const conv = (outChannels: number, k: [number, number], o: { stride?: [number, number]; padding?: [number, number, number, number]; dilation?: [number, number]; groups?: number; bias?: boolean } = {}) => ({
  outChannels, kernel: k, stride: o.stride ?? [1, 1], padding: o.padding ?? [0, 0, 0, 0], dilation: o.dilation ?? [1, 1], groups: o.groups ?? 1, bias: o.bias ?? false,
});
const pool = (k: number, s: number, p: [number, number, number, number], ceilMode = false, countIncludePad?: boolean) => ({
  kernel: [k, k], stride: [s, s], padding: p, ceilMode, ...(countIncludePad !== undefined ? { countIncludePad } : {}),
});

interface Case {
  readonly op: string;
  readonly label: string;
  readonly input: number[];
  /** Input values are uniform in [-scale, scale), so clamps (relu6 at 6, hardsigmoid at +-3) are reached. */
  readonly scale?: number;
  build(g: TinyGraph): void;
}

const single = (op: string, label: string, input: number[], attrs: Record<string, unknown> = {}, scale = 1): Case =>
  ({ op, label, input, scale, build: (g) => { g.add(op, attrs); } });

const CASES: Case[] = [
  single('conv2d', '3x3 pad 1', [1, 4, 7, 9], conv(6, [3, 3], { padding: [1, 1, 1, 1] })),
  single('conv2d', 'stride 2, bias', [2, 3, 9, 8], conv(5, [3, 3], { stride: [2, 2], padding: [1, 1, 1, 1], bias: true })),
  single('conv2d', 'groups 2', [1, 4, 6, 6], conv(6, [3, 3], { groups: 2, padding: [1, 1, 1, 1] })),
  single('conv2d', 'depthwise', [1, 6, 7, 7], conv(6, [3, 3], { groups: 6, padding: [1, 1, 1, 1], stride: [2, 2] })),
  single('conv2d', 'dilation 2', [1, 3, 11, 10], conv(4, [3, 3], { dilation: [2, 2], padding: [2, 2, 2, 2] })),
  single('conv2d', 'asymmetric padding, rectangular kernel', [1, 3, 8, 7], conv(4, [2, 3], { padding: [0, 1, 2, 1], stride: [2, 1] })),
  single('conv2d', '1x1 direct', [2, 8, 5, 5], conv(3, [1, 1], { bias: true })),
  single('conv2d', '1x1 stride 2', [1, 8, 5, 5], conv(3, [1, 1], { stride: [2, 2] })),
  { op: 'linear', label: 'bias, after flatten', input: [2, 3, 4, 4], build: (g) => { g.add('linear', { outFeatures: 7, bias: true }, [g.add('flatten', {})]); } },
  { op: 'linear', label: 'no bias', input: [1, 5, 2, 2], build: (g) => { g.add('linear', { outFeatures: 3, bias: false }, [g.add('flatten', {})]); } },
  single('batchnorm', 'eps 1e-5', [2, 5, 4, 3], { eps: 1e-5 }),
  single('relu', 'scale 4', [1, 3, 5, 5], {}, 4),
  single('relu6', 'scale 8 (both clamps)', [1, 3, 5, 5], {}, 8),
  single('sigmoid', 'scale 6', [1, 3, 5, 5], {}, 6),
  single('hardsigmoid', 'scale 6 (both clamps)', [1, 3, 5, 5], {}, 6),
  single('hardswish', 'scale 6 (both clamps)', [1, 3, 5, 5], {}, 6),
  single('silu', 'scale 6', [1, 3, 5, 5], {}, 6),
  single('tanh', 'scale 3', [1, 3, 5, 5], {}, 3),
  single('maxpool', '3x3 s2 p1', [1, 3, 9, 9], pool(3, 2, [1, 1, 1, 1])),
  single('maxpool', '2x2 s2 ceil_mode on odd size', [1, 2, 7, 7], pool(2, 2, [0, 0, 0, 0], true)),
  single('maxpool', '3x3 s2 p1 ceil_mode', [1, 2, 8, 8], pool(3, 2, [1, 1, 1, 1], true)),
  single('maxpool', 'asymmetric padding', [1, 2, 6, 7], pool(3, 1, [0, 1, 1, 0])),
  single('avgpool', '3x3 s2 p1 (count_include_pad)', [1, 3, 9, 9], pool(3, 2, [1, 1, 1, 1])),
  single('avgpool', '3x3 s2 p1 without padded taps in the divisor', [1, 3, 9, 9], pool(3, 2, [1, 1, 1, 1], false, false)),
  single('avgpool', '2x2 s2 ceil_mode on odd size', [1, 2, 7, 7], pool(2, 2, [0, 0, 0, 0], true)),
  single('avgpool', '3x3 s2 p1 ceil_mode', [1, 2, 8, 8], pool(3, 2, [1, 1, 1, 1], true, false)),
  single('globalavgpool', '', [2, 3, 5, 4]),
  single('globalmaxpool', '', [2, 3, 5, 4]),
  // Adaptive pooling: AveragePool when the windows are even, two MatMuls with averaging matrices when not.
  single('adaptiveavgpool', '14x14 to 7x7 (AveragePool kernel 2)', [1, 3, 14, 14], { outputSize: [7, 7] }),
  single('adaptiveavgpool', '2x2 to 7x7 (uneven, VGG at 64x64)', [1, 4, 2, 2], { outputSize: [7, 7] }),
  single('adaptiveavgpool', '13x9 to 4x3 (uneven), batch 2', [2, 3, 13, 9], { outputSize: [4, 3] }),
  single('adaptiveavgpool', '7x7 to 7x7 (AveragePool kernel 1)', [2, 2, 7, 7], { outputSize: [7, 7] }),
  single('adaptiveavgpool', '6x9 to 2x3 (rectangular kernel 3x3)', [1, 3, 6, 9], { outputSize: [2, 3] }),
  single('adaptiveavgpool', '8x12 to 4x3 (kernel 2x4)', [1, 2, 8, 12], { outputSize: [4, 3] }),
  single('adaptiveavgpool', '5x4 to 1x1 (GlobalAveragePool)', [2, 3, 5, 4], { outputSize: [1, 1] }),
  { op: 'add', label: 'same shape (residual)', input: [1, 4, 5, 5], build: (g) => { g.add('add', {}, [GRAPH_INPUT, g.add('relu', {})]); } },
  { op: 'add', label: 'broadcast over H, W', input: [2, 4, 5, 3], build: (g) => { g.add('add', {}, [GRAPH_INPUT, g.add('globalavgpool', {})]); } },
  { op: 'add', label: 'broadcast over C, three inputs', input: [1, 4, 3, 5], build: (g) => { g.add('add', {}, [GRAPH_INPUT, g.add('split', { chunks: 4, index: 1 }), g.add('globalmaxpool', {})]); } },
  { op: 'mul', label: 'channel scale (SE)', input: [2, 4, 5, 3], build: (g) => { g.add('mul', {}, [GRAPH_INPUT, g.add('sigmoid', {}, [g.add('globalavgpool', {})])]); } },
  { op: 'mul', label: 'broadcast over C, three inputs', input: [1, 4, 3, 5], build: (g) => { g.add('mul', {}, [g.add('split', { chunks: 4, index: 3 }), GRAPH_INPUT, g.add('globalavgpool', {})]); } },
  single('scaleby', 'residual scaling by 0.17', [2, 4, 5, 3], { factor: 0.17 }),
  single('scaleby', 'negative factor', [1, 3, 4, 4], { factor: -2.5 }),
  single('flatten', '', [2, 3, 2, 2]),
  single('identity', '', [1, 3, 2, 2]),
  single('dropout', 'p 0.2 (identity at inference)', [1, 3, 2, 2], { p: 0.2 }),
  { op: 'concat', label: 'three inputs', input: [2, 3, 4, 4], build: (g) => { g.add('concat', {}, [GRAPH_INPUT, g.add('relu', {}), g.add('split', { chunks: 3, index: 2 })]); } },
  single('split', 'middle chunk', [2, 6, 3, 3], { chunks: 3, index: 1 }),
  single('shuffle', 'groups 3', [2, 6, 3, 2], { groups: 3 }),
];

describe('reference kernels against onnxruntime', () => {
  it('covers every registered op', () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(knownOps()));
  });

  it.each(CASES.map((c) => [`${c.op}: ${c.label}`, c] as const))('%s', async (_label, c) => {
    const g = new TinyGraph(c.input);
    c.build(g);
    const graph = g.graph();
    const x = seededInput(c.input, 7);
    const scale = c.scale ?? 1;
    const input = { shape: x.shape, data: x.data.map((v) => v * scale) };
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'], input, tolerance: 1e-5 });
    const failed = result.checks.filter((k) => !k.ok);
    expect(failed).toEqual([]);
    // Every check ran on every layer: shapes, params and counts (reference), shapes, params and outputs (onnxruntime).
    expect(result.checks.map((k) => `${k.backend}:${k.kind}`)).toEqual([
      'reference:shapes', 'reference:params', 'reference:counts', 'onnxruntime:shapes', 'onnxruntime:params', 'onnxruntime:outputs',
    ]);
  });
});

// Uneven adaptive windows overlap or vary in size; besides onnxruntime (above), the kernel is checked
// here against PyTorch's definition written out directly, and its counts against the cost formulas.
describe('adaptiveavgpool with uneven windows', () => {
  const direct = (x: { shape: readonly number[]; data: Float32Array }, oh: number, ow: number): number[] => {
    const [n, c, h, w] = x.shape;
    const out: number[] = [];
    for (let p = 0; p < n * c; p++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          const ys = Math.floor((i * h) / oh), ye = Math.ceil(((i + 1) * h) / oh);
          const xs = Math.floor((j * w) / ow), xe = Math.ceil(((j + 1) * w) / ow);
          let s = 0;
          for (let y = ys; y < ye; y++) for (let k = xs; k < xe; k++) s += x.data[p * h * w + y * w + k];
          out.push(s / ((ye - ys) * (xe - xs)));
        }
      }
    }
    return out;
  };

  it.each([
    ['10x10 to 7x7', [1, 3, 10, 10], [7, 7]],
    ['2x2 to 7x7 (VGG at 64x64)', [1, 4, 2, 2], [7, 7]],
    ['13x9 to 4x3, batch 2', [2, 3, 13, 9], [4, 3]],
    ['5x11 to 3x1', [1, 2, 5, 11], [3, 1]],
  ] as Array<[string, number[], [number, number]]>)('%s: kernel = direct formula, counts = cost formulas, onnxruntime agrees', async (_label, shape, o) => {
    const g = new TinyGraph(shape);
    g.add('adaptiveavgpool', { outputSize: o });
    const graph = g.graph();
    const x = seededInput(shape, 7);
    const counted = { macs: 0, add: 0, mul: 0, cmp: 0, div: 0, exp: 0 };
    const y = getOp('adaptiveavgpool').kernel([x], { outputSize: o }, { count: counted, param: () => { throw new Error('no params'); } });
    expect(y.shape).toEqual([shape[0], shape[1], o[0], o[1]]);
    const want = direct(x, o[0], o[1]);
    y.data.forEach((v: number, i: number) => expect(v).toBeCloseTo(want[i], 5));
    const result = await validateGraph(graph, { backends: ['reference'], input: x });
    expect(result.checks.filter((k) => !k.ok)).toEqual([]);
    expect(result.checks.map((k) => k.kind)).toEqual(['shapes', 'params', 'counts']);
    const both = await validateGraph(graph, { backends: ['reference', 'onnxruntime'], input: x });
    expect(both.checks.filter((k) => !k.ok)).toEqual([]);
  });
});
