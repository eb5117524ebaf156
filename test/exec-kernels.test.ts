// Every op's reference kernel against onnxruntime on small random inputs (table-driven), with the
// kernel's counted work equal to the op's cost formulas and its weights equal to params().
import { describe, expect, it } from 'vitest';
import { getOp, knownOps } from '../src/ops/catalogue.js';
import { GRAPH_INPUT } from '../src/ir/graph.js';
import { validateGraph } from '../src/exec/validate.js';
import { seededInput } from '../src/ir/weights.js';
import { TinyGraph } from './helpers/tiny-graph.js';

const conv = (outChannels: number, k: [number, number], o: { stride?: [number, number]; padding?: [number, number, number, number]; dilation?: [number, number]; groups?: number; bias?: boolean } = {}) => ({
  outChannels, kernel: k, stride: o.stride ?? [1, 1], padding: o.padding ?? [0, 0, 0, 0], dilation: o.dilation ?? [1, 1], groups: o.groups ?? 1, bias: o.bias ?? false,
});
const pool = (k: number, s: number, p: [number, number, number, number], ceilMode = false, countIncludePad?: boolean) => ({
  kernel: [k, k], stride: [s, s], padding: p, ceilMode, ...(countIncludePad !== undefined ? { countIncludePad } : {}),
});

