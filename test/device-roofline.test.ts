// The roofline time model against hand computation: max(FLOPs / peak, bytes / bandwidth) /
// efficiency + overhead per kernel, with the layers a deployed engine fuses run as one kernel.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/cost/analyze.js';
import { avgpool, bn, conv, relu, linear, flatten, globalAvgPool, silu, maxpool } from '../src/dsl/layers.js';
import { residual, seq } from '../src/dsl/combinators.js';
import { fusedGroups } from '../src/device/fusion.js';
import { efficiencyScope, groupWidthKind, opKind, OP_KINDS } from '../src/device/kinds.js';
import { parseDeviceProfile, type DeviceProfile } from '../src/device/profile.js';
import { groupedEfficiency, predictLatency, rooflineSeconds } from '../src/device/roofline.js';
import { buildGraph } from '../src/ir/build.js';
import { parseInputShape } from '../src/shape/input.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { DATASHEET } from './helpers/device.js';

const device = (patch: Record<string, unknown> = {}): DeviceProfile => parseDeviceProfile({ ...DATASHEET, ...patch }, 'test.json');
const PEAK = 100e9;
const BW = 20e9;
const OVERHEAD = 5e-6;

describe('rooflineSeconds', () => {
  it('is compute-bound when FLOPs / peak is the larger term', () => {
    const t = rooflineSeconds(1e9, 1e6, 'conv2d', device());
    expect(t.computeSeconds).toBeCloseTo(1e9 / PEAK, 15);
    expect(t.memorySeconds).toBeCloseTo(1e6 / BW, 15);
    expect(t.bound).toBe('compute');
    expect(t.seconds).toBeCloseTo(0.01 + OVERHEAD, 15);
  });

  it('is memory-bound when bytes / bandwidth is the larger term', () => {
    const t = rooflineSeconds(1e6, 1e9, 'relu', device());
    expect(t.bound).toBe('memory');
    expect(t.seconds).toBeCloseTo(0.05 + OVERHEAD, 15);
  });

  it("divides by the op kind's efficiency and leaves other kinds at 1", () => {
    const d = device({ efficiency: { relu: 2.5 }, obtained: { ...DATASHEET.obtained, 'efficiency.relu': { method: 'measured', how: 'test' } } });
    expect(rooflineSeconds(1e6, 1e9, 'relu', d).seconds).toBeCloseTo(0.05 / 2.5 + OVERHEAD, 15);
    expect(rooflineSeconds(1e6, 1e9, 'add', d).seconds).toBeCloseTo(0.05 + OVERHEAD, 15);
  });

  it("adds a convolution's weight traffic to its time instead of overlapping it", () => {
    // 1 GFLOP at 100 GFLOP/s is 10 ms; 40 MB of activations take 2 ms, hidden; 20 MB of weights 1 ms, added.
    const t = rooflineSeconds(1e9, 6e7, 'conv2d', device(), 1, 2e7);
    expect(t.seconds).toBeCloseTo(0.01 + 0.001 + OVERHEAD, 15);
    expect(t.bound).toBe('compute');
    // A linear layer (not a convolution) overlaps them as the roofline does.
    expect(rooflineSeconds(1e9, 6e7, 'linear', device(), 1, 2e7).seconds).toBeCloseTo(0.01 + OVERHEAD, 15);
  });

  it("divides only a convolution's compute term: its memory term stays at the bandwidth", () => {
    const d = device({ efficiency: { 'conv2d.depthwise': 0.5 }, obtained: { ...DATASHEET.obtained, 'efficiency.conv2d.depthwise': { method: 'measured', how: 'test' } } });
    expect(efficiencyScope('conv2d.depthwise')).toBe('compute');
    expect(efficiencyScope('relu')).toBe('time');
    // 1 GFLOP at half of 100 GFLOP/s is 20 ms, above the 10 ms 200 MB take at 20 GB/s: compute-bound.
    const compute = rooflineSeconds(1e9, 2e8, 'conv2d.depthwise', d);
    expect(compute.seconds).toBeCloseTo(0.02 + OVERHEAD, 15);
    expect(compute.bound).toBe('compute');
    // 0.1 GFLOP at half speed is 2 ms, under the 10 ms of memory: memory-bound, not divided.
    const memory = rooflineSeconds(1e8, 2e8, 'conv2d.depthwise', d);
    expect(memory.seconds).toBeCloseTo(0.01 + OVERHEAD, 15);
    expect(memory.bound).toBe('memory');
  });
});

