// The ONNX exporter: a valid ModelProto (decoded back with the schema), names, dim_params,
// initializers (BN running stats as buffers), and symbolic models that onnxruntime runs at any size.
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import * as ort from 'onnxruntime-node';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';
import { analyze } from '../src/cost/analyze.js';
import { exportOnnx } from '../src/onnx/export.js';
import { ONNX_PROTO } from '../src/onnx/schema.js';
import { seededWeights } from '../src/ir/weights.js';

interface Decoded {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  graph: {
    node: { name: string; op_type: string; input: string[]; output: string[] }[];
    initializer: { name: string; dims: number[] }[];
    input: { name: string; type: { tensor_type: { shape: { dim: { dim_value?: number; dim_param?: string }[] } } } }[];
    output: { name: string }[];
  };
}

function decode(bytes: Uint8Array): Decoded {
  const type = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: true }) as Decoded;
}

describe('ONNX export', () => {
  it('se_resnet50 with Nx3xHxW: opset >= 13, dim_params, node names are layer names', async () => {
    const graph = buildArchitecture(zooArchitecture('se_resnet50'), { input: 'Nx3xHxW' });
    const exported = await exportOnnx(graph, { weights: seededWeights(0, 'zeros') });
    const m = decode(exported.bytes);
    expect(m.producer_name).toBe('flopscope');
    expect(m.opset_import[0].version).toBeGreaterThanOrEqual(13);
    expect(m.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'N' }, { dim_value: 3 }, { dim_param: 'H' }, { dim_param: 'W' }]);
    // Every layer is one node of the same name (no op in this model needs helper nodes).
    expect(m.graph.node.map((n) => n.name)).toEqual(graph.nodes.map((n) => n.name));
    expect(m.graph.node.every((n) => n.output.length === 1 && n.output[0] === n.name)).toBe(true);
    expect(m.graph.output.map((o) => o.name)).toEqual(['fc']);
    // Initializers: learned params plus BN running stats, which the cost model counts as buffers.
    const report = analyze(graph);
    const elements = (names: string[]) => m.graph.initializer.filter((t) => names.some((s) => t.name.endsWith(s))).reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
    const buffers = elements(['.running_mean', '.running_var']);
    const all = m.graph.initializer.reduce((s, t) => s + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(buffers).toBe(report.totals.buffers);
    expect(all - buffers).toBe(report.totals.params);
    expect(all - buffers).toBe(28_088_024); // NUMBERS.md §1, se_resnet50 params
  });

  it('the symbolic model runs in onnxruntime at two batch sizes and resolutions', async () => {
    const graph = buildArchitecture(zooArchitecture('resnet18'), { input: 'Nx3xHxW' });
    const session = await ort.InferenceSession.create((await exportOnnx(graph, { weights: seededWeights(1) })).bytes);
    for (const [n, h, w] of [[1, 32, 32], [2, 48, 40]]) {
      const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(n * 3 * h * w).fill(0.5), [n, 3, h, w]) });
      expect(out.fc.dims).toEqual([n, 1000]);
    }
  });

  it('helper nodes are named layer/suffix, the layer node carries the layer name (shuffle, relu6, split, silu)', async () => {
    const { seq, layer, conv } = await import('../src/dsl/index.js');
    const { buildGraph } = await import('../src/ir/build.js');
    const { parseInputShape } = await import('../src/shape/input.js');
    const model = seq({ conv: conv(6, 1), shuffle: layer('shuffle', { groups: 3 }), clip: layer('relu6'), half: layer('split', { chunks: 2, index: 1 }), act: layer('silu') });
    const graph = buildGraph(model, parseInputShape('Nx4xHxW'), 'helpers');
    const exported = await exportOnnx(graph, { weights: seededWeights(0) });
    const names = decode(exported.bytes).graph.node.map((n) => n.name);
    expect(names).toEqual(['conv', 'shuffle/shape', 'shuffle/reshape', 'shuffle/transpose', 'shuffle', 'clip', 'half', 'act/sigmoid', 'act']);
    const session = await ort.InferenceSession.create(exported.bytes);
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(2 * 4 * 5 * 3).fill(1), [2, 4, 5, 3]) });
    expect(out.act.dims).toEqual([2, 3, 5, 3]);
  });
});
