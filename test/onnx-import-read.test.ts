// Reading ONNX files: the scanner leaves weights in the file (a few kilobytes read of megabytes)
// and gives the graph a full decode gives; weights read back later are the exported ones, bit for
// bit, whichever field holds them; a file cut short anywhere is one error line, never a crash.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/cost/analyze.js';
import { bn, conv, flatten, globalAvgPool, linear, relu, seq } from '../src/dsl/index.js';
import { FlopscopeError } from '../src/errors.js';
import { buildGraph } from '../src/ir/build.js';
import { fileWeights, seededWeights } from '../src/ir/weights.js';
import { exportOnnx } from '../src/onnx/export.js';
import { loadOnnx, onnxGraph, readOnnx } from '../src/onnx/import/index.js';
import { scanModel } from '../src/onnx/import/scan.js';
import { ONNX_PROTO } from '../src/onnx/schema.js';
import { parseInputShape } from '../src/shape/input.js';
import { fixture } from './helpers/onnx.js';

const dir = mkdtempSync(join(tmpdir(), 'flopscope-onnx-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A few large layers: about 5 MB of weights. */
const model = seq({ stem: conv(128, 3, { padding: 1, bias: false }), bn: bn(), act: relu(), body: conv(256, 3, { padding: 1 }), pool: globalAvgPool(), flat: flatten(), fc: linear(1000) });
const graph = buildGraph(model, parseInputShape('1x3x32x32'), 'wide');
const seeded = seededWeights(7);

describe('the file scanner', () => {
  it('reads the graph and dims but not the weights', async () => {
    const { bytes } = await exportOnnx(graph, { weights: seeded });
    const file = join(dir, 'wide.onnx');
    writeFileSync(file, bytes);
    const scanned = await scanModel(file, 'wide.onnx');
    expect(scanned.size).toBe(bytes.length);
    // The first 64 KB chunk, then a few kilobytes per tensor header: not the 2 MB of weights.
    expect(bytes.length).toBeGreaterThan(2_000_000);
    expect(scanned.bytesRead).toBeLessThan(100_000);
    const fromFile = analyze(await loadOnnx(file));
    const fromBytes = analyze(await loadOnnx(bytes, { name: 'wide.onnx' }));
    expect(fromFile.totals).toEqual(fromBytes.totals);
    expect(fromFile.layers.map((l) => l.name)).toEqual(graph.nodes.map((n) => n.name));
    expect(fromFile.totals.params).toEqual(analyze(graph).totals.params);
  });

  it('weights read back from the file are the exported ones, bit for bit', async () => {
    const file = join(dir, 'wide.onnx');
    const imported = await loadOnnx(file);
    const weights = fileWeights(await imported.origin!.weights());
    for (const node of graph.nodes) {
      for (const p of node.params) {
        const back = imported.nodes.find((n) => n.name === node.name)!.params.find((q) => q.name === p.name)!;
        expect(Buffer.from(weights.get(back).values.buffer).equals(Buffer.from(seeded.get(p).values.buffer)), `${node.name}.${p.name}`).toBe(true);
      }
    }
  });

  it('a file cut short anywhere is one error, from a path or from bytes', async () => {
    const bytes = readFileSync(fixture('models/tiny_resnet_op13_bnpreserved.onnx'));
    for (let i = 1; i < 20; i++) {
      const cut = bytes.subarray(0, Math.floor((bytes.length * i) / 20));
      const file = join(dir, `cut${i}.onnx`);
      writeFileSync(file, cut);
      for (const source of [file, cut]) {
        // A cut that falls between fields can leave a smaller valid message; it must then fail on
        // what it lacks when its graph is built.
        const error = await readOnnx(source).then((model) => void onnxGraph(model)).catch((e: unknown) => e);
        expect(error, `cut ${i}/20 ${typeof source === 'string' ? 'file' : 'bytes'}`).toBeInstanceOf(FlopscopeError);
        expect((error as Error).message).not.toMatch(/\n/);
      }
    }
  });

  it('weights stored as float_data (not raw_data) are read from the file too', async () => {
    const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
    const Model = root.lookupType('onnx.ModelProto');
    const w = Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => Math.fround(Math.sin(i)));
    const msg = Model.fromObject({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        node: [{ name: 'conv', op_type: 'Conv', input: ['x', 'w'], output: ['y'], attribute: [{ name: 'kernel_shape', type: 7, ints: [3, 3] }] }],
        initializer: [{ name: 'w', dims: [4, 3, 3, 3], data_type: 1, float_data: w }],
        input: [{ name: 'x', type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_value: 1 }, { dim_value: 3 }, { dim_value: 8 }, { dim_value: 8 }] } } } }],
        output: [{ name: 'y' }],
      },
    });
    const file = join(dir, 'float-data.onnx');
    writeFileSync(file, Model.encode(msg).finish());
    const g = await loadOnnx(file);
    expect(Number(analyze(g).totals.macs)).toBe(4 * 6 * 6 * 3 * 9);
    const values = (await g.origin!.weights())(g.nodes[0].params[0]);
    expect(Array.from(values)).toEqual(w);
  });

  it('a model given as bytes whose tensors live in an external file asks for its path', async () => {
    const bytes = readFileSync(fixture('models/tiny_resnet_op13_bnfolded_extdata.onnx'));
    await expect(loadOnnx(bytes)).rejects.toThrow(/keeps its data in the external file .*load the model from its path/);
    const withDir = await loadOnnx(bytes, { baseDir: fixture('models') });
    expect(withDir.nodes.length).toBeGreaterThan(0);
  });
});
