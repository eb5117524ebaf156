// The importer's parts on their own: PyTorch scope paths to module paths, final layer names,
// symbol names, and the folding of shape subgraphs with symbolic sizes (what ShuffleNetV2's
// channel shuffle, ViT's class token and F.pad export to).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlopscopeError } from '../src/errors.js';
import { Poly } from '../src/shape/expr.js';
import { Attributes } from '../src/onnx/import/attributes.js';
import { foldNode } from '../src/onnx/import/fold/index.js';
import { symbolName } from '../src/onnx/import/input.js';
import { assignNames, pytorchScope, scopeOf } from '../src/onnx/import/names.js';
import type { AttributeMsg, NodeMsg } from '../src/onnx/import/proto.js';
import { compareDims, divideExact, resolveReshape } from '../src/onnx/import/shape-math.js';
import { Constant, type Value } from '../src/onnx/import/values.js';
import { onnxModel } from './helpers/onnx.js';

const N = Poly.symbol('N');
const H = Poly.symbol('H');
const W = Poly.symbol('W');
const INT64 = 7;
const FLOAT = 1;
const INT64_MAX = 2 ** 63;

function attr(name: string, v: number | number[] | string): AttributeMsg {
  const base = { name, f: 0, i: 0, s: new Uint8Array(), floats: [], ints: [], strings: [], graphs: [], ref_attr_name: '' };
  if (typeof v === 'string') return { ...base, type: 3, s: Buffer.from(v) };
  if (Array.isArray(v)) return { ...base, type: 7, ints: v };
  return { ...base, type: Number.isInteger(v) ? 2 : 1, i: v, f: v };
}

/** Folds one node: op type, inputs (values), attributes. */
function fold(op: string, inputs: (Value | undefined)[], attrs: AttributeMsg[] = [], opset = 17): Constant[] | undefined {
  const node: NodeMsg = { name: `/${op}`, op_type: op, domain: '', input: inputs.map((_, i) => `in${i}`), output: ['out'], attribute: attrs };
  return foldNode({ node, attrs: new Attributes(node), opset, inputs, label: node.name, tensorConstant: () => undefined });
}

const ints = (values: (number | Poly)[], dims = [values.length]) => new Constant(INT64, dims, values, undefined, undefined, true);
const floats = (values: number[], dims = [values.length]) => new Constant(FLOAT, dims, values, undefined, undefined, true);
const act = (shape: (number | Poly)[]): Value => ({ kind: 'act', id: 0, shape });
const values = (c: Constant[] | undefined) => Array.from(c![0].values() as ArrayLike<unknown>, String);

describe('names', () => {
  it('PyTorch scope paths are state-dict module paths', () => {
    expect(pytorchScope('/layer1/layer1.0/conv1/Conv')).toEqual({ module: 'layer1.0.conv1', op: 'Conv' });
    expect(pytorchScope('/layer1/layer1.0/downsample/downsample.0/Conv')).toEqual({ module: 'layer1.0.downsample.0', op: 'Conv' });
    expect(pytorchScope('/features/features.1/features.1.0/block/block.0/block.0.2/Sigmoid')?.module).toBe('features.1.0.block.0.2');
    expect(pytorchScope('/encoder/layers/encoder_layer_0/self_attention/MatMul_2')).toEqual({ module: 'encoder.layers.encoder_layer_0.self_attention', op: 'MatMul_2' });
    expect(pytorchScope('/Flatten')).toEqual({ module: '', op: 'Flatten' });
    expect(pytorchScope('Identity_0')).toBeUndefined();
  });

  it('a lone node is named after its module; functional ops and several nodes of one module get the op', () => {
    const names = assignNames([
      { scope: scopeOf('/layer1/layer1.0/conv1/Conv', 'Conv'), group: 0 },
      { scope: scopeOf('/layer1/layer1.0/relu/Relu', 'Relu'), group: 1 },
      { scope: scopeOf('/layer1/layer1.0/Add', 'Add'), group: 2 },
      { scope: scopeOf('/layer1/layer1.0/relu_1/Relu', 'Relu'), group: 3 },
      { scope: scopeOf('/fc/MatMul', 'MatMul'), group: 4 },
      { scope: scopeOf('/fc/Add', 'Add'), group: 5 },
      { scope: scopeOf('/Flatten', 'Flatten'), group: 6 },
      { scope: scopeOf('/Split', 'Split'), group: 7, part: 0 },
      { scope: scopeOf('/Split', 'Split'), group: 7, part: 1 },
      { scope: scopeOf('', 'Relu'), group: 8 },
      { scope: scopeOf('', 'Relu'), group: 9 },
      { scope: scopeOf('stage2.0.shuffle', 'Reshape'), group: 10 },
      { scope: scopeOf('model/conv:0', 'Conv'), group: 11 },
    ]);
    expect(names).toEqual([
      'layer1.0.conv1', 'layer1.0.relu', 'layer1.0.add', 'layer1.0.relu_1', 'fc.matmul', 'fc.add', 'flatten', 'split.0', 'split.1',
      'relu', 'relu_1', 'stage2.0.shuffle', 'model.conv.0',
    ]);
  });

  it('dim_params become symbol names formulas can print', () => {
    expect(symbolName('batch')).toBe('batch');
    expect(symbolName('batch size')).toBe('batch_size');
    expect(symbolName('2x')).toBe('dim_2x');
    expect(symbolName('_n')).toBe('dim__n');
    expect(symbolName('unk__1')).toBe('unk__1');
  });
});