describe('op kinds', () => {
  const kindOf = (m: ReturnType<typeof conv>, input: string) => {
    const g = buildGraph(seq({ x: m }), parseInputShape(input), 't');
    return opKind(g.nodes[0].op, g.nodes[0].attrs, g.nodes[0].inputShapes);
  };
  it.each([
    [conv(16, 3, { padding: 1 }), 'conv2d'],
    [conv(16, 1), 'conv2d.pointwise'],
    [conv(8, 3, { padding: 1, groups: 8 }), 'conv2d.depthwise'],
    [conv(16, 3, { padding: 1, groups: 4 }), 'conv2d.grouped'],
    [relu(), 'relu'],
    [avgpool(3, { stride: 1, padding: 1 }), 'avgpool'],
    [avgpool(3, { stride: 1, padding: 1, ceilMode: true }), 'avgpool.ceil'],
    [avgpool(3, { stride: 1, padding: 1, ceilMode: true, countIncludePad: false }), 'avgpool'],
    [maxpool(3, { stride: 1, padding: 1, ceilMode: true }), 'maxpool'],
  ])('%#: a layer is of kind %s', (m, kind) => {
    expect(kindOf(m, '1x8x8x8')).toBe(kind);
  });
});

describe('grouped convolutions', () => {
  const widths = { [groupWidthKind(3)]: 0.2, [groupWidthKind(27)]: 0.6 };
  const profile = (patch: Record<string, unknown> = {}) => {
    const efficiency = { 'conv2d': 0.9, 'conv2d.pointwise': 0.8, 'conv2d.grouped': 0.1, ...widths, ...(patch.efficiency as object) };
    const obtained = { ...DATASHEET.obtained, channelBlock: { method: 'measured', how: 'test' }, ...Object.fromEntries(Object.keys(efficiency).map((k) => [`efficiency.${k}`, { method: 'measured', how: 'test' }])) };
    return device({ channelBlock: 16, ...patch, efficiency, obtained });
  };
  const node = (cin: number, cout: number, groups: number, kernel = 3) => buildGraph(seq({ x: conv(cout, kernel, { padding: (kernel - 1) / 2, groups, bias: false }) }), [1, cin, 8, 8], 'g').nodes[0];

  it('the efficiency keys of the measured widths are op kinds a profile may hold', () => {
    expect(OP_KINDS).toContain(groupWidthKind(9));
    expect(OP_KINDS).toContain('avgpool.ceil');
  });

  it('run as dense convolutions when every group holds whole channel blocks', () => {
    expect(groupedEfficiency(node(64, 64, 2), profile())).toBe(0.9);
    expect(groupedEfficiency(node(64, 128, 4, 1), profile())).toBe(0.8);
    // 32 -> 20 channels per group: the outputs are not whole blocks.
    expect(groupedEfficiency(node(96, 60, 3, 1), profile())).not.toBe(0.8);
  });

  it('otherwise interpolate between the measured widths on log scales, held at the ends', () => {
    // 9 channels per group is halfway between 3 and 27 on a log scale: the geometric mean.
    expect(groupedEfficiency(node(18, 18, 2), profile())).toBeCloseTo(Math.sqrt(0.2 * 0.6), 12);
    // in and out widths 3 and 27: their geometric mean, 9.
    expect(groupedEfficiency(node(6, 54, 2), profile())).toBeCloseTo(Math.sqrt(0.2 * 0.6), 12);
    expect(groupedEfficiency(node(4, 4, 2), profile())).toBe(0.2);
    expect(groupedEfficiency(node(80, 80, 2), profile())).toBe(0.6);
  });

  it("fall back on the kind's one factor without measured widths, and take no block path without blocks", () => {
    const single = device({ efficiency: { 'conv2d.grouped': 0.1 }, obtained: { ...DATASHEET.obtained, 'efficiency.conv2d.grouped': { method: 'datasheet', source: 'test' } } });
    expect(groupedEfficiency(node(64, 64, 2), single)).toBe(0.1);
    expect(groupedEfficiency(node(18, 18, 2), single)).toBe(0.1);
  });

  it('time a grouped convolution with its own efficiency', () => {
    const g = buildGraph(seq({ x: conv(18, 3, { padding: 1, groups: 2, bias: false }) }), parseInputShape('1x18x8x8'), 'g');
    const d = profile();
    const [k] = predictLatency(g, analyze(g), d).kernels;
    expect(k.kind).toBe('conv2d.grouped');
    const flops = 2 * 18 * 9 * 9 * 64;
    const weights = 4 * 18 * 9 * 9;
    expect(k.seconds).toBeCloseTo(Math.max(flops / PEAK / Math.sqrt(0.2 * 0.6), (k.bytes - weights) / BW) + weights / BW + OVERHEAD, 15);
  });
});

