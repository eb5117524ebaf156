// Every convention preset on a small network, against counts written out by hand.
import { describe, expect, it } from 'vitest';
import { analyze, bn, buildGraph, conv, CONVENTIONS, flatten, getConvention, getOp, globalAvgPool, knownOps, linear, maxpool, relu, se, seq } from '../src/index.js';

// input 1x4x8x8 -> conv 8 3x3 pad 1 (bias) -> bn -> relu -> maxpool 2 -> SE r=4 -> gap -> fc 10
const net = seq({ conv: conv(8, 3, { padding: 1 }), bn: bn(), relu: relu(), pool: maxpool(2), se: se({ reduction: 4 }), gap: globalAvgPool(), flatten: flatten(), fc: linear(10) });
const graph = buildGraph(net, [1, 4, 8, 8]);

const convOut = 8 * 8 * 8; // 512 outputs
const convMacs = convOut * 4 * 9;
const pooled = 8 * 4 * 4; // 128
const seMacs = 2 * 8 * 2; // fc1 8->2, fc2 2->8 on 1x1
const fcMacs = 8 * 10;
const macs = convMacs + seMacs + fcMacs;
const biasAdds = convOut + 2 + 8 + 10;
const bnOps = 2 * convOut;
const reluCmp = convOut;
const poolCmp = pooled * 3;
const seWork = { poolAdd: pooled, poolDiv: 8, reluCmp: 2, sigmoid: 3 * 8, scale: pooled };
const gapWork = pooled + 8;

const expected: Record<string, number> = {
  macs,
  paper: macs + seWork.scale,
  flops: 2 * macs + biasAdds + bnOps + reluCmp + poolCmp + seWork.poolAdd + seWork.poolDiv + seWork.reluCmp + seWork.sigmoid + seWork.scale + gapWork,
  fvcore: macs + bnOps + seWork.poolAdd + pooled,
  ptflops: macs + biasAdds + bnOps + convOut + 2 + convOut + pooled + pooled,
};

