// The DSL and the IR builder: names, shared weights, and errors that name the layer.
import { describe, expect, it } from 'vitest';
import { analyze, bn, buildGraph, concat, conv, defineArchitecture, defineFamily, flatten, globalAvgPool, layer, linear, maxpool, relu, residual, se, seq, shuffle, identity, makeDivisible, resolveOptions, type Module } from '../src/index.js';

describe('IR builder', () => {
  it('names layers by scope like torchvision and infers channels from the input', () => {
    const net = seq({
      stem: seq([conv(16, 3, { padding: 1, bias: false }), bn(), relu()]),
      block: residual({ conv1: conv(16, 3, { padding: 1 }), bn1: bn() }, { after: { relu: relu() } }),
      head: seq({ pool: globalAvgPool(), flatten: flatten(), fc: linear(10) }),
    });
    const g = buildGraph(net, [1, 3, 32, 32]);
    expect(g.nodes.map((n) => n.name)).toEqual(['stem.0', 'stem.1', 'stem.2', 'block.conv1', 'block.bn1', 'block.add', 'block.relu', 'head.pool', 'head.flatten', 'head.fc']);
    expect(g.nodes[3].params.find((p) => p.name === 'weight')?.shape).toEqual([16, 16, 3, 3]);
    expect(g.nodes.at(-1)?.outputShape).toEqual([1, 10]);
  });

  it('keeps names unique within a scope, also across containers that share it', () => {
    const block = residual({ conv: conv(4, 1), relu: relu() }, { shortcut: seq({ relu: relu(), add: identity() }), shortcutName: '', after: { relu: relu() } });
    const names = buildGraph(seq({ block }), [1, 4, 4, 4]).nodes.map((n) => n.name);
    expect(names).toEqual(['block.conv', 'block.relu', 'block.relu_1', 'block.add', 'block.add_1', 'block.relu_2']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names an unnamed layer after its op, so it cannot take a sibling\'s name', () => {
    const names = buildGraph(seq({ r: residual([seq({ '': relu() })], { after: [relu()] }) }), [1, 4, 4, 4]).nodes.map((n) => n.name);
    expect(names).toEqual(['r.0.relu', 'r.add', 'r.0']);
    expect(buildGraph(relu(), [1, 4, 4, 4]).nodes[0].name).toBe('relu');
  });

  it('refuses a name with a dot, which would break the hierarchy', () => {
    expect(() => buildGraph(seq({ 'layer1.0': relu() }), [1, 4, 4, 4])).toThrow(/layer 'layer1\.0'.*cannot contain '\.'/);
  });

  it('counts a reused layer\'s weights once (weights keyed by identity, not by call)', () => {
    const shared = conv(8, 3, { padding: 1, bias: false });
    const g = buildGraph(seq({ a: conv(8, 1, { bias: false }), b: shared, c: shared }), [1, 4, 8, 8]);
    const r = analyze(g);
    expect(r.totals.params).toBe(8 * 4 + 8 * 8 * 9);
    expect(r.totals.macs).toBe(64 * 8 * 4 + 2 * 64 * 8 * 8 * 9);
    expect(g.nodes[2].sharedParams).toBe(true);
  });

  it('splits channels, runs branches and concatenates (ShuffleNetV2 unit)', () => {
    const unit = seq({ unit: concat({ x1: identity(), branch2: seq([conv(8, 1), relu()]) }, { split: 2, after: { shuffle: shuffle(2) } }) });
    const g = buildGraph(unit, [1, 16, 4, 4]);
    expect(g.nodes.map((n) => `${n.name}:${n.op}`)).toEqual(['unit.chunk0:split', 'unit.x1:identity', 'unit.chunk1:split', 'unit.branch2.0:conv2d', 'unit.branch2.1:relu', 'unit.cat:concat', 'unit.shuffle:shuffle']);
    expect(g.nodes.at(-1)?.outputShape).toEqual([1, 16, 4, 4]);
  });

  it('SE squeezes to C/r channels and scales the input (params 2C^2/r + C/r + C)', () => {
    const c = 64;
    const g = buildGraph(seq({ se: se({ reduction: 16 }) }), [1, c, 7, 7]);
    expect(g.nodes.map((n) => n.name)).toEqual(['se.avgpool', 'se.fc1', 'se.relu', 'se.fc2', 'se.gate', 'se.scale']);
    const r = analyze(g, { convention: 'paper' });
    expect(r.totals.params).toBe(2 * c * (c / 16) + c / 16 + c);
    expect(r.totals.macs).toBe(2 * c * (c / 16));
    expect(r.totals.flops).toBe(2 * c * (c / 16) + c * 49);
    expect(g.nodes.every((n) => n.tags.includes('se'))).toBe(true);
  });

  it('makeDivisible matches torchvision (nearest multiple, never 10% below)', () => {
    expect(makeDivisible(240 / 4, 8)).toBe(64);
    expect(makeDivisible(16 / 4, 8)).toBe(8);
    expect(makeDivisible(72 / 4, 8)).toBe(24);
    expect(makeDivisible(11, 8)).toBe(16);
  });
});

describe('errors name the layer, what was received and what was expected', () => {
  const build = (m: Parameters<typeof buildGraph>[0], shape = [1, 3, 32, 32]) => () => buildGraph(m, shape);

  it('channel mismatch on a declared input', () => {
    expect(build(seq({ conv1: conv(8, 3), conv2: conv(8, 3, { in: 16 }) }))).toThrow(/layer 'conv2': expects 16 input channels, received 8/);
  });
  it('groups that do not divide the channels', () => {
    expect(build(seq({ features: seq([conv(10, 3, { groups: 5 }), conv(8, 3, { groups: 4 })]) }), [1, 5, 16, 16])).toThrow(/layer 'features\.1': groups=4 must divide the input channels, received 10 input channels/);
  });
  it('a residual whose branch changes the shape without a projection', () => {
    expect(build(seq({ block: residual({ conv1: conv(8, 3, { padding: 1 }) }) }))).toThrow(/layer 'block\.add'.*residual branch gives 1x8x32x32 but the shortcut gives 1x3x32x32; add a projection shortcut/);
  });
  it('an unknown op', () => {
    expect(build(seq({ head: seq({ norm: layer('layernorm2d', {}) }) }))).toThrow(/layer 'head\.norm': unknown op 'layernorm2d'/);
  });
  it('an input too small for a layer', () => {
    expect(build(seq({ c1: conv(8, 7, { stride: 2 }), c2: conv(8, 7, { stride: 2 }) }), [1, 3, 12, 12])).toThrow(/layer 'c2': input 1x8x3x3 is too small: output height would be -1/);
  });
  it('bad attributes, named by the layer path (not the constructor) when the graph is built', () => {
    const at = (m: Module) => build(seq({ blocks: seq([seq({ conv1: m })]) }));
    expect(at(conv(0, 3))).toThrow(/^layer 'blocks\.0\.conv1': attribute 'outChannels' expects a positive integer, received 0$/);
    expect(at(conv(8, 3, { groups: 3 }))).toThrow(/^layer 'blocks\.0\.conv1': groups=3 must divide the output channels/);
    expect(at(conv(8, 3, { stride: 2, padding: 'same' }))).toThrow(/^layer 'blocks\.0\.conv1': padding 'same' needs stride 1/);
    expect(at(conv(8, [3, 3, 3] as never))).toThrow(/^layer 'blocks\.0\.conv1': kernel takes 1 or 2 values, received 3$/);
    expect(at(conv(8, 3, { padding: [1, 1, 1] as never }))).toThrow(/^layer 'blocks\.0\.conv1': padding takes 1, 2 or 4 values, received 3$/);
    expect(at(conv(8, 3, { strides: 2 } as never))).toThrow(/^layer 'blocks\.0\.conv1': unknown conv option 'strides'; known options: stride, padding/);
    expect(at(maxpool([2, 2, 2] as never))).toThrow(/^layer 'blocks\.0\.conv1': kernel takes 1 or 2 values, received 3$/);
    expect(at(bn({ eps: NaN }))).toThrow(/^layer 'blocks\.0\.conv1': attribute 'eps' expects a number > 0, received NaN$/);
    expect(() => conv(0, 3)).not.toThrow();
  });
  it('layer(op, attrs): a scalar for a pair, a missing attribute, a wrong tuple length or an unknown key name the attribute', () => {
    const at = (m: Module) => build(seq({ head: m }));
    const base = { outChannels: 8, kernel: [3, 3], stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1, bias: false };
    expect(at(layer('conv2d', { ...base, kernel: 3 }))).toThrow(/^layer 'head': attribute 'kernel' expects 2 positive integers, received 3$/);
    expect(at(layer('conv2d', { ...base, stride: undefined }))).toThrow(/^layer 'head': attribute 'stride' is missing: expects 2 positive integers$/);
    expect(at(layer('conv2d', { ...base, padding: [1, 1] }))).toThrow(/^layer 'head': attribute 'padding' expects 4 non-negative integers, received \[1, 1\] \(2 values\)$/);
    expect(at(layer('conv2d', { ...base, dilations: [1, 1] }))).toThrow(/^layer 'head': unknown attribute 'dilations'; known attributes: outChannels, kernel/);
    expect(at(layer('relu', { inplace: true }))).toThrow(/^layer 'head': unknown attribute 'inplace'; this op takes no attributes$/);
    expect(build(seq({ head: layer('conv2d', base) }))).not.toThrow();
  });
  it('an SE reduction larger than the channels', () => {
    expect(build(seq({ layer1: seq([seq({ se: se({ reduction: 64 }) })]) }), [1, 32, 8, 8])).toThrow(/layer 'layer1\.0\.se\.fc1': reduction 64 leaves no channels: 32 channels \/ 64 < 1/);
  });
});

describe('families and options', () => {
  const family = defineFamily({
    name: 'tiny',
    doc: 'test family',
    options: {
      width: { type: 'int', default: 8, min: 1, doc: 'channels' },
      act: { type: 'enum', values: ['relu', 'none'], default: 'relu', doc: 'activation' },
      stages: { type: 'intList', default: [1, 2], min: 1, max: 3, doc: 'stages' },
    },
    build: (o) => seq({ conv: conv(o.width, 3), ...(o.act === 'relu' ? { relu: relu() } : {}) }),
  });
  const arch = defineArchitecture({ name: 'tiny8', description: 'tiny', family });

  it('resolves defaults, the entry\'s options and --set strings', () => {
    expect(resolveOptions(arch, { width: '16', stages: '1,3' })).toEqual({ width: 16, act: 'relu', stages: [1, 3] });
    expect(resolveOptions(arch, { stages: 'none' }).stages).toEqual([]);
  });
  it('refuses unknown keys (listing the valid ones) and bad values', () => {
    expect(() => resolveOptions(arch, { depth: '3' })).toThrow(/unknown option 'depth' for tiny8 \(family tiny\); valid options: width, act, stages/);
    expect(() => resolveOptions(arch, { width: 'wide' })).toThrow(/option 'width' expects an integer, received "wide"/);
    expect(() => resolveOptions(arch, { act: 'gelu' })).toThrow(/option 'act' expects relu\|none, received "gelu"/);
    expect(() => resolveOptions(arch, { stages: '1,5' })).toThrow(/option 'stages' must be between 1 and 3/);
  });
});
