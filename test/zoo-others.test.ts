// VGG and EfficientNet against torchvision's documented figures, and what every zoo entry of
// these families shares: stage tags for --by stage, and the option tables.
import { describe, expect, it } from 'vitest';
import { graph, report, n, node, shape } from './helpers/zoo.js';
import { FlopscopeError } from '../src/errors.js';
import { zooNames } from '../src/zoo.js';
import { pinned } from './reference/pinned.js';

/** torchvision documents GFLOPS with two decimals: within half a unit of the last digit. */
const expectGflops = (macs: unknown, gflops: number): void => {
  expect(Math.abs(n(macs) - gflops * 1e9)).toBeLessThanOrEqual(0.005e9);
};

const ZOO_HERE = [
  'mobilenet_v1', 'se_mobilenet_v1', 'mobilenet_v2', 'mobilenet_v3_large', 'mobilenet_v3_small',
  'shufflenet_v1_g3', 'se_shufflenet_v1_g3', 'shufflenet_v2_x0_5', 'shufflenet_v2_x1_0',
  'shufflenet_v2_x1_5', 'shufflenet_v2_x2_0', 'se_shufflenet_v2_x1_0', 'vgg16', 'efficientnet_b0',
];

describe('vgg', () => {
  // torchvision model docs: vgg16 15.47 GFLOPS; SENet Table 2: VGG-16 15.47. The exact params
  // (138,357,544) are pinned in test/reference/zoo.json.
  it('vgg16 matches torchvision (15.47 GFLOPS)', () => {
    expectGflops(report('vgg16').totals.macs, 15.47);
  });

  // The same docs for the other configurations (family options depth and batch_norm).
  it.each([
    ['11', false, 132_863_336, 7.61],
    ['13', false, 133_047_848, 11.31],
    ['19', false, 143_667_240, 19.63],
    ['16', true, 138_365_992, 15.47],
  ])('depth %s batch_norm %s matches torchvision (%s params, %s GFLOPS)', (depth, batchNorm, params, gflops) => {
    const r = report('vgg16', { set: { depth, batch_norm: batchNorm } });
    expect(n(r.totals.params)).toBe(params);
    expectGflops(r.totals.macs, gflops);
  });

  it("uses torchvision's module names and shapes", () => {
    const g = graph('vgg16');
    expect(shape(node(g, 'features.0'))).toBe('1x64x224x224');
    expect(node(g, 'features.0').attrs.bias).toBe(true);
    expect(node(g, 'features.1').op).toBe('relu');
    expect(shape(node(g, 'features.4'))).toBe('1x64x112x112');
    expect(node(g, 'features.4').op).toBe('maxpool');
    expect(shape(node(g, 'features.28'))).toBe('1x512x14x14');
    expect(shape(node(g, 'features.30'))).toBe('1x512x7x7');
    expect(shape(node(g, 'classifier.0'))).toBe('1x4096');
    expect(shape(node(g, 'classifier.6'))).toBe('1x1000');
    expect(new Set(g.nodes.map((x) => x.stage))).toEqual(new Set(['block1', 'block2', 'block3', 'block4', 'block5', 'head']));
  });

  // torchvision's cfg D, written out here: the conv MACs at an H x W input (3x3 convs, 'same'
  // padding, 2x2 max pools with floor), plus the classifier, which always sees 512 x 7 x 7.
  const vgg16Macs = (h: number, w: number): number => {
    const cfg = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'] as const;
    let macs = 0;
    let cin = 3;
    for (const v of cfg) {
      if (v === 'M') {
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      } else {
        macs += v * cin * 9 * h * w;
        cin = v;
      }
    }
    return macs + 512 * 7 * 7 * 4096 + 4096 * 4096 + 4096 * 1000;
  };

  it('the formula reproduces the 224 count', () => {
    expect(n(report('vgg16').totals.macs)).toBe(vgg16Macs(224, 224));
  });

  // AdaptiveAvgPool2d((7, 7)) takes any feature size, as in PyTorch: 64x64 gives 2x2 features that
  // it spreads over 7x7 (windows of 1 or 2 inputs), 256x320 gives 8x10 features (windows of 2 or 3).
  it.each([
    ['1x3x64x64', 64, 64, '1x512x2x2'],
    ['1x3x256x320', 256, 320, '1x512x8x10'],
    ['1x3x32x32', 32, 32, '1x512x1x1'],
  ] as const)('vgg16 at %s: same params, MACs from the layer formulas, features %s pooled to 7x7', (input, h, w, features) => {
    const g = graph('vgg16', {}, input);
    expect(shape(node(g, 'features.30'))).toBe(features);
    expect(node(g, 'avgpool').op).toBe('adaptiveavgpool');
    expect(shape(node(g, 'avgpool'))).toBe('1x512x7x7');
    expect(shape(node(g, 'classifier.0'))).toBe('1x4096');
    const r = report('vgg16', { input });
    expect(n(r.totals.params)).toBe(n(pinned('vgg16').params));
    expect(n(r.totals.macs)).toBe(vgg16Macs(h, w));
  });

  it('vgg16 at 224 pools 7x7 to 7x7: one add and one divide per element (1x1 windows)', () => {
    const avg = report('vgg16').layers.find((l) => l.name === 'avgpool')!;
    expect(n(avg.work.add)).toBe(512 * 49);
    expect(n(avg.work.div)).toBe(512 * 49);
  });

  it('still refuses an input too small for the features, naming the layer', () => {
    expect(() => graph('vgg16', {}, '1x3x16x16')).toThrow(FlopscopeError);
    expect(() => graph('vgg16', {}, '1x3x16x16')).toThrow(/features\.30.*too small/);
  });
});