describe('conventions', () => {
  it('every preset has an expectation here', () => {
    expect(CONVENTIONS.map((c) => c.name).sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(Object.entries(expected))('%s', (name, value) => {
    const r = analyze(graph, { convention: name });
    expect(r.totals.macs).toBe(macs);
    expect(r.totals.flops).toBe(value);
    expect(r.convention.title.length).toBeGreaterThan(20);
  });
});

// Every op x every convention: one sample layer per op, and each convention's count written here
// from the tool it reproduces (fvcore's and ptflops' handler lists, torchvision's MAC count, the
// SENet paper's multiply-adds, hardware FLOPs). A new op fails until it has a sample here.
describe('every op under every convention', () => {
  const conv = { outChannels: 6, kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1, bias: true };
  const pool = { kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], ceilMode: false };
  const x = [2, 4, 6, 6];
  const SAMPLES: Record<string, { attrs: Record<string, unknown>; inputs: number[][] }> = {
    conv2d: { attrs: conv, inputs: [x] },
    linear: { attrs: { outFeatures: 5, bias: true }, inputs: [[2, 12]] },
    batchnorm: { attrs: { eps: 1e-5 }, inputs: [x] },
    relu: { attrs: {}, inputs: [x] },
    relu6: { attrs: {}, inputs: [x] },
    sigmoid: { attrs: {}, inputs: [x] },
    hardsigmoid: { attrs: {}, inputs: [x] },
    hardswish: { attrs: {}, inputs: [x] },
    silu: { attrs: {}, inputs: [x] },
    tanh: { attrs: {}, inputs: [x] },
    maxpool: { attrs: pool, inputs: [x] },
    avgpool: { attrs: { ...pool, countIncludePad: true }, inputs: [x] },
    globalavgpool: { attrs: {}, inputs: [x] },
    globalmaxpool: { attrs: {}, inputs: [x] },
    adaptiveavgpool: { attrs: { outputSize: [4, 4] }, inputs: [x] },
    add: { attrs: {}, inputs: [x, x] },
    mul: { attrs: {}, inputs: [x, [2, 4, 1, 1]] },
    scaleby: { attrs: { factor: 0.17 }, inputs: [x] },
    concat: { attrs: {}, inputs: [x, x] },
    split: { attrs: { chunks: 2, index: 0 }, inputs: [x] },
    shuffle: { attrs: { groups: 2 }, inputs: [x] },
    flatten: { attrs: {}, inputs: [x] },
    identity: { attrs: {}, inputs: [x] },
    dropout: { attrs: { p: 0.1 }, inputs: [x] },
  };
  const elems = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const sumWork = (w: Partial<Record<string, unknown>> | 'none') => (w === 'none' ? 0 : Object.values(w).reduce((a: number, b) => a + Number(b ?? 0), 0));

  type Counted = { op: string; macs: number; work: number; out: number; in: number; bias: number; bn: number; se: boolean; mul: number };
  // fvcore's handles: aten::_convolution, aten::addmm/linear, aten::batch_norm, aten::adaptive_avg_pool2d.
  const fvcore = (c: Counted) => (c.op === 'conv2d' || c.op === 'linear' ? c.macs : c.op === 'batchnorm' ? 2 * c.out : c.op === 'globalavgpool' || c.op === 'adaptiveavgpool' ? c.in : 0);
  // ptflops' module hooks: conv/linear (MACs + bias), BN (2 per element), ReLU/ReLU6 (per output), pooling (per input).
  const ptflopsOps = new Set(['maxpool', 'avgpool', 'globalavgpool', 'globalmaxpool', 'adaptiveavgpool']);
  const ptflops = (c: Counted) => (c.op === 'conv2d' || c.op === 'linear' ? c.macs + c.bias : c.op === 'batchnorm' ? 2 * c.out : c.op === 'relu' || c.op === 'relu6' ? c.out : ptflopsOps.has(c.op) ? c.in : 0);
  const EXPECTED: Record<string, (c: Counted) => number> = {
    macs: (c) => c.macs,
    paper: (c) => c.macs + (c.op === 'mul' && c.se ? c.mul : 0),
    flops: (c) => 2 * c.macs + c.work,
    fvcore,
    ptflops,
  };

  it('has a sample for every op and an expectation for every convention', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(knownOps());
    expect(Object.keys(EXPECTED).sort()).toEqual(CONVENTIONS.map((c) => c.name).sort());
  });

  const cases = knownOps().flatMap((op) => CONVENTIONS.flatMap((c) => [false, true].map((se) => [op, c.name, se] as const)));
  it.each(cases)('%s under %s (SE-marked: %s)', (op, name, se) => {
    const def = getOp(op);
    const { attrs, inputs } = SAMPLES[op];
    const out = def.outputShape(inputs, attrs, { layer: 'sample' }) as number[];
    const macs = Number(def.macs(inputs, out, attrs));
    const work = def.work(inputs, out, attrs);
    const c: Counted = {
      op, macs, work: sumWork(work), out: elems(out), in: inputs.reduce((s, i) => s + elems(i), 0),
      bias: work === 'none' ? 0 : Number(work.add ?? 0) * Number(op === 'conv2d' || op === 'linear'),
      bn: 0, se, mul: work === 'none' ? 0 : Number(work.mul ?? 0),
    };
    const convention = getConvention(name);
    const rule = convention.rules[op as keyof typeof convention.rules];
    const layer = { op: op as never, macs, work: work === 'none' ? { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 } : { add: 0, mul: 0, cmp: 0, div: 0, exp: 0, ...work }, inputElements: c.in, outputElements: c.out, se };
    expect(Number(convention.flops(layer))).toBe(EXPECTED[name](c));
    // 'none' exactly for ops that move data; a rule that counts nothing for an op that works says 'ignored'.
    expect(rule.kind === 'none').toBe(work === 'none');
    if (work !== 'none' && EXPECTED[name]({ ...c, se: true }) === 0) expect(rule.kind).toBe('ignored');
    expect(rule.text.length).toBeGreaterThan(3);
  });
});