describe('sizes that may be symbolic', () => {
  it('divides products exactly, cancelling symbols', () => {
    expect(divideExact([N, 512, 1, 1], [N])).toBe(512);
    expect((divideExact([N, 512, H, W], [512]) as Poly).equals(N.mul(H).mul(W))).toBe(true);
    expect(divideExact([N, 3], [2])).toBeUndefined();
    expect(String(divideExact([Poly.constant(4).mul(H)], [2]))).toBe('2 * H');
    expect(divideExact([12], [5])).toBeUndefined();
  });

  it('compares sizes only where every positive value agrees', () => {
    expect(compareDims(N, -1)).toBe(1);
    expect(compareDims(N, N)).toBe(0);
    expect(compareDims(N.add(Poly.constant(1)), N)).toBe(1);
    expect(compareDims(N, 7)).toBeUndefined();
  });

  it('resolves Reshape targets: 0 copies, -1 takes the rest', () => {
    expect(resolveReshape([N, 512, 1, 1], [N, -1], false, 'x').map(String)).toEqual(['N', '512']);
    expect(resolveReshape([N, 116, H, W], [0, 2, 58, H, W], false, 'x').map(String)).toEqual(['N', '2', '58', 'H', 'W']);
    expect(() => resolveReshape([N, 3, H, W], [N, -1, 7], false, 'x')).toThrow(FlopscopeError);
  });
});

