// ResNet family against reference/NUMBERS.md. Each expectation names the row it uses.
import { describe, expect, it } from 'vitest';
import { analyze, buildArchitecture, zooArchitecture, type ConventionName } from '../src/index.js';
import { lookupArchitecture } from '../src/zoo.js';
import { product } from '../src/shape/dim.js';

const report = (name: string, convention: ConventionName = 'macs', set?: Record<string, unknown>) =>
  analyze(buildArchitecture(lookupArchitecture(name), set ? { set } : {}), { convention });

// The exact figures (NUMBERS.md section 1, torchvision's documented params) are pinned in
// test/reference/zoo.json with their PyTorch source and checked by zoo-reference.test.ts.
describe('layout', () => {
  it('uses torchvision module names, SE nested under the block', () => {
    const names = buildArchitecture(zooArchitecture('se_resnet50')).nodes.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['conv1', 'bn1', 'relu', 'maxpool', 'layer1.0.conv1', 'layer1.0.downsample.0', 'layer1.0.downsample.1', 'layer1.0.se.fc1', 'layer1.0.se.fc2', 'layer4.2.conv3', 'avgpool', 'fc']));
    // torchvision v1.5 downsamples in conv2 (3x3); v1 in conv1 (1x1)
    const v15 = buildArchitecture(zooArchitecture('resnet50')).nodes.find((n) => n.name === 'layer2.0.conv2');
    const v1 = buildArchitecture(zooArchitecture('resnet50_v1')).nodes.find((n) => n.name === 'layer2.0.conv1');
    expect(v15?.attrs.stride).toEqual([2, 2]);
    expect(v1?.attrs.stride).toEqual([2, 2]);
  });
});

describe('NUMBERS.md section 2: SENet paper Table 2 (+-0.02 GFLOPs, convention paper)', () => {
  it.each([
    ['resnet50_v1', 3.86], ['se_resnet50', 3.87],
    ['resnet101_v1', 7.58], ['se_resnet101', 7.60],
    ['resnet152_v1', 11.30], ['se_resnet152', 11.32],
    ['resnext50_32x4d', 4.24], ['se_resnext50_32x4d', 4.25],
  ])('%s ~ %f GFLOPs', (name, gflops) => {
    const flops = Number(report(name, 'paper').totals.flops) / 1e9;
    expect(Math.abs(flops - gflops)).toBeLessThanOrEqual(0.02);
  });

  it('rounds to the paper\'s 3.86 and 3.87 exactly for ResNet-50 / SE-ResNet-50', () => {
    expect((Number(report('resnet50_v1', 'paper').totals.flops) / 1e9).toFixed(2)).toBe('3.86');
    expect((Number(report('se_resnet50', 'paper').totals.flops) / 1e9).toFixed(2)).toBe('3.87');
  });

  it('SE adds (2/r) * sum N_s C_s^2 weights (Eq. 5), ~10% of ResNet-50; ~4% without the last stage', () => {
    const base = Number(report('resnet50_v1').totals.params);
    const stages = [[3, 256], [4, 512], [6, 1024], [3, 2048]];
    const eq5 = (upTo: number) => stages.slice(0, upTo).reduce((s, [n, c]) => s + (2 / 16) * n * c * c, 0);
    const biases = (upTo: number) => stages.slice(0, upTo).reduce((s, [n, c]) => s + n * (c / 16 + c), 0);
    const all = Number(report('se_resnet50').totals.params);
    expect(all - base).toBe(eq5(4) + biases(4));
    expect(Math.round(((all - base) / base) * 100)).toBe(10);
    const noLast = Number(report('se_resnet50', 'macs', { se_stages: '1,2,3' }).totals.params);
    expect(noLast - base).toBe(eq5(3) + biases(3));
    expect(Math.round(((noLast - base) / base) * 100)).toBe(4);
  });
});

describe('NUMBERS.md section 4: other counters\' conventions for resnet50', () => {
  it('flops preset ~ 8.2 G (2 x MACs + element-wise)', () => {
    expect(Number(report('resnet50', 'flops').totals.flops) / 1e9).toBeCloseTo(8.21, 1);
  });
  it('ptflops preset: 4.12-4.13 GMac', () => {
    expect(Number(report('resnet50', 'ptflops').totals.flops) / 1e9).toBeGreaterThanOrEqual(4.115);
    expect(Number(report('resnet50', 'ptflops').totals.flops) / 1e9).toBeLessThan(4.135);
  });
  it('fvcore preset ~ 4.11 G', () => {
    expect((Number(report('resnet50', 'fvcore').totals.flops) / 1e9).toFixed(2)).toBe('4.11');
  });
});

describe('symbolic input', () => {
  it('Nx3xHxW totals agree with concrete analyses at random sizes, including odd and non-square', () => {
    const sym = analyze(buildArchitecture(zooArchitecture('se_resnet50'), { input: 'Nx3xHxW' }), { convention: 'flops' });
    for (const [n, h, w] of [[1, 224, 224], [2, 97, 131], [3, 33, 64], [1, 401, 37]]) {
      const num = analyze(buildArchitecture(zooArchitecture('se_resnet50'), { input: `${n}x3x${h}x${w}` }), { convention: 'flops' });
      for (const key of ['params', 'macs', 'flops', 'activationElements', 'trafficBytes'] as const) {
        const s = sym.totals[key];
        const atPoint = typeof s === 'object' ? s.evaluate({ N: n, H: h, W: w }) : BigInt(s);
        expect(atPoint, `${key} at ${n}x3x${h}x${w}`).toBe(BigInt(num.totals[key] as number | bigint));
      }
    }
  });

  it('resolution independence: counts at 4096x4096 stay exact integers', () => {
    const r = report('resnet152');
    const big = analyze(buildArchitecture(zooArchitecture('resnet152'), { input: '64x3x4096x4096' }));
    expect(typeof big.totals.macs === 'bigint' || Number.isSafeInteger(big.totals.macs)).toBe(true);
    expect(big.layers.length).toBe(r.layers.length);
    const conv1 = big.layers[0];
    expect(conv1.macs).toBe(product([64, 64, 2048, 2048, 3, 7, 7]));
  });
});
