// Every convention preset on a small network, against counts written out by hand.
import { describe, expect, it } from 'vitest';
import { checkOpAttrs } from '../src/ops/define.js';
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

// Every op x every convention: sample layers per op (several where the attributes change what a
// tool counts), and each convention's count written here from the tool it reproduces (fvcore's and
// ptflops' handler lists, torchvision's MAC count, the SENet paper's multiply-adds, hardware
// FLOPs). A new op fails until it has a sample here.
describe('every op under every convention', () => {
  const conv = { outChannels: 6, kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1, bias: true };
  const convT = { outChannels: 6, kernel: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], groups: 2, bias: true };
  const pool = { kernel: [2, 2], stride: [2, 2], padding: [0, 0, 0, 0], ceilMode: false };
  const x = [2, 4, 6, 6];
  const seq = [2, 5, 8];
  type Sample = { attrs: Record<string, unknown>; inputs: number[][] };
  const one = (attrs: Record<string, unknown>, inputs: number[][]): Sample[] => [{ attrs, inputs }];
  const SAMPLES: Record<string, Sample[]> = {
    conv2d: one(conv, [x]),
    convtranspose2d: [{ attrs: convT, inputs: [x] }, { attrs: { ...convT, bias: false, outputPadding: [1, 1] }, inputs: [x] }],
    linear: one({ outFeatures: 5, bias: true }, [[2, 12]]),
    gemm: [{ attrs: { transB: true, bias: true, outFeatures: 5 }, inputs: [[2, 12]] }, { attrs: { alpha: 2, beta: 0.5, bias: true, outFeatures: 5 }, inputs: [[3, 12]] }, { attrs: { bias: false, outFeatures: 5 }, inputs: [[3, 12]] }],
    matmul: [{ attrs: { weightShape: [8, 3] }, inputs: [seq] }, { attrs: {}, inputs: [[2, 3, 5, 4], [2, 3, 4, 5]] }],
    batchnorm: [{ attrs: { eps: 1e-5 }, inputs: [x] }, { attrs: { eps: 1e-5 }, inputs: [[4, 6]] }],
    layernorm: [{ attrs: { axis: -1, scale: true, bias: true }, inputs: [seq] }, { attrs: { axis: 1, scale: false, bias: false }, inputs: [seq] }],
    relu: one({}, [x]),
    relu6: one({}, [x]),
    leakyrelu: one({ alpha: 0.1 }, [x]),
    clip: [{ attrs: { min: -1, max: 1 }, inputs: [x] }, { attrs: { min: 0 }, inputs: [x] }],
    sigmoid: one({}, [x]),
    hardsigmoid: [{ attrs: {}, inputs: [x] }, { attrs: { alpha: 0.2, beta: 0.5 }, inputs: [x] }],
    hardswish: one({}, [x]),
    silu: one({}, [x]),
    tanh: one({}, [x]),
    erf: one({}, [seq]),
    softmax: [{ attrs: {}, inputs: [seq] }, { attrs: { axis: 1 }, inputs: [x] }],
    sqrt: one({}, [x]),
    maxpool: [{ attrs: pool, inputs: [x] }, { attrs: { ...pool, dilation: [2, 2] }, inputs: [x] }],
    avgpool: one({ ...pool, countIncludePad: true }, [x]),
    globalavgpool: one({}, [x]),
    globalmaxpool: one({}, [x]),
    adaptiveavgpool: one({ outputSize: [4, 4] }, [x]),
    reducemean: [{ attrs: { axes: [2, 3] }, inputs: [x] }, { attrs: { axes: [-1], keepdims: false }, inputs: [seq] }],
    add: [{ attrs: {}, inputs: [x, x] }, { attrs: { scalar: 1 }, inputs: [x] }],
    sub: [{ attrs: {}, inputs: [x, [2, 4, 1, 1]] }, { attrs: { scalar: 1, scalarFirst: true }, inputs: [x] }],
    mul: [{ attrs: {}, inputs: [x, [2, 4, 1, 1]] }, { attrs: { scalar: 0.5 }, inputs: [x] }],
    div: [{ attrs: {}, inputs: [x, x] }, { attrs: { scalar: 2 }, inputs: [x] }],
    pow: [{ attrs: { exponent: 2 }, inputs: [x] }, { attrs: { exponent: 3 }, inputs: [x] }, { attrs: {}, inputs: [x, x] }],
    concat: [{ attrs: {}, inputs: [x, x] }, { attrs: { axis: -1 }, inputs: [seq, seq] }],
    split: one({ chunks: 2, index: 0 }, [x]),
    shuffle: one({ groups: 2 }, [x]),
    flatten: [{ attrs: {}, inputs: [x] }, { attrs: { axis: 2 }, inputs: [x] }],
    reshape: one({ shape: [2, 4, 36] }, [x]),
    transpose: one({ perm: [0, 2, 3, 1] }, [x]),
    slice: one({ starts: [0], ends: [3], axes: [1], steps: [1] }, [x]),
    gather: one({ axis: 1, indices: 0 }, [seq]),
    pad: one({ pads: [0, 0, 1, 1, 0, 0, 1, 1] }, [x]),
    resize: [
      { attrs: { mode: 'nearest', sizes: [2, 4, 12, 12] }, inputs: [x] },
      { attrs: { mode: 'linear', sizes: [2, 4, 12, 12] }, inputs: [x] },
      { attrs: { mode: 'cubic', sizes: [2, 4, 12, 12] }, inputs: [x] },
      { attrs: { mode: 'linear', sizes: [2, 5, 16] }, inputs: [seq] },
    ],
    expand: one({ shape: [2, 4, 6, 6] }, [[2, 1, 6, 1]]),
    constant: [{ attrs: { shape: [1, 5, 8], learned: true }, inputs: [] }, { attrs: { shape: [2], learned: false, values: [1, 2] }, inputs: [] }],
    identity: one({}, [x]),
    dropout: one({ p: 0.1 }, [x]),
  };
  const elems = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const sumWork = (w: Partial<Record<string, unknown>> | 'none') => (w === 'none' ? 0 : Object.values(w).reduce((a: number, b) => a + Number(b ?? 0), 0));

  type Counted = { op: string; attrs: Record<string, unknown>; macs: number; work: number; out: number; in: number; bias: number; se: boolean; mul: number };
  const MAC_OPS = new Set(['conv2d', 'convtranspose2d', 'linear', 'gemm', 'matmul']);
  // fvcore's handles (fvcore/nn/flop_count.py): aten::_convolution (transposed too), aten::addmm/linear/matmul,
  // aten::batch_norm (2 per element), aten::layer_norm (5 per element with affine, else 4),
  // aten::adaptive_avg_pool2d (per input element), aten::upsample_nearest2d (1 per output), aten::upsample_bilinear2d (4 per output).
  const fvcore = (c: Counted): number => {
    if (MAC_OPS.has(c.op)) return c.macs;
    if (c.op === 'batchnorm') return 2 * c.out;
    if (c.op === 'layernorm') return c.in * (c.attrs.scale ? 5 : 4);
    if (c.op === 'globalavgpool' || c.op === 'adaptiveavgpool') return c.in;
    if (c.op === 'resize' && (c.attrs.sizes as number[]).length === 4) return c.attrs.mode === 'nearest' ? c.out : c.attrs.mode === 'linear' ? 4 * c.out : 0;
    return 0;
  };
  // ptflops' hooks (ptflops/pytorch_ops.py): conv, transposed conv and nn.Linear (MACs + bias), torch.matmul (MACs),
  // BN (2 per element), nn.LayerNorm (1 per element), ReLU/ReLU6/LeakyReLU/GELU (per output), pooling (per input),
  // F.softmax (per input), nn.Upsample/F.interpolate (per output).
  const ptflopsPools = new Set(['maxpool', 'avgpool', 'globalavgpool', 'globalmaxpool', 'adaptiveavgpool']);
  const ptflops = (c: Counted): number => {
    if (c.op === 'matmul') return c.macs;
    if (MAC_OPS.has(c.op)) return c.macs + c.bias;
    if (c.op === 'batchnorm') return 2 * c.out;
    if (c.op === 'layernorm' || c.op === 'softmax' || ptflopsPools.has(c.op)) return c.in;
    if (['relu', 'relu6', 'leakyrelu', 'erf', 'resize'].includes(c.op)) return c.out;
    return 0;
  };
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
    const convention = getConvention(name);
    const rule = convention.rules[op as keyof typeof convention.rules];
    const seen = SAMPLES[op].map(({ attrs, inputs }) => {
      checkOpAttrs(def, attrs, { layer: 'sample' });
      const out = def.outputShape(inputs, attrs, { layer: 'sample' }) as number[];
      const macs = Number(def.macs(inputs, out, attrs));
      const work = def.work(inputs, out, attrs);
      const c: Counted = {
        op, attrs, macs, work: sumWork(work), out: elems(out), in: inputs.reduce((s, i) => s + elems(i), 0),
        bias: work === 'none' ? 0 : Number(work.add ?? 0) * Number(MAC_OPS.has(op)),
        se, mul: work === 'none' ? 0 : Number(work.mul ?? 0),
      };
      const full = work === 'none' ? { add: 0, mul: 0, cmp: 0, div: 0, exp: 0 } : { add: 0, mul: 0, cmp: 0, div: 0, exp: 0, ...work };
      const layer = { op: op as never, macs, work: full, inputElements: c.in, outputElements: c.out, se, attrs };
      expect(Number(convention.flops(layer)), JSON.stringify(attrs)).toBe(EXPECTED[name](c));
      return { moves: work === 'none', counts: EXPECTED[name]({ ...c, se: true }) !== 0 };
    });
    // 'none' exactly for ops that only move data in every form; a rule that counts nothing for an op that works says 'ignored'.
    expect(rule.kind === 'none').toBe(seen.every((s) => s.moves));
    if (!seen.every((s) => s.moves) && seen.every((s) => !s.counts)) expect(rule.kind).toBe('ignored');
    expect(rule.text.length).toBeGreaterThan(3);
  });
});
