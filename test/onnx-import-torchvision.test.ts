// Full-size torchvision graphs exported by PyTorch 1.13 (weights stripped, dims kept): MACs and
// parameters against PyTorch's own count (expected.json, measured by make_fixtures.py) and against
// the figures of the issue, names as PyTorch's module paths, SE blocks found, BN folding noted.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/cost/analyze.js';
import { buildArchitecture, zooArchitecture, type ZooName } from '../src/zoo.js';
import { EXPECTED, graphParams, importFixture } from './helpers/onnx.js';

const TORCHVISION = Object.keys(EXPECTED).filter((k) => k.startsWith('torchvision/'));

/** conv + linear MACs PyTorch counts for these models (the issue), and params with BN preserved. */
const ISSUE: Record<string, { macs: number; params?: number }> = {
  resnet18: { macs: 1_814_073_344 },
  resnet50: { macs: 4_089_184_256, params: 25_557_032 },
  mobilenet_v2: { macs: 300_774_272, params: 3_504_872 },
  shufflenet_v2_x1_0: { macs: 144_907_992 },
  mobilenet_v3_large: { macs: 216_589_760 },
};

describe('torchvision exports: MACs and params equal PyTorch\'s', () => {
  it('covers the models of the issue at opsets 13 and 17, BN folded and preserved', () => {
    expect(TORCHVISION.length).toBeGreaterThanOrEqual(15);
    for (const name of ['resnet50', 'mobilenet_v2']) {
      for (const v of ['op13_bnfolded', 'op17_bnfolded', 'op13_bnpreserved', 'op17_bnpreserved']) expect(TORCHVISION).toContain(`torchvision/tv_${name}_${v}.noweights.onnx`);
    }
  });

  it.each(TORCHVISION)('%s', async (file) => {
    const e = EXPECTED[file];
    const r = analyze(await importFixture(file));
    expect(Number(r.totals.macs)).toBe(e.macs.total);
    expect(Number(r.totals.params)).toBe(graphParams(e));
    expect(Number(r.totals.buffers)).toBe(e.bn_folded ? 0 : e.buffers);
    expect(r.layers.at(-1)!.outputShape).toEqual(e.outputs[0].shape);
    const model = /tv_(.*)_op\d+/.exec(file)![1];
    const issue = ISSUE[model];
    if (issue) {
      expect(Number(r.totals.macs)).toBe(issue.macs);
      if (issue.params !== undefined && !e.bn_folded) expect(Number(r.totals.params)).toBe(issue.params);
    }
    // Folding is reported once, as a note; a preserved export has none.
    const folded = (r.notes ?? []).filter((n) => /batch norm folded/.test(n));
    expect(folded).toHaveLength(e.bn_folded ? 1 : 0);
  });
});

