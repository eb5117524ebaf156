// The rest of the SENet paper's Table 2 (ResNeXt-101, VGG-16, BN-Inception, Inception-ResNet-v2,
// each with and without SE) and SENet-154, against real PyTorch runs of the reference
// implementations: test/reference/senet-zoo.json (totals, checked for every entry by
// zoo-reference.test.ts), senet/layers.json (per layer) and senet/modules.json (every module call,
// for the layer names), written by
// test/reference/measure_senet_zoo.py (Cadene's pretrainedmodels and torchvision 0.14 under
// PyTorch 1.13 forward hooks; each figure names its source). Table 2 is NUMBERS.md section 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graph, report, n, node, shape } from './helpers/zoo.js';
import type { CostReport } from '../src/cost/analyze.js';
import { FlopscopeError } from '../src/errors.js';
import { buildGraph } from '../src/ir/build.js';
import { concat, conv, relu, scaleBy, seq } from '../src/dsl/index.js';
import { referenceEntries } from './reference/pinned.js';

/** [module path, kind, output shape without the batch, MACs] */
type RefLayer = readonly [string, string, string, number];
interface RefDetail {
  /** Inception-ResNet-v2: elements multiplied by the residual scale. */
  readonly residualScaleMultiplies?: number;
  readonly layers: readonly RefLayer[];
}

const REFERENCE = join(__dirname, 'reference');
const DETAIL = JSON.parse(readFileSync(join(REFERENCE, 'senet', 'layers.json'), 'utf8')) as { models: Record<string, Record<string, RefDetail>> };
const ENTRIES = referenceEntries().filter((e) => e.file === 'senet-zoo.json');

const MODELS = ['resnext101_32x4d', 'se_resnext101_32x4d', 'senet154', 'bn_inception', 'se_bn_inception', 'inception_resnet_v2', 'se_inception_resnet_v2', 'vgg16', 'se_vgg16'];
const sizeOf = (input: string): string => input.split('x')[2];
const CASES = MODELS.flatMap((name) => ENTRIES.filter((e) => e.model === name).map((e) => [name, sizeOf(e.input), e] as const));

const sum = (r: CostReport, pick: (l: CostReport['layers'][number]) => unknown): number => r.layers.reduce((s, l) => s + n(pick(l)), 0);

describe('the reference data', () => {
  it('holds every model at its default size and at least one odd size', () => {
    for (const name of MODELS) {
      const sizes = ENTRIES.filter((e) => e.model === name).map((e) => Number(sizeOf(e.input)));
      expect(sizes, name).toContain(name.includes('inception_resnet') ? 299 : 224);
      expect(sizes.some((s) => s % 2 === 1), name).toBe(true);
      for (const size of sizes) expect(DETAIL.models[name]?.[String(size)]?.layers.length, `${name} ${size} layers`).toBeGreaterThan(10);
    }
  });
});

// Params, buffers, MACs, SE and residual counts and output shapes of every entry are checked by
// zoo-reference.test.ts; the residual scaling multiplies are particular to these models.
describe('Inception-ResNet-v2 residual scaling multiplies equal the reference runs', () => {
  it.each(CASES.filter(([, size, e]) => DETAIL.models[e.model][size].residualScaleMultiplies !== undefined))('%s at %s', (name, size, e) => {
    const r = report(name, { input: e.input, convention: 'flops' });
    expect(sum(r, (l) => (l.op === 'mul' && !l.se ? l.work.mul : 0)), `${name} ${e.input} vs ${e.source}`).toBe(DETAIL.models[name][size].residualScaleMultiplies);
  });
});

const POOL_OPS: Readonly<Record<string, readonly string[]>> = { MaxPool2d: ['maxpool'], AvgPool2d: ['avgpool', 'globalavgpool'], AdaptiveAvgPool2d: ['adaptiveavgpool'] };