describe('folding shape subgraphs', () => {
  it('x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat keeps N symbolic', () => {
    const shape = fold('Shape', [act([N, 512, 1, 1])]);
    expect(values(shape)).toEqual(['N', '512', '1', '1']);
    const n = fold('Gather', [shape![0], ints([0], [])], [attr('axis', 0)]);
    expect(n![0].dims).toEqual([]);
    const un = fold('Unsqueeze', [n![0], ints([0])]);
    expect(un![0].dims).toEqual([1]);
    const target = fold('Concat', [un![0], ints([-1])], [attr('axis', 0)]);
    expect(values(target)).toEqual(['N', '-1']);
  });

  it('Shape honours start and end (opset 15)', () => {
    expect(values(fold('Shape', [act([N, 3, H, W])], [attr('start', 2)]))).toEqual(['H', 'W']);
    expect(values(fold('Shape', [act([N, 3, H, W])], [attr('start', 1), attr('end', -1)]))).toEqual(['3', 'H']);
  });

  it('channels_per_group = C // groups and chunk bounds: integer Div, Add, Mul on sizes', () => {
    expect(values(fold('Div', [ints([116], []), ints([2], [])]))).toEqual(['58']);
    expect(values(fold('Div', [ints([H], []), ints([2], [])]))).toEqual(['floor(H / 2)']);
    expect(values(fold('Mul', [fold('Div', [fold('Add', [ints([H], []), ints([1], [])])![0], ints([2], [])])![0], ints([1], [])]))).toEqual(['floor((H + 1) / 2)']);
    expect(values(fold('Div', [ints([-7], []), ints([2], [])]))).toEqual(['-3']); // truncation, as ONNX integer Div
  });

  it('t.expand(n, -1, -1): ConstantOfShape, Equal, Where on a symbolic shape', () => {
    const shape = ints([N, -1, -1]);
    const ones = fold('ConstantOfShape', [ints([3])]);
    expect(values(ones)).toEqual(['0', '0', '0']); // no value attribute: zeros
    const minus = ints([-1, -1, -1]);
    const eq = fold('Equal', [shape, minus]);
    expect(values(eq)).toEqual(['0', '1', '1']);
    const where = fold('Where', [eq![0], ints([1, 1, 1]), shape]);
    expect(values(where)).toEqual(['N', '1', '1']);
    const expanded = fold('Expand', [ints([5], [1]), ints([2, 3])]);
    expect(values(expanded)).toEqual(['5', '5', '5', '5', '5', '5']);
    expect(expanded![0].dims).toEqual([2, 3]);
  });

  it('a comparison that depends on a symbol is refused with a hint to give sizes', () => {
    expect(() => fold('Equal', [ints([N], []), ints([7], [])])).toThrow(/symbolic sizes; give concrete sizes with --input/);
  });

  it('Range, Cast, Slice with a negative step (the pads subgraph of F.pad)', () => {
    expect(values(fold('Range', [ints([0], []), ints([10], []), ints([3], [])]))).toEqual(['0', '3', '6', '9']);
    expect(values(fold('Cast', [floats([2.7, -2.7])], [attr('to', INT64)]))).toEqual(['2', '-2']);
    // [[l, r], [t, b], [0, 0], [0, 0]] read bottom-up: PyTorch's pads order reversed into ONNX's.
    const pairs = ints([1, 2, 3, 4, 0, 0, 0, 0], [4, 2]);
    const reversed = fold('Slice', [pairs, ints([-1]), ints([-INT64_MAX]), ints([0]), ints([-1])]);
    expect(reversed![0].dims).toEqual([4, 2]);
    expect(values(reversed)).toEqual(['0', '0', '0', '0', '3', '4', '1', '2']);
    const t = fold('Transpose', [reversed![0]], [attr('perm', [1, 0])]);
    expect(values(t)).toEqual(['0', '0', '3', '1', '0', '0', '4', '2']);
  });

  it('an Identity of an initializer is a parameter of its own (PyTorch deduplicates equal tensors)', () => {
    const init = new Constant(FLOAT, [64], undefined, undefined, { key: 'layer1.0.bn1.weight', initializer: true }, false);
    const node: NodeMsg = { name: 'Identity_3', op_type: 'Identity', domain: '', input: ['layer1.0.bn1.weight'], output: ['layer1.1.bn1.running_var'], attribute: [] };
    const out = foldNode({ node, attrs: new Attributes(node), opset: 17, inputs: [init], label: 'Identity_3', tensorConstant: () => undefined });
    expect(out![0].source).toEqual({ key: 'layer1.1.bn1.running_var', initializer: true });
  });

  it('a transposed weight keeps its initializer as its key and is never decoded for counting', () => {
    let decoded = false;
    const weight = new Constant(FLOAT, [768, 3072], undefined, () => {
      decoded = true;
      return new Float32Array(768 * 3072);
    }, { key: 'mlp.0.weight', initializer: true }, false);
    const t = fold('Transpose', [weight], [attr('perm', [1, 0])]);
    expect(t![0].dims).toEqual([3072, 768]);
    expect(t![0].source?.key).toBe('mlp.0.weight');
    expect(t![0].small).toBe(false);
    expect(decoded).toBe(false);
    // Arithmetic on a large constant is not folded: it stays a layer of the graph.
    expect(fold('Mul', [weight, floats([2], [])])).toBeUndefined();
  });
});

