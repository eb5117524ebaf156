// MobileNet v1 / SE-MobileNet / v2 / v3 against reference/NUMBERS.md, the papers and torchvision.
// The exact params, MACs and per-element counts at 224 are pinned in test/reference/zoo.json
// (PyTorch, checked against NUMBERS.md section 1 there) and checked by zoo-reference.test.ts.
import { describe, expect, it } from 'vitest';
import { graph, report, n, node, shape, bnParams } from './helpers/zoo.js';
import { pinned } from './reference/pinned.js';


/** torchvision's _make_divisible, written out again here as the reference. */
function makeDivisibleRef(v: number, divisor = 8): number {
  const newV = Math.max(divisor, Math.trunc((v + divisor / 2) / divisor) * divisor);
  return newV < 0.9 * v ? newV + divisor : newV;
}

describe('mobilenet_v1', () => {
  it('has NUMBERS.md section 1\'s 4,210,088 params without BN', () => {
    const r = report('mobilenet_v1');
    expect(n(r.totals.params) - bnParams(r)).toBe(4_210_088);
  });

  it('has the paper layer list: stem, 13 depthwise-separable blocks, global pool, fc', () => {
    const g = graph('mobilenet_v1');
    expect(shape(node(g, 'features.0.0'))).toBe('1x32x112x112');
    const dw = node(g, 'features.1.0');
    expect(dw.attrs.groups).toBe(32);
    expect(shape(dw)).toBe('1x32x112x112');
    expect(shape(node(g, 'features.1.3'))).toBe('1x64x112x112');
    expect(shape(node(g, 'features.2.0'))).toBe('1x64x56x56');
    expect(shape(node(g, 'features.13.3'))).toBe('1x1024x7x7');
    expect(shape(node(g, 'fc'))).toBe('1x1000');
    expect(g.nodes.filter((x) => x.op === 'conv2d')).toHaveLength(27);
    expect(g.nodes.filter((x) => x.op === 'conv2d').every((x) => x.attrs.bias === false)).toBe(true);
    expect(new Set(g.nodes.map((x) => x.stage))).toEqual(new Set(['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'stage5', 'head']));
  });

  // MobileNet paper Table 6 (width) and Table 7 (resolution); M figures truncated, so +-1M
  // (NUMBERS.md 3b); parameters are given to 0.1M.
  it.each([
    [1, 569, 4.2], [0.75, 325, 2.6], [0.5, 149, 1.3], [0.25, 41, 0.5],
  ])('width %s: paper Table 6 gives %sM mult-adds and %sM params', (width, madds, params) => {
    const r = report('mobilenet_v1', { set: { width } });
    expect(Math.abs(n(r.totals.macs) - madds * 1e6)).toBeLessThanOrEqual(1e6);
    expect(Math.abs(n(r.totals.params) - params * 1e6)).toBeLessThanOrEqual(0.05e6);
  });

  it.each([[224, 569], [192, 418], [160, 290], [128, 186]])('resolution %s: paper Table 7 gives %sM mult-adds, 4.2M params', (size, madds) => {
    const r = report('mobilenet_v1', { input: `1x3x${size}x${size}` });
    expect(Math.abs(n(r.totals.macs) - madds * 1e6)).toBeLessThanOrEqual(1e6);
    expect(n(r.totals.params)).toBe(n(pinned('mobilenet_v1').params));
  });

  it('width a gives int(channels * a) channels', () => {
    const g = graph('mobilenet_v1', { width: 0.3 });
    expect(shape(node(g, 'features.0.0'))).toBe(`1x${Math.floor(32 * 0.3)}x112x112`);
    expect(shape(node(g, 'features.13.3'))).toBe(`1x${Math.floor(1024 * 0.3)}x7x7`);
  });
});

describe('se_mobilenet_v1', () => {
  it('counts MACs plus the SE scale multiplies under `paper` (NUMBERS.md section 1: 569,220,096 + 2,709,504)', () => {
    const ref = pinned('se_mobilenet_v1');
    const paper = report('se_mobilenet_v1', { convention: 'paper' });
    expect(BigInt(n(paper.totals.flops))).toBe(ref.macs + ref.perElement.seScaleMultiplies);
  });

  it('reproduces SENet Table 3 (572 MFLOPs, 4.7M) and the baseline 569 MFLOPs, 4.2M under `paper`', () => {
    const se = report('se_mobilenet_v1', { convention: 'paper' });
    const base = report('mobilenet_v1', { convention: 'paper' });
    expect(Math.round(n(se.totals.flops) / 1e6)).toBe(572);
    expect(Math.round(n(se.totals.params) / 1e5)).toBe(47);
    expect(Math.round(n(base.totals.flops) / 1e6)).toBe(569);
    expect(Math.round(n(base.totals.params) / 1e5)).toBe(42);
  });

  it('puts one SE block after each pointwise conv, after its BN and ReLU', () => {
    const g = graph('se_mobilenet_v1');
    const scales = g.nodes.filter((x) => x.op === 'mul');
    expect(scales.map((x) => x.name)).toEqual(Array.from({ length: 13 }, (_, i) => `features.${i + 1}.se.scale`));
    const i = g.nodes.findIndex((x) => x.name === 'features.1.se.avgpool');
    expect(g.nodes[i - 1].name).toBe('features.1.5');
    expect(g.nodes[i - 1].op).toBe('relu');
    expect(shape(node(g, 'features.1.se.fc1'))).toBe('1x4x1x1');
    expect(shape(node(g, 'features.13.se.fc2'))).toBe('1x1024x1x1');
  });

  it('takes the SE options', () => {
    const g = graph('se_mobilenet_v1', { reduction: 8, gate: 'hardsigmoid', squeeze: 'max' });
    expect(shape(node(g, 'features.1.se.fc1'))).toBe('1x8x1x1');
    expect(node(g, 'features.1.se.gate').op).toBe('hardsigmoid');
    expect(node(g, 'features.1.se.maxpool').op).toBe('globalmaxpool');
  });
});

describe('mobilenet_v2', () => {
  it("uses torchvision's module names and shapes", () => {
    const g = graph('mobilenet_v2');
    expect(shape(node(g, 'features.0.0'))).toBe('1x32x112x112');
    expect(node(g, 'features.0.2').op).toBe('relu6');
    expect(node(g, 'features.1.conv.0.0').attrs.groups).toBe(32);
    expect(shape(node(g, 'features.1.conv.1'))).toBe('1x16x112x112');
    expect(shape(node(g, 'features.2.conv.0.0'))).toBe('1x96x112x112');
    expect(shape(node(g, 'features.2.conv.1.0'))).toBe('1x96x56x56');
    expect(node(g, 'features.3.add').op).toBe('add');
    expect(g.nodes.some((x) => x.name === 'features.2.add')).toBe(false);
    expect(shape(node(g, 'features.18.0'))).toBe('1x1280x7x7');
    expect(shape(node(g, 'classifier.1'))).toBe('1x1000');
    expect(g.nodes.filter((x) => x.op === 'add')).toHaveLength(10);
  });

  it('rounds widths to multiples of 8 and never narrows the last conv below 1280', () => {
    const g = graph('mobilenet_v2', { width: 0.5 });
    expect(shape(node(g, 'features.0.0'))).toBe(`1x${makeDivisibleRef(32 * 0.5)}x112x112`);
    expect(shape(node(g, 'features.1.conv.1'))).toBe(`1x${makeDivisibleRef(16 * 0.5)}x112x112`);
    expect(shape(node(g, 'features.18.0'))).toBe('1x1280x7x7');
  });
});

describe('mobilenet_v3', () => {
  // torchvision's model docs: mobilenet_v3_small 0.06 GFLOPS (two decimals); its exact params
  // are pinned in test/reference/zoo.json.
  it('small matches torchvision (0.06 GFLOPS)', () => {
    const r = report('mobilenet_v3_small');
    expect(Math.abs(n(r.totals.macs) - 0.06e9)).toBeLessThanOrEqual(0.005e9);
  });

  // NUMBERS.md section 3: Large 217 MAdds (appendix), 5.4M; Small 56 (57), 2.5M. The paper
  // truncates parameters; MAdds compared within +-1M under `paper` (SE scale included).
  it('agrees with the MobileNetV3 paper figures', () => {
    const large = report('mobilenet_v3_large', { convention: 'paper' });
    expect(Math.abs(n(large.totals.flops) - 217e6)).toBeLessThanOrEqual(1e6);
    expect(Math.floor(n(large.totals.params) / 1e5)).toBe(54);
    const small = report('mobilenet_v3_small', { convention: 'paper' });
    expect(Math.abs(n(small.totals.flops) - 56e6)).toBeLessThanOrEqual(1e6);
    expect(Math.abs(n(small.totals.flops) - 57e6)).toBeLessThanOrEqual(1e6);
    expect(Math.floor(n(small.totals.params) / 1e5)).toBe(25);
  });

  it("uses torchvision's names, with SE after the depthwise conv and make_divisible(expanded / 4, 8) squeeze", () => {
    const g = graph('mobilenet_v3_large');
    expect(node(g, 'features.0.2').op).toBe('hardswish');
    expect(node(g, 'features.1.block.0.0').attrs.groups).toBe(16);
    expect(node(g, 'features.1.add').op).toBe('add');
    expect(shape(node(g, 'features.4.block.1.0'))).toBe('1x72x28x28');
    expect(node(g, 'features.4.block.2.avgpool').op).toBe('globalavgpool');
    expect(node(g, 'features.4.block.2.gate').op).toBe('hardsigmoid');
    expect(shape(node(g, 'features.4.block.3.0'))).toBe('1x40x28x28');
    expect(shape(node(g, 'features.16.0'))).toBe('1x960x7x7');
    expect(shape(node(g, 'classifier.0'))).toBe('1x1280');
    expect(shape(node(g, 'classifier.3'))).toBe('1x1000');
    for (const name of ['mobilenet_v3_large', 'mobilenet_v3_small']) {
      const fc1s = graph(name).nodes.filter((x) => x.name.endsWith('.fc1'));
      expect(fc1s.length).toBe(name.endsWith('large') ? 8 : 9);
      for (const fc1 of fc1s) {
        const expanded = fc1.inputShapes[0][1] as number;
        expect(fc1.outputShape[1]).toBe(makeDivisibleRef(Math.floor(expanded / 4)));
      }
    }
  });

  it('se=false removes every SE block; width rounds to multiples of 8', () => {
    expect(graph('mobilenet_v3_small', { se: false }).nodes.some((x) => x.tags.includes('se'))).toBe(false);
    const g = graph('mobilenet_v3_large', { width: 0.75 });
    expect(shape(node(g, 'features.0.0'))).toBe(`1x${makeDivisibleRef(16 * 0.75)}x112x112`);
    expect(shape(node(g, 'classifier.0'))).toBe(`1x${makeDivisibleRef(1280 * 0.75)}`);
  });
});