describe('efficientnet', () => {
  // torchvision model docs: efficientnet_b0 0.39 GFLOPS (the exact params are pinned).
  it('efficientnet_b0 matches torchvision (0.39 GFLOPS)', () => {
    expectGflops(report('efficientnet_b0').totals.macs, 0.39);
  });

  // B1-B3 are the same family with torchvision's width/depth coefficients, at their eval crops
  // (240, 288, 300); the docs give 7,794,184 / 0.69, 9,109,994 / 1.09, 12,233,232 / 1.83.
  it.each([
    [1.0, 1.1, 240, 7_794_184, 0.69],
    [1.1, 1.2, 288, 9_109_994, 1.09],
    [1.2, 1.4, 300, 12_233_232, 1.83],
  ])('width %s depth %s at %s matches torchvision (%s params, %s GFLOPS)', (width, depth, size, params, gflops) => {
    const r = report('efficientnet_b0', { set: { width, depth }, input: `1x3x${size}x${size}` });
    expect(n(r.totals.params)).toBe(params);
    expectGflops(r.totals.macs, gflops);
  });

  it("uses torchvision's names; the SE squeeze is a quarter of the block's input channels, with SiLU", () => {
    const g = graph('efficientnet_b0');
    expect(shape(node(g, 'features.0.0'))).toBe('1x32x112x112');
    expect(node(g, 'features.0.2').op).toBe('silu');
    expect(node(g, 'features.1.0.block.0.0').attrs.groups).toBe(32);
    expect(shape(node(g, 'features.1.0.block.1.fc1'))).toBe('1x8x1x1'); // 32 input channels / 4
    expect(node(g, 'features.1.0.block.1.silu').op).toBe('silu');
    expect(node(g, 'features.1.0.block.1.gate').op).toBe('sigmoid');
    expect(shape(node(g, 'features.1.0.block.2.0'))).toBe('1x16x112x112');
    expect(shape(node(g, 'features.2.0.block.0.0'))).toBe('1x96x112x112');
    expect(shape(node(g, 'features.2.0.block.2.fc1'))).toBe('1x4x1x1'); // 16 input channels / 4
    expect(shape(node(g, 'features.2.1.block.2.fc1'))).toBe('1x6x1x1'); // 24 / 4
    expect(node(g, 'features.2.1.stochastic_depth').op).toBe('identity');
    expect(node(g, 'features.2.1.add').op).toBe('add');
    expect(shape(node(g, 'features.8.0'))).toBe('1x1280x7x7');
    expect(shape(node(g, 'classifier.1'))).toBe('1x1000');
    const fc1s = g.nodes.filter((x) => x.name.endsWith('.fc1'));
    expect(fc1s).toHaveLength(16);
  });

  it('se=false removes the SE blocks', () => {
    const g = graph('efficientnet_b0', { se: false });
    expect(g.nodes.some((x) => x.tags.includes('se'))).toBe(false);
  });
});

describe('zoo entries beyond ResNet', () => {
  it('are all listed', () => {
    const names = zooNames();
    for (const name of ZOO_HERE) expect(names).toContain(name);
  });

  it.each(ZOO_HERE)('%s tags every layer with a stage, so --by stage is meaningful', (name) => {
    const g = graph(name);
    const untagged = g.nodes.filter((x) => !x.tags.some((t) => t.startsWith('stage:')));
    expect(untagged.map((x) => x.name)).toEqual([]);
    expect(new Set(g.nodes.map((x) => x.stage)).size).toBeGreaterThanOrEqual(4);
  });

  it.each(ZOO_HERE)('%s takes num_classes and rejects unknown options with the valid list', (name) => {
    const g = graph(name, { num_classes: 10 });
    expect(g.nodes[g.nodes.length - 1].outputShape).toEqual([1, 10]);
    expect(() => graph(name, { no_such_option: 1 })).toThrow(/unknown option 'no_such_option'.*valid options: .*width/);
  });

  it('SE families take reduction, squeeze and gate', () => {
    for (const name of ['se_mobilenet_v1', 'mobilenet_v3_large', 'se_shufflenet_v1_g3', 'se_shufflenet_v2_x1_0', 'efficientnet_b0']) {
      const g = graph(name, { reduction: 2, squeeze: 'max', gate: 'tanh' });
      const se = g.nodes.filter((x) => x.tags.includes('se'));
      expect(se.some((x) => x.op === 'globalmaxpool')).toBe(true);
      expect(se.some((x) => x.op === 'globalavgpool')).toBe(false);
      expect(se.some((x) => x.op === 'tanh')).toBe(true);
    }
    const none = graph('se_mobilenet_v1', { squeeze: 'none' });
    expect(shape(node(none, 'features.1.se.fc1'))).toBe('1x4x112x112');
  });
});