describe('graphs written by hand', () => {
  const conv = (name: string, input: string, output: string, weight = 'w') => ({ name, op: 'Conv', inputs: [input, weight], outputs: [output], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } });
  const W = { name: 'w', dims: [4, 3, 3, 3] };

  it('a Dropout mask or MaxPool indices nobody reads are fine; reading one is an error naming it', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const ok = await onnxModel({
      nodes: [conv('c', 'x', 'y'), { name: 'd', op: 'Dropout', inputs: ['y'], outputs: ['z', 'mask'] }, { name: 'p', op: 'MaxPool', inputs: ['z'], outputs: ['out', 'idx'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } }],
      initializers: [W], outputs: ['out'],
    });
    expect((await loadOnnx(ok)).nodes.map((n) => n.op)).toEqual(['conv2d', 'dropout', 'maxpool']);
    const bad = await onnxModel({
      nodes: [conv('c', 'x', 'y'), { name: 'p', op: 'MaxPool', inputs: ['y'], outputs: ['out', 'idx'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } }, { name: 'use', op: 'Identity', inputs: ['idx'], outputs: ['o2'] }],
      initializers: [W], outputs: ['o2'],
    });
    await expect(loadOnnx(bad)).rejects.toThrow(/node 'use' reads output 1 of node 'p' \(MaxPool\), which flopscope does not compute/);
  });

  it('nodes out of order are sorted; a tensor nothing provides is named', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const shuffled = await onnxModel({ nodes: [{ name: 'r', op: 'Relu', inputs: ['y'], outputs: ['out'] }, conv('c', 'x', 'y')], initializers: [W], outputs: ['out'] });
    expect((await loadOnnx(shuffled)).nodes.map((n) => n.name)).toEqual(['c', 'r']);
    const missing = await onnxModel({ nodes: [{ name: 'r', op: 'Relu', inputs: ['nowhere'], outputs: ['out'] }], outputs: ['out'] });
    await expect(loadOnnx(missing)).rejects.toThrow(/node 'r' \(Relu\) reads tensor 'nowhere', which no node, initializer or input provides/);
  });

  it('malformed graphs are refused in one line: a tensor written twice, over the input or an initializer, a cycle, a dangling output', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const relu = (name: string, input: string, output: string) => ({ name, op: 'Relu', inputs: [input], outputs: [output] });
    const cases: [Parameters<typeof onnxModel>[0], RegExp][] = [
      [{ nodes: [relu('a', 'x', 'y'), { name: 'b', op: 'Sigmoid', inputs: ['x'], outputs: ['y'] }], outputs: ['y'] }, /tensor 'y' is written by two nodes, 'a' \(Relu\) and 'b' \(Sigmoid\)/],
      [{ nodes: [relu('a', 'x', 'y'), relu('b', 'y', 'x')], outputs: ['y'] }, /node 'b' \(Relu\) writes 'x', the graph input/],
      [{ nodes: [conv('c', 'x', 'y'), relu('b', 'y', 'w')], initializers: [W], outputs: ['w'] }, /node 'b' \(Relu\) writes 'w', which is an initializer/],
      [{ nodes: [{ name: 'a', op: 'Add', inputs: ['x', 'z'], outputs: ['y'] }, relu('b', 'y', 'z')], outputs: ['y'] }, /the graph has a cycle: 'a' \(Add\) -> 'b' \(Relu\) -> 'a' \(Add\)/],
      [{ nodes: [relu('a', 'x', 'y'), { name: 'p', op: 'Add', inputs: ['y', 'r'], outputs: ['q'] }, relu('q2', 'q', 'r')], outputs: ['q'] }, /the graph has a cycle: 'p' \(Add\) -> 'q2' \(Relu\) -> 'p' \(Add\)/],
      [{ nodes: [relu('a', 'x', 'y')], outputs: ['z'] }, /the graph output 'z' is not written by any node, initializer or input/],
    ];
    for (const [spec, message] of cases) {
      const error = await loadOnnx(await onnxModel(spec)).then(() => undefined, (e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(FlopscopeError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('a folder named like an ONNX file is said to be a folder', async () => {
    const { readOnnx } = await import('../src/onnx/import/index.js');
    const folder = mkdtempSync(join(tmpdir(), 'flopscope-folder-')) + '/model.onnx';
    mkdirSync(folder);
    try {
      await expect(readOnnx(folder)).rejects.toThrow(/model\.onnx is a folder, not an ONNX file/);
    } finally {
      rmSync(dirname(folder), { recursive: true, force: true });
    }
  });

  it('a 1-D convolution, control flow and a custom domain are refused by name, never counted as zero', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const conv1d = await onnxModel({ input: [1, 3, 16], nodes: [{ name: 'c1', op: 'Conv', inputs: ['x', 'w'], outputs: ['out'], attrs: { kernel_shape: [3] } }], initializers: [{ name: 'w', dims: [4, 3, 3] }], outputs: ['out'] });
    await expect(loadOnnx(conv1d)).rejects.toThrow(/node 'c1' \(op type 'Conv', domain 'ai.onnx'\): a 1-D convolution \(weight 4x3x3\); flopscope counts 2-D ones/);
    const custom = await onnxModel({ nodes: [conv('c', 'x', 'y'), { name: 'k', op: 'Gelu', domain: 'com.microsoft', inputs: ['y'], outputs: ['out'] }], initializers: [W], outputs: ['out'] });
    await expect(loadOnnx(custom)).rejects.toThrow(/node 'k' \(op type 'Gelu', domain 'com.microsoft'\): an op outside the default ONNX domain/);
    // With --allow-unknown and no declared shape for its output, the rest cannot be sized: said so.
    await expect(loadOnnx(custom, { allowUnknown: true })).rejects.toThrow(/declares no concrete shape for its output 'out'/);
  });

  it('models with two inputs or an integer input are refused with one line', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const two = await onnxModel({ inputs: [{ name: 'a', elemType: 1, dims: [1, 3] }, { name: 'b', elemType: 1, dims: [1, 3] }], nodes: [{ name: 's', op: 'Add', inputs: ['a', 'b'], outputs: ['out'] }], outputs: ['out'] });
    await expect(loadOnnx(two)).rejects.toThrow(/has 2 graph inputs \('a', 'b'\); flopscope analyses models with one input/);
    const ids = await onnxModel({ inputs: [{ name: 'ids', elemType: 7, dims: [1, 16] }], nodes: [{ name: 'r', op: 'Identity', inputs: ['ids'], outputs: ['out'] }], outputs: ['out'] });
    await expect(loadOnnx(ids)).rejects.toThrow(/input 'ids' has element type int64; flopscope analyses networks with a floating-point input/);
  });

  it('ScatterND on a constant (Swin\'s attention mask) is folded', () => {
    const data = ints([0, 0, 0, 0, 0, 0], [2, 3]);
    const out = fold('ScatterND', [data, ints([1, 0, 0, 2], [2, 2]), ints([7, 9], [2])]);
    expect(values(out)).toEqual(['0', '0', '9', '7', '0', '0']);
  });
});

describe('adaptive average pooling written as two averaging MatMuls', () => {
  /** Row i of an O x L matrix averages the window [floor(iL/O), ceil((i+1)L/O)). */
  const averaging = (out: number, length: number): number[][] => Array.from({ length: out }, (_, i) => {
    const start = Math.floor((i * length) / out);
    const end = Math.ceil(((i + 1) * length) / out);
    return Array.from({ length }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0));
  });
  const transposed = (m: number[][]): number[][] => m[0].map((_, j) => m.map((row) => row[j]));
  async function pooled(ah: number[][], awT: number[][], input: number[] = [1, 2, 5, 7]): Promise<Uint8Array> {
    return onnxModel({
      input,
      nodes: [
        { name: 'pool/pooled_rows', op: 'MatMul', inputs: ['ah', 'x'], outputs: ['r'] },
        { name: 'pool', op: 'MatMul', inputs: ['r', 'aw'], outputs: ['y'] },
      ],
      initializers: [
        { name: 'ah', dims: [ah.length, ah[0].length], values: ah.flat() },
        { name: 'aw', dims: [awT.length, awT[0].length], values: awT.flat() },
      ],
      outputs: ['y'],
    });
  }

  it('is read back as one adaptiveavgpool layer named after the pool; onnxruntime on the file agrees', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const { validateGraph } = await import('../src/exec/validate.js');
    const graph = await loadOnnx(await pooled(averaging(3, 5), transposed(averaging(4, 7))));
    expect(graph.nodes.map((n) => [n.name, n.op, n.params.length])).toEqual([['pool', 'adaptiveavgpool', 0]]);
    expect(graph.nodes[0].attrs).toEqual({ outputSize: [3, 4] });
    expect(graph.nodes[0].outputShape).toEqual([1, 2, 3, 4]);
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'] });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('matrices that are not exactly the windows stay matmuls with weights', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const off = averaging(3, 5);
    off[1][2] += 0.01;
    const shifted = averaging(3, 5).map((row) => [row[4], ...row.slice(0, 4)]);
    for (const ah of [off, shifted, averaging(3, 5).map((row) => row.map((v) => v * 2))]) {
      const graph = await loadOnnx(await pooled(ah, transposed(averaging(4, 7))));
      expect(graph.nodes.filter((n) => n.op === 'matmul').length).toBe(2);
      expect(graph.nodes.some((n) => n.op === 'adaptiveavgpool')).toBe(false);
    }
  });

  it('a tensor that is not N x C x H x W keeps the MatMuls', async () => {
    const { loadOnnx } = await import('../src/onnx/import/index.js');
    const graph = await loadOnnx(await pooled(averaging(3, 5), transposed(averaging(4, 7)), [2, 5, 7]));
    expect(graph.nodes.map((n) => n.op)).toEqual(['constant', 'matmul', 'matmul']);
  });
});
