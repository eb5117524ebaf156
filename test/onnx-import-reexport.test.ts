// Re-exporting an imported model: every weighted fixture, imported and exported again with the
// file's own weights (export's default for an imported model), is a valid ONNX graph (each tensor
// name defined once, read only after it is defined: onnx.checker's SSA and ordering rules) and
// runs in onnxruntime to the output PyTorch computed for the original (expected.json).
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../src/api/export.js';
import { ONNX_PROTO } from '../src/onnx/schema.js';
import { EXPECTED, importFixture, patternInput, expectPytorchOutput } from './helpers/onnx.js';

interface Msg {
  graph: {
    node: { name: string; input: string[]; output: string[] }[];
    initializer: { name: string }[];
    input: { name: string }[];
    output: { name: string }[];
  };
}

const ModelProto = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');

/** The rules of onnx.checker that concern names: a list of every breach. */
function nameRuleBreaches(bytes: Uint8Array): string[] {
  const { graph } = ModelProto.toObject(ModelProto.decode(bytes), { arrays: true }) as Msg;
  const breaches: string[] = [];
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (defined.has(name)) breaches.push(`'${name}' (${what}) is defined twice`);
    defined.add(name);
  };
  for (const i of graph.input) define(i.name, 'graph input');
  for (const t of graph.initializer) define(t.name, 'initializer');
  const nodeNames = new Set<string>();
  for (const n of graph.node) {
    for (const x of n.input) if (x && !defined.has(x)) breaches.push(`node '${n.name}' reads '${x}' before it is defined`);
    for (const o of n.output) define(o, `output of node '${n.name}'`);
    if (nodeNames.has(n.name)) breaches.push(`node name '${n.name}' is used twice`);
    nodeNames.add(n.name);
  }
  for (const o of graph.output) if (!defined.has(o.name)) breaches.push(`graph output '${o.name}' is not defined`);
  return breaches;
}

const WEIGHTED = Object.entries(EXPECTED).filter(([k, e]) => e.kind !== 'bad' && e.check?.length && !k.startsWith('torchvision/')).map(([k]) => k);

describe('re-export of an imported model', () => {
  it('covers the fixtures that use an initializer as a plain value (a constant layer)', () => {
    for (const f of ['models/tiny_vit_op17.onnx', 'models/elementwise_op13.onnx', 'models/matmul_op17.onnx', 'models/shape_ops_op13.onnx']) expect(WEIGHTED).toContain(f);
  });

  it.each(WEIGHTED)('%s: valid names, runs in onnxruntime with the file\'s weights to PyTorch\'s output', async (file) => {
    const [check] = EXPECTED[file].check!;
    const shape = check.inputs[0].shape;
    const graph = await importFixture(file, { input: shape.join('x') });
    const { bytes } = await exportOnnx(graph);
    expect(nameRuleBreaches(bytes)).toEqual([]);
    const session = await ort.InferenceSession.create(bytes);
    const x = patternInput(shape);
    const out = (await session.run({ input: new ort.Tensor('float32', x.data, shape) }))[session.outputNames[0]];
    const want = check.outputs[0];
    expect([...out.dims]).toEqual(want.shape);
    const values = out.data as Float32Array;
    expectPytorchOutput(values, want);
  });
});