describe('torchvision exports: structure', () => {
  it('resnet50 (BN preserved) has the zoo resnet50\'s layer names, params per layer and totals', async () => {
    const imported = analyze(await importFixture('torchvision/tv_resnet50_op17_bnpreserved.noweights.onnx'));
    const zoo = analyze(buildArchitecture(zooArchitecture('resnet50')));
    expect(imported.layers.map((l) => l.name)).toEqual(zoo.layers.map((l) => l.name));
    expect(imported.layers.map((l) => [l.op, Number(l.params), Number(l.macs)])).toEqual(zoo.layers.map((l) => [l.op, Number(l.params), Number(l.macs)]));
    for (const k of ['add', 'mul', 'cmp', 'div', 'exp'] as const) expect(imported.totals[k]).toEqual(zoo.totals[k]);
    expect(imported.layers.find((l) => l.name === 'layer1.0.downsample.0')?.op).toBe('conv2d');
    expect(imported.layers.find((l) => l.name === 'layer1.0.add')?.op).toBe('add');
    expect(imported.layers.find((l) => l.name === 'layer1.0.relu_1')?.op).toBe('relu');
    expect([...new Set(imported.layers.map((l) => l.stage))]).toEqual(['conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'flatten', 'fc']);
  });

  it.each<[ZooName, string]>([
    ['mobilenet_v3_large', 'torchvision/tv_mobilenet_v3_large_op17_bnfolded.noweights.onnx'],
    ['mobilenet_v3_large', 'torchvision/tv_mobilenet_v3_large_op13_bnfolded.noweights.onnx'],
    ['efficientnet_b0', 'torchvision/tv_efficientnet_b0_op17_bnfolded.noweights.onnx'],
  ])('%s: the SE blocks are found and tagged, so the paper convention counts their scale (%s)', async (zooName, file) => {
    const g = await importFixture(file);
    const imported = analyze(g, { convention: 'paper' });
    const zoo = analyze(buildArchitecture(zooArchitecture(zooName)), { convention: 'paper' });
    // Same MACs, same SE multiplies: the paper totals agree with the zoo model's.
    expect(imported.totals.flops).toEqual(zoo.totals.flops);
    const seMuls = imported.layers.filter((l) => l.se && l.op === 'mul');
    expect(seMuls.length).toBe(zoo.layers.filter((l) => l.se && l.op === 'mul').length);
    // Every SE block is pool -> conv -> act -> conv -> gate -> mul: six tagged layers each.
    expect(imported.layers.filter((l) => l.se).length).toBe(6 * seMuls.length);
  });

  it('SiLU (Sigmoid + Mul) and opset-13 Hardswish (HardSigmoid + Mul) become one layer each', async () => {
    const eff = await importFixture('torchvision/tv_efficientnet_b0_op17_bnfolded.noweights.onnx');
    const ops = (g: typeof eff) => g.nodes.reduce<Record<string, number>>((m, n) => ({ ...m, [n.op]: (m[n.op] ?? 0) + 1 }), {});
    expect(ops(eff).silu).toBe(49);
    // The only sigmoids left are the 16 SE gates.
    expect(ops(eff).sigmoid).toBe(16);
    const op13 = await importFixture('torchvision/tv_mobilenet_v3_large_op13_bnfolded.noweights.onnx');
    const op17 = await importFixture('torchvision/tv_mobilenet_v3_large_op17_bnfolded.noweights.onnx');
    expect(ops(op13)).toEqual(ops(op17));
    expect(op13.nodes.map((n) => n.name)).toEqual(op17.nodes.map((n) => n.name));
    const r13 = analyze(op13, { convention: 'flops' }).totals;
    const r17 = analyze(op17, { convention: 'flops' }).totals;
    expect(r13).toEqual(r17);
  });

  it('googlenet exports without its auxiliary classifiers and counts PyTorch\'s MACs', async () => {
    const g = await importFixture('torchvision/tv_googlenet_op17_bnfolded.noweights.onnx');
    expect(g.nodes.some((n) => n.name.startsWith('aux'))).toBe(false);
    expect(Number(analyze(g).totals.macs)).toBe(EXPECTED['torchvision/tv_googlenet_op17_bnfolded.noweights.onnx'].macs.total);
  });
});

describe('torchvision exports: stages', () => {
  const stagesOf = async (file: string) => {
    const g = await importFixture(`torchvision/${file}`);
    return [...new Set(g.nodes.map((n) => n.stage))];
  };
  /** `features.a-b` for each run of feature indices at one resolution, from the children's strides. */
  const runs = (strides: readonly number[]): string[] => {
    const out: string[] = [];
    let start = 0;
    strides.forEach((s, i) => {
      if (i > 0 && s !== 1) {
        out.push(start === i - 1 ? `features.${start}` : `features.${start}-${i - 1}`);
        start = i;
      }
    });
    out.push(start === strides.length - 1 ? `features.${start}` : `features.${start}-${strides.length - 1}`);
    return out;
  };

  it('mobilenet_v2\'s features split at each downsampling (torchvision\'s stride table)', async () => {
    // features.0 stem (stride 2), then the inverted residual settings (t, c, n, s) of torchvision:
    // [1,16,1,1] [6,24,2,2] [6,32,3,2] [6,64,4,2] [6,96,3,1] [6,160,3,2] [6,320,1,1], then the 1x1 conv.
    const settings = [[1, 1], [2, 2], [3, 2], [4, 2], [3, 1], [3, 2], [1, 1]];
    const strides = [2, ...settings.flatMap(([n, s]) => Array.from({ length: n }, (_, i) => (i === 0 ? s : 1))), 1];
    expect(strides).toHaveLength(19);
    for (const file of ['tv_mobilenet_v2_op17_bnfolded.noweights.onnx', 'tv_mobilenet_v2_op13_bnpreserved.noweights.onnx']) {
      expect(await stagesOf(file)).toEqual([...runs(strides), 'globalaveragepool', 'flatten', 'classifier']);
    }
  });

  it('vgg16\'s features split at each max pool (its configuration: 64 64 M 128 128 M 256x3 M 512x3 M 512x3 M)', async () => {
    const cfg = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'];
    // Each conv is followed by its ReLU: two feature indices; a pool is one and halves the size.
    const strides = cfg.flatMap((c) => (c === 'M' ? [2] : [1, 1]));
    expect(strides).toHaveLength(31);
    expect(await stagesOf('tv_vgg16_op17.noweights.onnx')).toEqual([...runs(strides), 'avgpool', 'flatten', 'classifier']);
  });

  it('resnet keeps its layer1..layer4; vit (no spatial map in its encoder) keeps encoder', async () => {
    expect(await stagesOf('tv_resnet18_op17_bnfolded.noweights.onnx')).toEqual(['conv1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4', 'avgpool', 'flatten', 'fc']);
    expect(await stagesOf('tv_vit_b_16_op17.noweights.onnx')).toContain('encoder');
  });

  it('no stage holds nearly everything in the models built around features', async () => {
    for (const file of ['tv_mobilenet_v2_op17_bnfolded', 'tv_mobilenet_v3_large_op17_bnfolded', 'tv_efficientnet_b0_op17_bnfolded', 'tv_vgg16_op17']) {
      const r = analyze(await importFixture(`torchvision/${file}.noweights.onnx`));
      const perStage = new Map<string, number>();
      for (const l of r.layers) perStage.set(l.stage, (perStage.get(l.stage) ?? 0) + Number(l.macs));
      expect(Math.max(...perStage.values()) / Number(r.totals.macs), file).toBeLessThan(0.5);
    }
  });
});