describe('predictLatency', () => {
  // conv 4 -> 8 channels, 3x3, 8x8: MACs = 8 * 8 * 8 * 4 * 9; the relu compares once per output.
  const macs = 8 * 8 * 8 * 4 * 9;
  const inputElements = 4 * 8 * 8;
  const outputElements = 8 * 8 * 8;
  const weightElements = 8 * 4 * 9;
  const cbr = () => buildGraph(seq({ conv: conv(8, 3, { padding: 1, bias: false }), bn: bn(), relu: relu() }), parseInputShape('1x4x8x8'), 'cbr');

  it('runs conv + batch norm + relu as one kernel: BN folded, relu in the epilogue, one write', () => {
    const g = cbr();
    const p = predictLatency(g, analyze(g), device());
    expect(p.kernels).toHaveLength(1);
    const [k] = p.kernels;
    expect(k.layers).toEqual(['conv', 'bn', 'relu']);
    expect(k.flops).toBe(2 * macs + outputElements);
    expect(k.bytes).toBe(4 * (inputElements + outputElements + weightElements));
    // The weights' memory time adds to the convolution's; its activations' overlaps the arithmetic.
    const expected = Math.max((2 * macs + outputElements) / PEAK, (4 * (inputElements + outputElements)) / BW) + (4 * weightElements) / BW + OVERHEAD;
    expect(k.seconds).toBeCloseTo(expected, 15);
    expect(p.predictedSeconds).toBeCloseTo(expected, 15);
    expect(p.layers.map((l) => l.predictedSeconds)).toEqual([k.seconds, 0, 0]);
    expect(p.layers[1]).toMatchObject({ fusedInto: 'conv', bound: k.bound });
  });

  it('without fusion, every layer is a kernel with its own memory traffic and overhead', () => {
    const g = cbr();
    const report = analyze(g);
    const p = predictLatency(g, report, device({ fusion: false }));
    expect(p.kernels.map((k) => k.name)).toEqual(['conv', 'bn', 'relu']);
    // batch norm: one add and one multiply per element; reads input and its 4 vectors, writes output.
    const bnSeconds = Math.max((2 * outputElements) / PEAK, (4 * (2 * outputElements + 4 * 8)) / BW) + OVERHEAD;
    expect(p.kernels[1].seconds).toBeCloseTo(bnSeconds, 15);
    expect(p.kernels[1].bound).toBe('memory');
    const sum = p.kernels.reduce((s, k) => s + k.seconds, 0);
    expect(p.predictedSeconds).toBeCloseTo(sum, 15);
    expect(p.predictedSeconds).toBeGreaterThan(predictLatency(g, report, device()).predictedSeconds);
  });

  it('fuses a residual add and its relu into the convolution, reading the shortcut once', () => {
    const g = buildGraph(seq({ block: residual({ conv: conv(4, 3, { padding: 1, bias: false }), bn: bn() }, { after: { relu: relu() } }) }), parseInputShape('1x4x8x8'), 'res');
    const p = predictLatency(g, analyze(g), device());
    expect(p.kernels).toHaveLength(1);
    const n = 4 * 8 * 8;
    expect(p.kernels[0].layers).toEqual(['block.conv', 'block.bn', 'block.add', 'block.relu']);
    expect(p.kernels[0].flops).toBe(2 * (n * 4 * 9) + n + n);
    expect(p.kernels[0].bytes).toBe(4 * (n + n + n + 4 * 4 * 9));
  });

  it('runs SiLU as a kernel of its own: a convolution epilogue takes only simple activations', () => {
    const g = buildGraph(seq({ conv: conv(8, 1, { bias: false }), bn: bn(), act: silu() }), parseInputShape('1x8x4x4'), 'silu');
    expect(fusedGroups(g, true).map((x) => x.members.map((id) => g.nodes[id].name))).toEqual([['conv', 'bn'], ['act']]);
  });

  it('keeps a tensor that two layers read: no fusion past a branch', () => {
    const g = buildGraph(seq({ conv: conv(8, 1, { bias: false }), block: residual({ relu: relu() }) }), parseInputShape('1x8x4x4'), 'branch');
    expect(fusedGroups(g, true).map((x) => x.members.map((id) => g.nodes[id].name))).toEqual([['conv'], ['block.relu'], ['block.add']]);
  });

  it('a linear layer absorbs its activation; flatten costs only its launch', () => {
    const g = buildGraph(seq({ pool: globalAvgPool(), flatten: flatten(), fc: linear(10), relu: relu() }), parseInputShape('1x8x4x4'), 'head');
    const p = predictLatency(g, analyze(g), device());
    expect(p.kernels.map((k) => k.layers)).toEqual([['pool'], ['flatten'], ['fc', 'relu']]);
    expect(p.kernels[1].seconds).toBe(OVERHEAD);
  });

  it('runs the chunks of a channel split as one kernel that reads each chunk once', () => {
    const g = buildArchitecture(zooArchitecture('shufflenet_v2_x1_0'), { input: '1x3x64x64' });
    const report = analyze(g);
    const p = predictLatency(g, report, device());
    const chunks = report.layers.filter((l) => l.name.startsWith('stage2.1.chunk'));
    expect(chunks.map((l) => l.name)).toEqual(['stage2.1.chunk0', 'stage2.1.chunk1']);
    const k = p.kernels.find((x) => x.layers.includes('stage2.1.chunk0'))!;
    expect(k.layers).toEqual(['stage2.1.chunk0', 'stage2.1.chunk1']);
    const bytes = 2 * (Number(chunks[0].activationBytes) + Number(chunks[1].activationBytes));
    expect(k.bytes).toBe(bytes);
    expect(k.seconds).toBeCloseTo(bytes / BW + OVERHEAD, 15);
    // Without fusion each chunk is its own kernel, reading its own chunk.
    const apart = predictLatency(g, report, device({ fusion: false })).kernels.find((x) => x.name === 'stage2.1.chunk0')!;
    expect(apart.bytes).toBe(2 * Number(chunks[0].activationBytes));
  });

  it('sums the SE kernels: the SE share of time of se_resnet50', () => {
    const g = buildArchitecture(zooArchitecture('se_resnet50'), { input: '1x3x64x64' });
    const report = analyze(g);
    const p = predictLatency(g, report, device());
    const se = p.kernels.filter((k) => k.se).reduce((s, k) => s + k.seconds, 0);
    expect(p.seSeconds).toBeCloseTo(se, 15);
    expect(p.seSeconds! / p.predictedSeconds).toBeGreaterThan(0.001);
    // Every layer is in exactly one kernel, and the layer times add up to the total.
    expect(p.kernels.flatMap((k) => k.layers).sort()).toEqual(report.layers.map((l) => l.name).sort());
    expect(p.layers.reduce((s, l) => s + l.predictedSeconds, 0)).toBeCloseTo(p.predictedSeconds, 12);
    expect(predictLatency(buildArchitecture(zooArchitecture('resnet50_v1'), { input: '1x3x64x64' }), analyze(buildArchitecture(zooArchitecture('resnet50_v1'), { input: '1x3x64x64' })), device()).seSeconds).toBeUndefined();
  });

  it('pads channels to the device\'s channel block: 116 channels cost what 128 do', () => {
    const blocked = device({ channelBlock: 16, obtained: { ...DATASHEET.obtained, channelBlock: { method: 'measured', how: 'test' } } });
    const kernel = (m: ReturnType<typeof conv>, input: string, d: DeviceProfile) => {
      const g = buildGraph(seq({ x: m }), parseInputShape(input), 't');
      return predictLatency(g, analyze(g), d).kernels[0];
    };
    const n = 14 * 14;
    // dense 1x1: both sides padded, 116 -> 128.
    expect(kernel(conv(116, 1, { bias: false }), '1x116x14x14', blocked).flops).toBeCloseTo(2 * 128 * 128 * n, 3);
    expect(kernel(conv(116, 1, { bias: false }), '1x116x14x14', device()).flops).toBe(2 * 116 * 116 * n);
    // a first layer on 3 channels pads only its outputs (24 -> 32).
    expect(kernel(conv(24, 3, { padding: 1, bias: false }), '1x3x14x14', blocked).flops).toBeCloseTo(2 * 32 * 3 * 9 * n, 3);
    // depthwise: its one channel count (58 -> 64); grouped convolutions are left alone.
    expect(kernel(conv(58, 3, { padding: 1, groups: 58, bias: false }), '1x58x14x14', blocked).flops).toBeCloseTo(2 * 64 * 9 * n, 3);
    expect(kernel(conv(116, 3, { padding: 1, groups: 4, bias: false }), '1x116x14x14', blocked).flops).toBeCloseTo(2 * 116 * 29 * 9 * n, 3);
  });

  it('refuses a dtype the device was not measured at, and a symbolic input', () => {
    const g = cbr();
    expect(() => predictLatency(g, analyze(g, { dtype: 'fp16' }), device())).toThrow(/was measured at fp32, the analysis uses fp16: pass --dtype fp32/);
    const s = buildGraph(seq({ conv: conv(8, 3, { padding: 1 }) }), parseInputShape('Nx4xHxW'), 'sym');
    expect(() => predictLatency(s, analyze(s), device())).toThrow(/predicted time needs a concrete input, received Nx4xHxW/);
  });
});
