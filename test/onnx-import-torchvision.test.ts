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
