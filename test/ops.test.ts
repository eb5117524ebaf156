// Table-driven tests per op: output shape, parameters and MACs against formulas written here.
import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkOpAttrs, getOp, knownOps } from '../src/ops/index.js';
import { FlopscopeError } from '../src/errors.js';
import type { Shape } from '../src/shape/dim.js';
import type { ParamSpec } from '../src/ops/types.js';

const ctx = { layer: 'test.layer' };
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const paramCount = (specs: ParamSpec[], keep: (p: ParamSpec) => boolean = () => true) => specs.filter(keep).reduce((s, p) => s + prod(p.shape), 0);
const out = (L: number, k: number, s: number, pb: number, pe: number, d = 1) => Math.floor((L + pb + pe - d * (k - 1) - 1) / s) + 1;

interface ConvCase { name: string; x: number[]; cout: number; k: [number, number]; s: [number, number]; p: [number, number, number, number]; d: [number, number]; g: number; bias: boolean }
const convCases: ConvCase[] = [
  { name: 'resnet stem', x: [1, 3, 224, 224], cout: 64, k: [7, 7], s: [2, 2], p: [3, 3, 3, 3], d: [1, 1], g: 1, bias: false },
  { name: 'pointwise with bias, batch 8', x: [8, 32, 28, 28], cout: 64, k: [1, 1], s: [1, 1], p: [0, 0, 0, 0], d: [1, 1], g: 1, bias: true },
  { name: 'depthwise 3x3 stride 2', x: [1, 32, 112, 112], cout: 32, k: [3, 3], s: [2, 2], p: [1, 1, 1, 1], d: [1, 1], g: 32, bias: false },
  { name: 'grouped (ResNeXt) 32 groups', x: [1, 128, 56, 56], cout: 128, k: [3, 3], s: [1, 1], p: [1, 1, 1, 1], d: [1, 1], g: 32, bias: false },
  { name: 'dilated 3x3', x: [2, 16, 33, 33], cout: 8, k: [3, 3], s: [1, 1], p: [2, 2, 2, 2], d: [2, 2], g: 1, bias: true },
  { name: 'asymmetric kernel and padding', x: [1, 4, 17, 20], cout: 6, k: [1, 7], s: [1, 2], p: [0, 3, 0, 2], d: [1, 1], g: 2, bias: false },
  { name: 'channel multiplier depthwise', x: [1, 8, 10, 10], cout: 16, k: [5, 5], s: [1, 1], p: [2, 2, 2, 2], d: [1, 1], g: 8, bias: true },
];

describe('conv2d', () => {
  const def = getOp('conv2d');
  it.each(convCases)('$name', (c) => {
    const attrs = { outChannels: c.cout, kernel: c.k, stride: c.s, padding: c.p, dilation: c.d, groups: c.g, bias: c.bias };
    checkOpAttrs(def, attrs, ctx);
    const [n, cin, h, w] = c.x;
    const ho = out(h, c.k[0], c.s[0], c.p[0], c.p[2], c.d[0]);
    const wo = out(w, c.k[1], c.s[1], c.p[1], c.p[3], c.d[1]);
    const shape = def.outputShape([c.x], attrs, ctx);
    expect(shape).toEqual([n, c.cout, ho, wo]);
    const params = paramCount(def.params([c.x], attrs));
    expect(params).toBe(c.cout * (cin / c.g) * c.k[0] * c.k[1] + (c.bias ? c.cout : 0));
    expect(def.macs([c.x], shape, attrs)).toBe(n * c.cout * ho * wo * (cin / c.g) * c.k[0] * c.k[1]);
    expect(def.work([c.x], shape, attrs)).toEqual(c.bias ? { add: n * c.cout * ho * wo } : {});
  });

  it('rejects groups that do not divide the input channels, naming the layer', () => {
    const attrs = { outChannels: 6, kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 3, bias: false };
    expect(() => def.outputShape([[1, 4, 8, 8]], attrs, ctx)).toThrow(/test\.layer.*groups=3 must divide the input channels, received 4/);
  });

  it('rejects an input too small for the kernel, with the sizes', () => {
    const attrs = { outChannels: 6, kernel: [7, 7], stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, bias: false };
    expect(() => def.outputShape([[1, 3, 5, 5]], attrs, ctx)).toThrow(/input 1x3x5x5 is too small: output height would be -1/);
  });
});

