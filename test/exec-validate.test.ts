// validate on the whole zoo (both backends) and on deliberately wrong cost formulas.
import { describe, expect, it } from 'vitest';
import { ZOO } from '../architectures/index.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { getOp } from '../src/ops/catalogue.js';
import type { OpDef, ParamSpec } from '../src/ops/types.js';
import { mul, product } from '../src/shape/dim.js';
import { validateGraph } from '../src/exec/validate.js';

const SMALL = '1x3x64x64';
/**
 * Inception-ResNet-v2's unpadded convolutions need at least 75x75 to leave a 1x1 map; the
 * heaviest of the later models run at 32x32 (every layer still runs) to keep this test cheap.
 */
const SMALLEST: Readonly<Record<string, string>> = {
  inception_resnet_v2: '1x3x75x75', se_inception_resnet_v2: '1x3x75x75',
  resnext101_32x4d: '1x3x32x32', se_resnext101_32x4d: '1x3x32x32', senet154: '1x3x32x32', se_vgg16: '1x3x32x32',
};

describe('validate passes on every zoo model at 1x3x64x64 (or the input below) with both backends', () => {
  it.each(ZOO.map((a) => [a.name]))('%s', async (name) => {
    const graph = buildArchitecture(zooArchitecture(name), { input: SMALLEST[name] ?? SMALL });
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'] });
    const failed = result.checks.filter((c) => !c.ok).map((c) => ({ ...c, mismatches: c.mismatches.slice(0, 5) }));
    expect(failed).toEqual([]);
    expect(result.checks.every((c) => c.layers === graph.nodes.length)).toBe(true);
  }, 120_000);
});

describe('symbolic inputs are refused for export where ONNX cannot express the layer', () => {
  it('vgg16 at Nx3xHxW: adaptive pooling needs concrete sizes', async () => {
    const graph = buildArchitecture(zooArchitecture('vgg16'), { input: 'Nx3xHxW' });
    const { exportOnnx } = await import('../src/onnx/export.js');
    const { seededWeights } = await import('../src/ir/weights.js');
    await expect(exportOnnx(graph, { weights: seededWeights(0) })).rejects.toThrow(/layer 'avgpool'.*input size is symbolic/);
  });
});