const convT = (outChannels: number, k: [number, number], o: { stride?: [number, number]; padding?: [number, number, number, number]; outputPadding?: [number, number]; dilation?: [number, number]; groups?: number; bias?: boolean } = {}) => ({
  outChannels, kernel: k, stride: o.stride ?? [1, 1], padding: o.padding ?? [0, 0, 0, 0], groups: o.groups ?? 1, bias: o.bias ?? false,
  ...(o.outputPadding ? { outputPadding: o.outputPadding } : {}), ...(o.dilation ? { dilation: o.dilation } : {}),
});
const resizeTo = (sizes: number[], mode: string, o: Record<string, unknown> = {}) => ({ sizes, mode, ...o });

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
  single('flatten', '', [2, 3, 2, 2]),
  single('identity', '', [1, 3, 2, 2]),
  single('dropout', 'p 0.2 (identity at inference)', [1, 3, 2, 2], { p: 0.2 }),
  { op: 'concat', label: 'three inputs', input: [2, 3, 4, 4], build: (g) => { g.add('concat', {}, [GRAPH_INPUT, g.add('relu', {}), g.add('split', { chunks: 3, index: 2 })]); } },
  single('split', 'middle chunk', [2, 6, 3, 3], { chunks: 3, index: 1 }),
  single('shuffle', 'groups 3', [2, 6, 3, 2], { groups: 3 }),

  // Ops for imported models. Input scales keep each op in range: positive inputs for sqrt and
  // fractional powers (through sigmoid), denominators away from 0.
  single('convtranspose2d', 'stride 2, pad 1, output padding 1, bias', [1, 4, 5, 4], convT(6, [3, 3], { stride: [2, 2], padding: [1, 1, 1, 1], outputPadding: [1, 1], bias: true })),
  single('convtranspose2d', 'groups 2, asymmetric padding', [2, 4, 4, 5], convT(6, [3, 2], { stride: [2, 1], padding: [0, 1, 2, 0], groups: 2 })),
  single('convtranspose2d', 'dilation 2, stride 3', [1, 3, 4, 4], convT(2, [3, 3], { stride: [3, 3], dilation: [2, 2], padding: [1, 1, 1, 1] })),
  single('convtranspose2d', 'depthwise 4x4 stride 2 (upsampling)', [1, 3, 5, 5], convT(3, [4, 4], { stride: [2, 2], padding: [1, 1, 1, 1], groups: 3, bias: true })),
  { op: 'gemm', label: 'nn.Linear layout (transB), bias', input: [2, 3, 2, 2], build: (g) => { g.add('gemm', { transB: true, bias: true, outFeatures: 5 }, [g.add('flatten', {})]); } },
  single('gemm', 'K x N weight, no bias', [3, 7], { bias: false, outFeatures: 4 }),
  single('gemm', 'transA, alpha 0.5, beta 2, bias 1 x N', [6, 3], { transA: true, alpha: 0.5, beta: 2, bias: true, outFeatures: 4, biasShape: [1, 4] }),
  single('gemm', 'bias M x N, beta 0.25', [3, 5], { transB: true, beta: 0.25, bias: true, outFeatures: 2, biasShape: [3, 2] }),
  single('gemm', 'scalar-like bias [1]', [2, 5], { bias: true, outFeatures: 3, biasShape: [1] }),
  single('matmul', 'sequence times a learned weight', [2, 5, 6], { weightShape: [6, 4] }),
  single('matmul', 'batched learned weight, broadcast over the batch', [2, 3, 4, 5], { weightShape: [3, 5, 2] }),
  single('matmul', '1-D times a matrix', [6], { weightShape: [6, 4] }),
  single('matmul', 'matrix times a 1-D weight', [2, 3, 6], { weightShape: [6] }),
  { op: 'matmul', label: 'attention scores Q K^T (two activations)', input: [1, 2, 5, 4], build: (g) => { g.add('matmul', {}, [GRAPH_INPUT, g.add('transpose', { perm: [0, 1, 3, 2] })]); } },
  { op: 'matmul', label: 'broadcast batch axes of both operands', input: [2, 1, 3, 4], build: (g) => { g.add('matmul', {}, [GRAPH_INPUT, g.add('constant', { shape: [3, 4, 5], learned: false }, [])]); } },
  single('batchnorm', 'rank 2 (BatchNorm1d on features)', [4, 6], { eps: 1e-5 }),
  single('batchnorm', 'rank 3 (BatchNorm1d on sequences)', [2, 5, 7], { eps: 1e-3 }),
  single('layernorm', 'last axis, scale and bias (ViT)', [2, 5, 8], { axis: -1, epsilon: 1e-6, scale: true, bias: true }, 3),
  single('layernorm', 'over C, H, W, scale only', [2, 3, 4, 4], { axis: 1, scale: true, bias: false }),
  single('layernorm', 'no affine', [3, 10], { axis: 1, scale: false, bias: false }, 5),
  single('hardsigmoid', 'alpha 0.2, beta 0.5 (ONNX defaults), both clamps', [1, 3, 5, 5], { alpha: 0.2, beta: 0.5 }, 6),
  single('leakyrelu', 'alpha 0.1', [1, 3, 5, 5], { alpha: 0.1 }, 3),
  single('leakyrelu', 'default alpha', [2, 7], {}, 3),
  single('clip', 'min -1, max 2', [1, 3, 5, 5], { min: -1, max: 2 }, 4),
  single('clip', 'min only', [1, 3, 5, 5], { min: 0.5 }, 4),
  single('clip', 'max only', [1, 3, 5, 5], { max: -0.25 }, 4),
  single('erf', 'scale 3 (both expansions)', [1, 3, 5, 5], {}, 3),
  single('softmax', 'last axis', [2, 3, 7], {}, 4),
  single('softmax', 'over channels', [2, 5, 3, 3], { axis: 1 }, 4),
  { op: 'sqrt', label: 'of a sigmoid', input: [1, 3, 5, 5], build: (g) => { g.add('sqrt', {}, [g.add('sigmoid', {})]); } },
  single('maxpool', 'dilation 2', [1, 2, 9, 8], { ...pool(3, 1, [2, 2, 2, 2]), dilation: [2, 2] }),
  single('maxpool', 'dilation 2x1, stride 2, ceil_mode', [1, 2, 10, 9], { ...pool(2, 2, [0, 0, 0, 0], true), dilation: [2, 1] }),
  single('reducemean', 'over H, W keeping dims (SE squeeze)', [2, 3, 4, 5], { axes: [2, 3], keepdims: true }),
  single('reducemean', 'last axis, dropped', [2, 3, 6], { axes: [-1], keepdims: false }),
  single('reducemean', 'every axis (empty list)', [2, 3, 4], { axes: [] }),
  single('reducemean', 'over N and C', [2, 3, 2, 2], { axes: [0, 1] }),
  single('add', 'folded scalar', [1, 3, 4, 4], { scalar: 1.5 }),
  single('mul', 'folded scalar (x * 0.5 of GELU)', [1, 3, 4, 4], { scalar: 0.5 }),
  { op: 'mul', label: 'two inputs and a folded scalar', input: [1, 3, 4, 4], build: (g) => { g.add('mul', { scalar: -2 }, [GRAPH_INPUT, g.add('sigmoid', {})]); } },
  single('sub', 'x - scalar', [1, 3, 4, 4], { scalar: 0.25 }),
  single('sub', 'scalar - x', [1, 3, 4, 4], { scalar: 1, scalarFirst: true }),
  { op: 'sub', label: 'centre on a mean (broadcast, as opset-13 LayerNorm)', input: [2, 3, 6], build: (g) => { g.add('sub', {}, [GRAPH_INPUT, g.add('reducemean', { axes: [-1] })]); } },
  single('div', 'x / sqrt(2) (GELU)', [1, 3, 4, 4], { scalar: Math.SQRT2 }),
  { op: 'div', label: 'scalar / sigmoid(x)', input: [1, 3, 4, 4], build: (g) => { g.add('div', { scalar: 1, scalarFirst: true }, [g.add('sigmoid', {})]); } },
  { op: 'div', label: 'by a constant tensor (broadcast)', input: [2, 3, 4], build: (g) => { g.add('div', {}, [GRAPH_INPUT, g.add('constant', { shape: [3, 1], learned: false, values: [0.5, 2, -4] }, [])]); } },
  single('pow', 'squared (one multiply)', [1, 3, 4, 4], { exponent: 2 }, 3),
  single('pow', 'cubed', [1, 3, 4, 4], { exponent: 3 }, 2),
  { op: 'pow', label: 'sigmoid(x) ^ 0.5', input: [1, 3, 4, 4], build: (g) => { g.add('pow', { exponent: 0.5 }, [g.add('sigmoid', {})]); } },
  { op: 'pow', label: 'sigmoid(x) ^ x (two activations)', input: [1, 3, 4, 4], build: (g) => { g.add('pow', {}, [g.add('sigmoid', {}), GRAPH_INPUT]); } },
  { op: 'concat', label: 'axis 2', input: [1, 3, 4, 2], build: (g) => { g.add('concat', { axis: 2 }, [GRAPH_INPUT, g.add('relu', {})]); } },
  { op: 'concat', label: 'last axis (-1) of a sequence', input: [2, 3, 4], build: (g) => { g.add('concat', { axis: -1 }, [g.add('relu', {}), GRAPH_INPUT, g.add('sigmoid', {})]); } },
  { op: 'concat', label: 'class token before the patches (axis 1)', input: [2, 4, 6], build: (g) => { g.add('concat', { axis: 1 }, [g.add('expand', { shape: [2, 1, 6] }, [g.add('constant', { shape: [1, 1, 6], learned: true }, [])]), GRAPH_INPUT]); } },
  single('flatten', 'axis 2', [2, 3, 4, 2], { axis: 2 }),
  single('flatten', 'axis 0', [2, 3, 2], { axis: 0 }),
  single('flatten', 'axis -1', [2, 3, 2], { axis: -1 }),
  single('reshape', 'patches to a sequence', [2, 4, 3, 3], { shape: [2, 4, 9] }),
  single('reshape', 'unsqueeze', [2, 5], { shape: [2, 1, 5, 1] }),
  single('transpose', 'NCL to NLC', [2, 3, 5], { perm: [0, 2, 1] }),
  single('transpose', 'rank 4, NCHW to NHWC', [2, 3, 4, 5], { perm: [0, 2, 3, 1] }),
  single('slice', 'a channel range', [2, 6, 3, 3], { starts: [1], ends: [4], axes: [1], steps: [1] }),
  single('slice', 'steps 2 on two axes', [1, 3, 7, 6], { starts: [1, 0], ends: [7, 6], axes: [-2, -1], steps: [2, 3] }),
  single('slice', 'backwards (step -1, end -1: through index 0)', [1, 2, 5], { starts: [4], ends: [-1], axes: [2], steps: [-1] }),
  single('slice', 'backwards by 2', [1, 2, 7], { starts: [5], ends: [0], axes: [2], steps: [-2] }),
  single('gather', 'class token x[:, 0]', [2, 5, 4], { axis: 1, indices: 0 }),
  single('gather', 'index list with a negative index', [2, 5, 4], { axis: -1, indices: [3, -1, 0, 3] }),
  single('gather', 'default axis 0', [3, 4], { indices: [2] }),
  single('pad', 'constant 1.5, asymmetric', [1, 2, 3, 4], { pads: [0, 0, 1, 2, 0, 0, 2, 0], value: 1.5 }),
  single('pad', 'reflect', [1, 2, 4, 5], { pads: [0, 0, 2, 1, 0, 0, 1, 3], mode: 'reflect' }),
  single('pad', 'edge', [1, 2, 3, 3], { pads: [0, 0, 2, 2, 0, 0, 1, 1], mode: 'edge' }),
  single('pad', 'reflect with a (ignored) value, cropping one side', [1, 2, 5, 4], { pads: [0, 0, 2, -1, 0, 0, 1, 2], mode: 'reflect', value: 0 }),
  single('pad', 'negative pads crop', [1, 2, 5, 5], { pads: [0, 0, -1, 1, 0, 0, 1, -2] }),
  single('resize', 'nearest x2, asymmetric floor (PyTorch Upsample)', [1, 2, 3, 4], resizeTo([1, 2, 6, 8], 'nearest', { coordinateTransformationMode: 'asymmetric', nearestMode: 'floor' })),
  single('resize', 'nearest 7x5 to 4x3, half_pixel, round_prefer_floor', [1, 2, 7, 5], resizeTo([1, 2, 4, 3], 'nearest')),
  single('resize', 'nearest 3x5 to 7x9, round_prefer_ceil, align_corners', [1, 1, 3, 5], resizeTo([1, 1, 7, 9], 'nearest', { coordinateTransformationMode: 'align_corners', nearestMode: 'round_prefer_ceil' })),
  single('resize', 'bilinear x2, pytorch_half_pixel', [1, 2, 3, 4], resizeTo([1, 2, 6, 8], 'linear', { coordinateTransformationMode: 'pytorch_half_pixel' })),
  single('resize', 'bilinear 5x6 to 3x4, align_corners', [2, 2, 5, 6], resizeTo([2, 2, 3, 4], 'linear', { coordinateTransformationMode: 'align_corners' })),
  single('resize', 'bilinear, width only, scales given', [1, 2, 3, 4], resizeTo([1, 2, 3, 6], 'linear', { scales: [1, 1, 1, 1.5] })),
  single('resize', 'bicubic x2 (PyTorch, a = -0.75)', [1, 2, 4, 4], resizeTo([1, 2, 8, 8], 'cubic')),
  single('resize', 'bicubic 6x5 to 4x7, exclude_outside, a = -0.5', [1, 1, 6, 5], resizeTo([1, 1, 4, 7], 'cubic', { excludeOutside: true, cubicCoeffA: -0.5, coordinateTransformationMode: 'asymmetric' })),
  single('expand', 'channels and width', [2, 1, 3, 1], { shape: [2, 4, 3, 5] }),
  single('expand', 'more axes (bidirectional)', [3, 1], { shape: [2, 1, 4] }),
  { op: 'constant', label: 'learned position embedding added to a sequence', input: [2, 4, 6], build: (g) => { g.add('add', {}, [GRAPH_INPUT, g.add('constant', { shape: [1, 4, 6], learned: true }, [])]); } },
  { op: 'constant', label: 'inline values, multiplied in', input: [1, 2, 3], build: (g) => { g.add('mul', {}, [GRAPH_INPUT, g.add('constant', { shape: [2, 1], learned: false, values: [0.5, -3] }, [])]); } },
  { op: 'constant', label: 'a lone constant (the graph input unused)', input: [1, 2], build: (g) => { g.add('constant', { shape: [2, 3], learned: false }, []); } },
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
