// Every convention preset on a small network, against counts written out by hand.
import { describe, expect, it } from 'vitest';
import { analyze, bn, buildGraph, conv, CONVENTIONS, flatten, globalAvgPool, linear, maxpool, relu, se, seq } from '../src/index.js';

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