describe('per layer: names, output shapes and MACs equal the reference modules', () => {
  it.each(CASES)('%s at %s', (name, size, ref) => {
    const refLayers = DETAIL.models[name][size].layers;
    const ours = report(name, { input: ref.input }).layers;
    const row = (layerName: string, outputShape: readonly unknown[], macs: unknown) => `${layerName} ${outputShape.slice(1).join('x')} ${n(macs)}`;
    const refConvs = refLayers.filter((l) => l[1] === 'conv' || l[1] === 'linear');
    const ourConvs = ours.filter((l) => l.op === 'conv2d' || l.op === 'linear');
    if (name === 'resnext101_32x4d') {
      // Cadene's converted Torch7 model names its modules by position (features.5.2.0.0.0.3); the
      // zoo gives it torchvision's names, as resnext50_32x4d has them: compare in execution order.
      expect(ourConvs.map((l) => `${l.outputShape.slice(1).join('x')} ${n(l.macs)}`)).toEqual(refConvs.map((l) => `${l[2]} ${l[3]}`));
      expect(ourConvs[0].name).toBe('conv1');
      return;
    }
    // The reference runs a block's projection shortcut before its SE module: compare as sets.
    expect(ourConvs.map((l) => row(l.name, l.outputShape, l.macs)).sort()).toEqual(refConvs.map((l) => `${l[0]} ${l[2]} ${l[3]}`).sort());
    // Every pooling module of the reference, outside the SE blocks, is a zoo layer of the same shape.
    const seModules = new Set(refLayers.filter((l) => l[1] === 'se').map((l) => l[0]));
    const refPools = refLayers.filter((l) => POOL_OPS[l[1]] && !seModules.has(l[0].replace(/\.avg_pool$/, '')));
    expect(refPools.length).toBeGreaterThan(0);
    for (const [path, kind, outShape] of refPools) {
      const mine = ours.find((l) => l.name === path);
      expect(mine, `${name}: ${path}`).toBeDefined();
      expect(POOL_OPS[kind], `${name}: ${path}`).toContain(mine!.op);
      expect(mine!.outputShape.slice(1).join('x'), `${name}: ${path}`).toBe(outShape);
    }
  });
});

/** Per model: [path, class] of every leaf module call of the reference forward, and the modules it never calls. */
const MODULES = JSON.parse(readFileSync(join(REFERENCE, 'senet', 'modules.json'), 'utf8')) as { models: Record<string, { calls: Array<[string, string]>; uncalled: string[] }> };
/** The zoo op a reference module class computes. */
const OP_OF_CLASS: Readonly<Record<string, readonly string[]>> = {
  Conv2d: ['conv2d'], BatchNorm2d: ['batchnorm'], ReLU: ['relu'], Sigmoid: ['sigmoid'], Linear: ['linear'], Dropout: ['dropout'],
  MaxPool2d: ['maxpool'], AvgPool2d: ['avgpool', 'globalavgpool'], AdaptiveAvgPool2d: ['globalavgpool', 'adaptiveavgpool'],
};
/**
 * What the reference forwards compute without a module: torch.cat, the residual +, x * scale and
 * SEModule's x * gate, x.view; BN-Inception's logits also average with F.avg_pool2d.
 */
const FUNCTIONAL = ['concat', 'add', 'mul', 'flatten'];
const FUNCTIONAL_EXTRA: Readonly<Record<string, readonly string[]>> = { bn_inception: ['globalavgpool'], se_bn_inception: ['globalavgpool'] };

/**
 * The reference's leaf module calls as zoo layer names: a module's path, and for a module called
 * again (SENet's Bottleneck calls its `relu` three times) path_1, path_2 on the later calls, as
 * torch.onnx.export names them.
 */
function referenceNames(calls: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const [path, cls] of calls) {
    const k = seen.get(path) ?? 0;
    seen.set(path, k + 1);
    names.set(k === 0 ? path : `${path}_${k}`, cls);
  }
  return names;
}