describe('linear', () => {
  const def = getOp('linear');
  it.each([
    [[1, 2048], 1000, true],
    [[4, 512], 10, false],
  ] as Array<[number[], number, boolean]>)('%j -> %i (bias %s)', (x, outF, bias) => {
    const attrs = { outFeatures: outF, bias };
    const shape = def.outputShape([x], attrs, ctx);
    expect(shape).toEqual([x[0], outF]);
    expect(paramCount(def.params([x], attrs))).toBe(x[1] * outF + (bias ? outF : 0));
    expect(def.macs([x], shape, attrs)).toBe(x[0] * x[1] * outF);
  });
  it('asks for flatten on a 4-D input', () => {
    expect(() => def.outputShape([[1, 3, 4, 4]], { outFeatures: 2, bias: true }, ctx)).toThrow(/flatten/);
  });
});

describe('batchnorm', () => {
  const def = getOp('batchnorm');
  it('keeps the shape, owns 2C parameters and 2C buffers, and costs a mul and an add per element', () => {
    const x = [2, 64, 7, 9];
    const attrs = { eps: 1e-5 };
    expect(def.outputShape([x], attrs, ctx)).toEqual(x);
    const params = def.params([x], attrs);
    expect(paramCount(params, (p) => p.role !== 'buffer')).toBe(2 * 64);
    expect(paramCount(params, (p) => p.role === 'buffer')).toBe(2 * 64);
    expect(def.macs([x], x, attrs)).toBe(0);
    expect(def.work([x], x, attrs)).toEqual({ mul: prod(x), add: prod(x) });
  });
  it('reports a declared channel count that does not match', () => {
    expect(() => def.outputShape([[1, 32, 4, 4]], { eps: 1e-5, channels: 64 }, ctx)).toThrow(/expects 64 channels, received 32/);
  });
});

describe('activations', () => {
  const x = [2, 16, 5, 7];
  const n = prod(x);
  it.each([
    ['relu', { cmp: n }],
    ['relu6', { cmp: 2 * n }],
    ['sigmoid', { exp: n, add: n, div: n }],
    ['hardsigmoid', { add: n, cmp: 2 * n, mul: n }],
    ['hardswish', { add: n, cmp: 2 * n, mul: 2 * n }],
    ['silu', { exp: n, add: n, div: n, mul: n }],
    ['tanh', { exp: n }],
  ] as Array<[string, Record<string, number>]>)('%s', (op, work) => {
    const def = getOp(op);
    expect(def.outputShape([x], {}, ctx)).toEqual(x);
    expect(def.params([x], {})).toEqual([]);
    expect(def.macs([x], x, {})).toBe(0);
    expect(def.work([x], x, {})).toEqual({ add: 0, mul: 0, cmp: 0, div: 0, exp: 0, ...work });
  });
});