describe('validate catches a wrong formula', () => {
  // Same definitions, with one rule replaced: what a plausible bug in src/ops would look like.
  const withRule = (op: string, rule: Partial<OpDef<any>>) => (name: string, layer: string) => {
    const def = getOp(name, layer);
    return name === op ? { ...def, ...rule } : def;
  };

  it('conv MACs that forget groups fail exactly on the grouped convolutions', async () => {
    const graph = buildArchitecture(zooArchitecture('resnext50_32x4d'), { input: '1x3x32x32' });
    const forgetGroups = withRule('conv2d', {
      macs: ([x], out, a) => mul(product(out), (x[1] as number) * a.kernel[0] * a.kernel[1]),
    });
    const result = await validateGraph(graph, { backends: ['reference'], opDef: forgetGroups });
    expect(result.ok).toBe(false);
    const counts = result.checks.find((c) => c.kind === 'counts')!;
    const grouped = graph.nodes.filter((n) => n.op === 'conv2d' && (n.attrs.groups as number) > 1).map((n) => n.name);
    expect(grouped.length).toBe(16);
    expect(counts.mismatches.map((m) => m.layer)).toEqual(grouped);
    expect(counts.mismatches.every((m) => m.what === 'macs' && Number(m.expected) === 32 * Number(m.observed))).toBe(true);
    // Shapes and params were not touched by the bug.
    expect(result.checks.filter((c) => c.kind !== 'counts').every((c) => c.ok)).toBe(true);
  }, 60_000);

  it('a batch norm counted as one operation per element fails on every BN layer', async () => {
    const graph = buildArchitecture(zooArchitecture('resnet18'), { input: '1x3x32x32' });
    const oneOp = withRule('batchnorm', { work: (_i, out) => ({ mul: product(out) }) });
    const result = await validateGraph(graph, { backends: ['reference'], opDef: oneOp });
    const counts = result.checks.find((c) => c.kind === 'counts')!;
    const bns = graph.nodes.filter((n) => n.op === 'batchnorm').map((n) => n.name);
    expect(counts.mismatches.map((m) => m.layer)).toEqual(bns);
    expect(new Set(counts.mismatches.map((m) => m.what))).toEqual(new Set(['add']));
  }, 60_000);

  it('BN running statistics counted as parameters fail the params check on both backends', async () => {
    const graph = buildArchitecture(zooArchitecture('resnet18'), { input: '1x3x32x32' });
    const statsAsParams = withRule('batchnorm', {
      params: (inputs, a) => getOp('batchnorm').params(inputs, a).map((p: ParamSpec) => ({ ...p, role: 'weight' as const })),
    });
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'], opDef: statsAsParams });
    for (const backend of ['reference', 'onnxruntime']) {
      const params = result.checks.find((c) => c.backend === backend && c.kind === 'params')!;
      expect(params.ok).toBe(false);
      expect(params.mismatches.length).toBe(2 * graph.nodes.filter((n) => n.op === 'batchnorm').length);
    }
    expect(result.checks.find((c) => c.kind === 'outputs')!.ok).toBe(true);
  }, 60_000);

  it('a wrong shape rule (pooling without ceil) fails the shape check on both backends', async () => {
    const graph = buildArchitecture(zooArchitecture('resnet18'), { input: '1x3x33x33' });
    const floorOnly = withRule('maxpool', {
      outputShape: ([x], a) => [x[0], x[1], Math.floor(((x[2] as number) + 2 - a.kernel[0]) / a.stride[0]), Math.floor(((x[3] as number) + 2 - a.kernel[1]) / a.stride[1])],
    });
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'], opDef: floorOnly });
    for (const backend of ['reference', 'onnxruntime']) {
      const shapes = result.checks.find((c) => c.backend === backend && c.kind === 'shapes')!;
      expect(shapes.mismatches).toEqual([{ layer: 'maxpool', what: 'shape', expected: '1x64x8x8', observed: '1x64x9x9' }]);
    }
  }, 60_000);
});

describe('weights made once per backend', () => {
  it('a store that keeps nothing gives the same values again, and names a shared weight asked for in another shape', async () => {
    const { seededWeights } = await import('../src/ir/weights.js');
    const param = { key: 'fc.weight', shape: [4, 3], init: { kind: 'uniform', fanIn: 3 } } as unknown as Parameters<ReturnType<typeof seededWeights>['get']>[0];
    const kept = seededWeights(7);
    const fresh = seededWeights(7, 'random', { retain: false });
    const a = fresh.get(param);
    const b = fresh.get(param);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.values).not.toBe(a.values); // made again, not kept
    expect([...b.values]).toEqual([...a.values]);
    expect([...kept.get(param).values]).toEqual([...a.values]);
    expect(kept.get(param).values).toBe(kept.get(param).values); // kept
    expect(() => fresh.get({ ...param, shape: [3, 4] })).toThrow(/weight 'fc.weight' is shared but requested as 3x4 after 4x3/);
  });

  it('checks come in the order the backends were asked for, whichever ran first', async () => {
    const graph = buildArchitecture(zooArchitecture('resnet18'), { input: '1x3x32x32' });
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'] });
    expect(result.checks.map((c) => `${c.backend}:${c.kind}`)).toEqual(['reference:shapes', 'reference:params', 'reference:counts', 'onnxruntime:shapes', 'onnxruntime:params', 'onnxruntime:outputs']);
    expect(Object.keys(result.runMs)).toEqual(['reference', 'onnxruntime']);
  }, 60_000);
});