describe("layer names are the reference's module paths, one to one", () => {
  // The six models after Cadene's pretrainedmodels (the SE variants with the SE modules
  // measure_senet_zoo.py gives them), and torchvision's VGG-16. The ResNeXt-101 pair's baseline
  // (positional names) and SE-VGG-16 (the zoo's SE names, as the round-1 SE models) are left out.
  const NAMED = ['se_resnext101_32x4d', 'senet154', 'bn_inception', 'se_bn_inception', 'inception_resnet_v2', 'se_inception_resnet_v2', 'vgg16'];
  it.each(NAMED)('%s', (name) => {
    const ref = MODULES.models[name];
    const expected = referenceNames(ref.calls);
    const layers = graph(name).nodes;
    // Every reference module call is a zoo layer of that name computing what the module does.
    const byName = new Map(layers.map((l) => [l.name, l]));
    const missing = [...expected.keys()].filter((p) => !byName.has(p));
    expect(missing, `${name}: reference modules with no zoo layer of that name`).toEqual([]);
    for (const [path, cls] of expected) expect(OP_OF_CLASS[cls], `${name}: ${path} (${cls}) is ${byName.get(path)!.op}`).toContain(byName.get(path)!.op);
    // Every other zoo layer is work the reference does without a module, under a name no module
    // of the reference has (no leaf, no container, none the forward leaves uncalled).
    const modulePaths = new Set([...ref.uncalled, ...ref.calls.flatMap(([p]) => p.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.')))]);
    const functional = layers.filter((l) => !expected.has(l.name));
    for (const l of functional) {
      expect([...FUNCTIONAL, ...(FUNCTIONAL_EXTRA[name] ?? [])], `${name}: ${l.name} has no reference module`).toContain(l.op);
      expect(modulePaths.has(l.name), `${name}: ${l.name} clashes with a reference module`).toBe(false);
    }
    expect(layers.length - functional.length).toBe(ref.calls.length);
  });

  it('the functional layers are named for what they do', () => {
    const names = (name: string, op: string): string[] => [...new Set(graph(name).nodes.filter((l) => l.op === op).map((l) => l.name.split('.').at(-1)!))];
    expect(names('se_bn_inception', 'concat')).toEqual(['inception_3a_output', 'inception_3b_output', 'inception_3c_output', 'inception_4a_output', 'inception_4b_output', 'inception_4c_output', 'inception_4d_output', 'inception_4e_output', 'inception_5a_output', 'inception_5b_output']);
    expect(names('se_bn_inception', 'mul')).toEqual(['scale']);
    expect(names('se_inception_resnet_v2', 'mul').sort()).toEqual(['scale']);
    expect(names('se_inception_resnet_v2', 'add')).toEqual(['add']);
    expect(names('senet154', 'add')).toEqual(['add']);
    expect(names('senet154', 'flatten')).toEqual(['flatten']);
  });
});

describe('how the zoo reads the reference layouts', () => {
  it('Inception-ResNet-v2: scaled residual blocks, SE on the up-projection before the scaling', () => {
    const g = graph('se_inception_resnet_v2');
    expect(shape(node(g, 'repeat.0.cat'))).toBe('1x128x35x35');
    expect(node(g, 'repeat.0.scale').attrs.scalar).toBe(0.17);
    expect(node(g, 'repeat_1.19.scale').attrs.scalar).toBe(0.1);
    expect(node(g, 'repeat_2.8.scale').attrs.scalar).toBe(0.2);
    expect(node(g, 'block8.scale').attrs.scalar).toBe(1);
    const names = g.nodes.map((x) => x.name);
    const block = names.filter((x) => x.startsWith('repeat.3.') && !x.startsWith('repeat.3.branch'));
    expect(block).toEqual(['repeat.3.cat', 'repeat.3.conv2d', 'repeat.3.se.avg_pool', 'repeat.3.se.fc1', 'repeat.3.se.relu', 'repeat.3.se.fc2', 'repeat.3.se.sigmoid', 'repeat.3.se.scale', 'repeat.3.scale', 'repeat.3.add', 'repeat.3.relu']);
    expect(names.filter((x) => x.endsWith('.se.fc1'))).toHaveLength(40);
    expect(names).not.toContain('block8.relu'); // the last block has no ReLU (noReLU)
    expect(node(g, 'mixed_5b.branch3.0').attrs.countIncludePad).toBe(false);
    expect(node(g, 'conv2d_1a.bn').attrs.eps).toBe(0.001);
  });

  it('BN-Inception: ceil_mode pools, a max pool in 5b, SE on each module output', () => {
    const g = graph('se_bn_inception');
    expect(node(g, 'pool1_3x3_s2').attrs.ceilMode).toBe(true);
    expect(node(g, 'inception_3a_pool').op).toBe('avgpool');
    expect(node(g, 'inception_5b_pool').op).toBe('maxpool');
    expect(shape(node(g, 'inception_3c_output'))).toBe('1x576x14x14');
    expect(shape(node(g, 'inception_3c_se.fc1'))).toBe('1x36x1x1');
    // The SE block follows the concatenation it scales.
    const names = g.nodes.map((x) => x.name);
    expect(names.indexOf('inception_3c_se.avg_pool')).toBe(names.indexOf('inception_3c_output') + 1);
    expect(g.nodes.filter((x) => x.name.endsWith('_se.scale'))).toHaveLength(10);
  });

  it('SENet-154: three-conv stem, 64 groups, 3x3 stride-2 projections from layer2, dropout', () => {
    const g = graph('senet154');
    expect(shape(node(g, 'layer0.pool'))).toBe('1x128x56x56');
    expect(node(g, 'layer1.0.conv2').attrs.groups).toBe(64);
    expect(node(g, 'layer1.0.downsample.0').attrs.kernel).toEqual([1, 1]);
    expect(node(g, 'layer2.0.downsample.0').attrs.kernel).toEqual([3, 3]);
    expect(node(g, 'dropout').op).toBe('dropout');
    expect(graph('senet154', { dropout: 0 }).nodes.some((x) => x.op === 'dropout')).toBe(false);
    expect(n(report('senet154', { set: { groups: 32 } }).totals.params)).toBeGreaterThan(n(report('senet154').totals.params));
    expect(() => graph('senet154', { groups: 3 })).toThrow(FlopscopeError);
    expect(() => graph('senet154', { groups: 3 })).toThrow(/option 'groups' must divide 128.*received 3/);
  });

  it('SE-ResNeXt-101 pools its stem with ceil_mode as the Caffe model does; ResNeXt-101 pads as torchvision', () => {
    // At 201 the 7x7 conv gives 101x101: ceil_mode pooling gives 50, padding 1 gives 51.
    expect(shape(node(graph('se_resnext101_32x4d', {}, '1x3x201x201'), 'layer0.pool'))).toBe('1x64x50x50');
    expect(shape(node(graph('resnext101_32x4d', {}, '1x3x201x201'), 'maxpool'))).toBe('1x64x51x51');
  });

  it("SE-ResNeXt-101 is Cadene's SENet class with ResNeXt bottlenecks: 7x7 stem, grouped width, stride on the 3x3, 1x1 projections, no dropout", () => {
    const g = graph('se_resnext101_32x4d');
    expect(node(g, 'layer0.conv1').attrs.kernel).toEqual([7, 7]);
    expect(shape(node(g, 'layer1.0.conv1'))).toBe('1x128x56x56'); // floor(64 * 4 / 64) * 32
    expect(node(g, 'layer2.0.conv1').attrs.stride).toEqual([1, 1]);
    expect(node(g, 'layer2.0.conv2').attrs.stride).toEqual([2, 2]);
    expect(node(g, 'layer2.0.downsample.0').attrs.kernel).toEqual([1, 1]);
    expect(g.nodes.some((x) => x.op === 'dropout')).toBe(false);
    // The Bottleneck's one relu, called three times.
    expect(g.nodes.filter((x) => x.name.startsWith('layer1.0.relu')).map((x) => x.name)).toEqual(['layer1.0.relu', 'layer1.0.relu_1', 'layer1.0.relu_2']);
  });

  it("the senet family's SE-ResNet bottleneck strides on its first 1x1, as Cadene's SEResNetBottleneck", () => {
    const g = graph('senet154', { block: 'se_resnet', depth: '50', groups: 1, stem: '7x7', downsample: '1x1', dropout: 0 });
    expect(node(g, 'layer2.0.conv1').attrs.stride).toEqual([2, 2]);
    expect(node(g, 'layer2.0.conv2').attrs.stride).toEqual([1, 1]);
    expect(shape(node(g, 'layer1.0.conv2'))).toBe('1x64x56x56');
    // SE-ResNet-50 (Cadene senet.py se_resnet50): 28,088,024 parameters, the SENet paper's 28.1 M.
    expect(n(report('senet154', { set: { block: 'se_resnet', depth: '50', groups: 1, stem: '7x7', downsample: '1x1', dropout: 0 } }).totals.params)).toBe(28088024);
  });

  it('SE-VGG-16 inserts each SE block as the next features.i, as vgg16_bn inserts BN', () => {
    const g = graph('se_vgg16');
    expect(node(g, 'features.0').op).toBe('conv2d');
    expect(node(g, 'features.1').op).toBe('relu');
    expect(shape(node(g, 'features.2.fc1'))).toBe('1x4x1x1');
    expect(node(g, 'features.3').op).toBe('conv2d');
    expect(g.nodes.filter((x) => x.name.endsWith('.fc1'))).toHaveLength(13);
  });

  it.each([
    ['bn_inception', ['stem', 'inception_3a', 'inception_3b', 'inception_3c', 'inception_4a', 'inception_4b', 'inception_4c', 'inception_4d', 'inception_4e', 'inception_5a', 'inception_5b', 'head']],
    ['inception_resnet_v2', ['stem', 'mixed_5b', 'repeat', 'mixed_6a', 'repeat_1', 'mixed_7a', 'repeat_2', 'block8', 'head']],
    ['senet154', ['layer0', 'layer1', 'layer2', 'layer3', 'layer4', 'head']],
  ])('%s: one stage per module, so --by stage is meaningful', (name, stages) => {
    expect([...new Set(graph(name).nodes.map((x) => x.stage))]).toEqual(stages);
  });

  it('a flat concat names its layers beside it and gives its own name to the concatenation', () => {
    const m = seq({ block: concat({ a: seq({ left: conv(4, 1) }), b: seq({ right: conv(4, 1), right_relu: relu() }) }, { flat: true, after: { after_relu: relu() } }) });
    expect(buildGraph(m, [1, 3, 8, 8]).nodes.map((x) => x.name)).toEqual(['left', 'right', 'right_relu', 'block', 'after_relu']);
    // Unnamed, the concatenation is 'cat'; a name already taken in the scope gets a suffix, as any layer's does.
    const twice = seq([concat({ a: seq({ x: relu() }), b: seq({ y: relu() }) }, { flat: true }), concat({ a: seq({ x: relu() }), b: seq({ y: relu() }) }, { flat: true })]);
    expect(buildGraph(seq({ m: twice }), [1, 3, 8, 8]).nodes.map((x) => x.name)).toEqual(['m.x', 'm.y', 'm.0', 'm.x_1', 'm.y_1', 'm.1']);
  });

  it('refuses a scale factor that is not a finite number, naming the layer', () => {
    expect(() => buildGraph(seq({ block: seq({ scale: scaleBy(Number.NaN) }) }), [1, 3, 8, 8])).toThrow(FlopscopeError);
    expect(() => buildGraph(seq({ block: seq({ scale: scaleBy(Number.POSITIVE_INFINITY) }) }), [1, 3, 8, 8])).toThrow(/^layer 'block\.scale': attribute 'scalar' expects a finite number, received Infinity$/);
  });
});

// SENet Table 2 (224x224; Inception-ResNet-v2 at 299x299), GFLOPs within +-0.02 under the
// 'paper' convention: conv + linear MACs plus the SE channel-scale multiplies.
describe('SENet Table 2 under --convention paper', () => {
  const gflops = (name: string): number => n(report(name, { convention: 'paper' }).totals.flops) / 1e9;
  const residualAdds = (name: string): number => sum(report(name, { convention: 'flops' }), (l) => (l.op === 'add' ? l.work.add : 0)) / 1e9;

  it.each([
    ['vgg16', 15.47], ['se_vgg16', 15.48],
    ['bn_inception', 2.03], ['se_bn_inception', 2.04],
    ['se_resnext101_32x4d', 8.0],
  ])('%s ~ %f GFLOPs', (name, expected) => {
    expect(Math.abs(gflops(name) - expected)).toBeLessThanOrEqual(0.02);
  });

  it('ResNeXt-101 7.99 / 8.00 needs the residual adds counted, as ResNet-101 / 152 do (NUMBERS.md section 2)', () => {
    // conv + linear MACs alone are 7.970 G, 0.020003 under 7.99: just outside the tolerance.
    expect(gflops('resnext101_32x4d').toFixed(2)).toBe('7.97');
    expect(Math.abs(gflops('resnext101_32x4d') + residualAdds('resnext101_32x4d') - 7.99)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(gflops('se_resnext101_32x4d') + residualAdds('se_resnext101_32x4d') - 8.0)).toBeLessThanOrEqual(0.02);
  });

  it('Inception-ResNet-v2 11.75 / 11.76 is not reached: the reference network is 13.16 G at 299; SE adds its formula', () => {
    // Residual scaling multiplies a constant, not a channel gate: 'paper' does not count it.
    const base = report('inception_resnet_v2', { convention: 'paper' });
    expect(n(base.totals.flops)).toBe(n(base.totals.macs));
    expect(gflops('inception_resnet_v2').toFixed(2)).toBe('13.16');
    // SE on the 40 residual branches: two 1x1 FCs (C -> C/16 -> C, with biases) on a 1x1 map and
    // C*H*W scale multiplies per block; 10 blocks of 320 x 35^2, 20 of 1088 x 17^2, 10 of 2080 x 8^2.
    const blocks = [[10, 320, 35], [20, 1088, 17], [10, 2080, 8]];
    const seIncrease = blocks.reduce((s, [count, c, hw]) => s + count * (2 * c * (c / 16) + c * hw * hw), 0);
    const se = report('se_inception_resnet_v2', { convention: 'paper' });
    expect(n(se.totals.flops) - n(base.totals.flops)).toBe(seIncrease);
  });
});