describe('pooling', () => {
  it.each([
    ['maxpool', [1, 64, 112, 112], [3, 3], [2, 2], [1, 1, 1, 1], false],
    ['maxpool', [1, 24, 113, 113], [3, 3], [2, 2], [0, 0, 0, 0], true],
    ['avgpool', [2, 8, 15, 15], [3, 3], [2, 2], [1, 1, 1, 1], false],
    ['avgpool', [1, 8, 7, 7], [2, 2], [2, 2], [0, 0, 0, 0], true],
  ] as Array<[string, number[], [number, number], [number, number], [number, number, number, number], boolean]>)('%s %j k%j s%j ceil=%s', (op, x, k, s, p, ceilMode) => {
    const def = getOp(op);
    const attrs = { kernel: k, stride: s, padding: p, ceilMode, countIncludePad: true };
    const size = (L: number, i: 0 | 1) => {
      if (!ceilMode) return out(L, k[i], s[i], p[i], p[i + 2]);
      let o = Math.ceil((L + p[i] + p[i + 2] - k[i]) / s[i]) + 1;
      if ((o - 1) * s[i] >= L + p[i]) o -= 1;
      return o;
    };
    const shape = [x[0], x[1], size(x[2], 0), size(x[3], 1)];
    expect(def.outputShape([x], attrs, ctx)).toEqual(shape);
    const outputs = prod(shape);
    const window = k[0] * k[1];
    // max of k taps: k - 1 compares; average: k adds into a zeroed accumulator (as global and
    // adaptive average pooling count), then one divide.
    expect(def.work([x], shape, attrs)).toEqual(op === 'maxpool' ? { cmp: outputs * (window - 1) } : { add: outputs * window, div: outputs });
  });

  it('global pools reduce to 1x1: H*W adds and a divide per channel, or H*W - 1 compares', () => {
    const x = [2, 256, 7, 7];
    expect(getOp('globalavgpool').outputShape([x], {}, ctx)).toEqual([2, 256, 1, 1]);
    expect(getOp('globalavgpool').work([x], [2, 256, 1, 1], {})).toEqual({ add: 2 * 256 * 49, div: 2 * 256 });
    expect(getOp('globalmaxpool').work([x], [2, 256, 1, 1], {})).toEqual({ cmp: 2 * 256 * 48 });
  });
});

describe('adaptiveavgpool', () => {
  const def = getOp('adaptiveavgpool');
  // PyTorch's windows along one axis, enumerated: output i averages [floor(i*L/O), ceil((i+1)*L/O)).
  const windows = (L: number, O: number) => Array.from({ length: O }, (_, i) => Math.ceil(((i + 1) * L) / O) - Math.floor((i * L) / O));
  const windowSum = (L: number, O: number) => windows(L, O).reduce((a, b) => a + b, 0);

  it('enumerated windows: L=10, O=7 overlap (16 taps for 10 inputs); L=2, O=7 repeat inputs', () => {
    expect(windows(10, 7)).toEqual([2, 2, 3, 2, 3, 2, 2]);
    expect(windows(2, 7)).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(windows(14, 7)).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });

  it.each([
    ['even (VGG at 448)', [1, 512, 14, 14], [7, 7]],
    ['identity windows (VGG at 224)', [2, 8, 7, 7], [7, 7]],
    ['uneven, shrinking: 10 -> 7', [1, 3, 10, 10], [7, 7]],
    ['uneven, growing: 2 -> 7 (VGG at 64)', [1, 512, 2, 2], [7, 7]],
    ['mixed axes: 13 -> 4, 9 -> 3', [2, 5, 13, 9], [4, 3]],
    ['1 x 1 input to 3 x 5', [1, 4, 1, 1], [3, 5]],
    ['large input, prime output: 255 -> 7, 320 -> 6', [1, 2, 255, 320], [7, 6]],
  ] as Array<[string, number[], [number, number]]>)('%s: %j to %j', (_label, x, o) => {
    const attrs = { outputSize: o };
    checkOpAttrs(def, attrs, ctx);
    const shape = def.outputShape([x], attrs, ctx);
    expect(shape).toEqual([x[0], x[1], o[0], o[1]]);
    expect(def.params([x], attrs)).toEqual([]);
    expect(def.macs([x], shape, attrs)).toBe(0);
    // One add per element of every window (the windows are a product of the per-axis windows), one divide per output.
    expect(def.work([x], shape, attrs)).toEqual({ add: x[0] * x[1] * windowSum(x[2], o[0]) * windowSum(x[3], o[1]), div: x[0] * x[1] * o[0] * o[1] });
  });

  it('to 1x1 counts exactly like globalavgpool', () => {
    const x = [2, 256, 7, 5];
    const shape = def.outputShape([x], { outputSize: [1, 1] }, ctx);
    expect(shape).toEqual(getOp('globalavgpool').outputShape([x], {}, ctx));
    expect(def.work([x], shape, { outputSize: [1, 1] })).toEqual(getOp('globalavgpool').work([x], shape, {}));
  });

  it('refuses a bad output size and an empty input, naming the layer', () => {
    expect(() => checkOpAttrs(def, { outputSize: [7, 0] }, ctx)).toThrow(/test\.layer.*attribute 'outputSize' expects 2 positive integers, received \[7, 0\]/);
    expect(() => checkOpAttrs(def, { outputSize: 7 }, ctx)).toThrow(/test\.layer.*attribute 'outputSize' expects 2 positive integers, received 7/);
    expect(() => def.outputShape([[1, 3, 0, 4]], { outputSize: [2, 2] }, ctx)).toThrow(/test\.layer.*empty height/);
  });
});

