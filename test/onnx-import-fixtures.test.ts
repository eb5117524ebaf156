// Every small fixture (PyTorch exports and hand-made graphs, opsets 11 to 17, BN folded and
// preserved, dynamic axes, external data, shape subgraphs): MACs, params, buffers and output shapes
// against what PyTorch measured on the module it was exported from (expected.json); dynamic
// exports at other sizes through --input and through their symbolic totals; and the reference
// kernels, reading the file's own weights, reproduce PyTorch's outputs.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/cost/analyze.js';
import { fileWeights } from '../src/ir/weights.js';
import { referenceBackend } from '../src/exec/reference.js';
import { isSymbolic, type Dim } from '../src/shape/dim.js';
import { EXPECTED, graphParams, importFixture, patternInput, expectPytorchOutput } from './helpers/onnx.js';

const SMALL = Object.entries(EXPECTED).filter(([, e]) => e.kind !== 'bad' && e.inputs?.length).map(([k]) => k).filter((k) => !k.startsWith('torchvision/'));
const outputShape = (g: Awaited<ReturnType<typeof importFixture>>) => g.nodes[g.output].outputShape.map(String);
const at = (d: Dim, env: Record<string, number>): number => (isSymbolic(d) ? Number(d.evaluate(env)) : Number(d));

describe('ONNX fixtures: counts equal PyTorch\'s', () => {
  it('cover opsets 11, 13 and 17, dynamic axes, external data, BN folded and preserved, hand-made graphs', () => {
    const files = SMALL.join(' ');
    for (const part of ['op11', 'op13', 'op17', '_dynamic', '_extdata', 'bnfolded', 'bnpreserved', 'defaultinit', 'handmade/']) expect(files).toContain(part);
  });

  it.each(SMALL)('%s', async (file) => {
    const e = EXPECTED[file];
    const input = e.inputs[0].shape.join('x');
    const g = await importFixture(file, { input });
    const r = analyze(g);
    expect(Number(r.totals.macs)).toBe(e.macs.total);
    expect(Number(r.totals.params)).toBe(graphParams(e));
    expect(Number(r.totals.buffers)).toBe(e.bn_folded ? 0 : e.buffers);
    expect(outputShape(g)).toEqual(e.outputs[0].shape.map(String));
  });
});

describe('ONNX fixtures: dynamic axes', () => {
  const DYNAMIC = SMALL.filter((k) => EXPECTED[k].bindings?.length);

  it('there are dynamic exports with bindings', () => expect(DYNAMIC.length).toBeGreaterThanOrEqual(4));

  it.each(DYNAMIC)('%s: symbolic totals, and --input at other sizes, give PyTorch\'s MACs there', async (file) => {
    const e = EXPECTED[file];
    const symbolic = await importFixture(file);
    const totals = analyze(symbolic).totals;
    expect(isSymbolic(totals.macs)).toBe(true);
    const names = symbolic.input.map((d) => (isSymbolic(d) ? d.toString() : undefined));
    for (const b of [{ inputs: e.inputs, outputs: e.outputs, macs: e.macs }, ...e.bindings!]) {
      const shape = b.inputs[0].shape;
      const env = Object.fromEntries(names.flatMap((n, i) => (n ? [[n, shape[i]]] : [])));
      expect(at(totals.macs, env)).toBe(b.macs.total);
      expect(symbolic.nodes[symbolic.output].outputShape.map((d) => at(d, env))).toEqual(b.outputs[0].shape);
      const bound = await importFixture(file, { input: shape.join('x') });
      expect(Number(analyze(bound).totals.macs)).toBe(b.macs.total);
      expect(outputShape(bound)).toEqual(b.outputs[0].shape.map(String));
    }
  });
});

describe('ONNX fixtures: the file\'s weights through the reference kernels', () => {
  const WEIGHTED = SMALL.filter((k) => EXPECTED[k].check?.length);

  it.each(WEIGHTED)('%s reproduces PyTorch\'s output', async (file) => {
    const e = EXPECTED[file];
    const [check] = e.check!;
    const g = await importFixture(file, { input: check.inputs[0].shape.join('x') });
    const model = await referenceBackend.prepare(g, fileWeights(await g.origin!.weights()));
    const run = await model.run(patternInput(check.inputs[0].shape), { keepValues: true });
    const out = run.layers[g.output].values!;
    const want = check.outputs[0];
    expect([...run.layers[g.output].shape]).toEqual(want.shape);
    expectPytorchOutput(out, want);
  });
});