describe('element-wise binary ops', () => {
  it('add: same shapes, one add per element', () => {
    const x = [1, 64, 56, 56];
    const def = getOp('add');
    expect(def.outputShape([x, x], {}, ctx)).toEqual(x);
    expect(def.work([x, x], x, {})).toEqual({ add: prod(x) });
  });
  it('mul broadcasts an N x C x 1 x 1 gate over H and W (SE scale)', () => {
    const x = [2, 256, 14, 14];
    const def = getOp('mul');
    expect(def.outputShape([x, [2, 256, 1, 1]], {}, ctx)).toEqual(x);
    expect(def.work([x, [2, 256, 1, 1]], x, {})).toEqual({ mul: prod(x) });
  });
  it('names the shapes that do not broadcast', () => {
    expect(() => getOp('add').outputShape([[1, 64, 8, 8], [1, 32, 8, 8]], {}, ctx)).toThrow(/cannot broadcast input shapes 1x64x8x8 and 1x32x8x8/);
  });
});

describe('data movement ops do no arithmetic, deliberately', () => {
  const x: Shape = [1, 24, 7, 7];
  it.each([
    ['flatten', {}, [[1, 24, 7, 7]], [1, 24 * 49]],
    ['identity', {}, [x], x],
    ['dropout', { p: 0.2 }, [x], x],
    ['concat', {}, [x, [1, 8, 7, 7]], [1, 32, 7, 7]],
    ['split', { chunks: 2, index: 1 }, [x], [1, 12, 7, 7]],
    ['shuffle', { groups: 3 }, [x], x],
  ] as Array<[string, Record<string, unknown>, Shape[], Shape]>)('%s', (op, attrs, inputs, expected) => {
    const def = getOp(op);
    checkOpAttrs(def, attrs, ctx);
    expect(def.outputShape(inputs, attrs, ctx)).toEqual(expected);
    expect(def.macs(inputs, expected, attrs)).toBe(0);
    expect(def.work(inputs, expected, attrs)).toBe('none');
  });
  it('shuffle and split check that the channels divide', () => {
    expect(() => getOp('shuffle').outputShape([[1, 10, 4, 4]], { groups: 3 }, ctx)).toThrow(/groups=3 must divide the 10 input channels/);
    expect(() => getOp('split').outputShape([[1, 9, 4, 4]], { chunks: 2, index: 0 }, ctx)).toThrow(/2 chunks must divide the 9 input channels/);
  });
});

describe('catalogue', () => {
  it('holds each op once, under its own name', () => {
    const names = CATALOGUE.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(getOp(name).name).toBe(name);
  });

  it('knows every op the DSL can emit and refuses unknown ones with the list', () => {
    expect(knownOps()).toEqual(expect.arrayContaining(['conv2d', 'linear', 'batchnorm', 'relu', 'relu6', 'sigmoid', 'hardsigmoid', 'hardswish', 'silu', 'tanh', 'maxpool', 'avgpool', 'globalavgpool', 'globalmaxpool', 'adaptiveavgpool', 'add', 'mul', 'flatten', 'identity', 'dropout', 'concat', 'split', 'shuffle']));
    let err: unknown;
    try { getOp('conv3d', 'net.block.0'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(FlopscopeError);
    expect((err as Error).message).toMatch(/layer 'net\.block\.0': unknown op 'conv3d'; did you mean 'conv2d'\?.*known ops: adaptiveavgpool, add, avgpool/);
  });
});
