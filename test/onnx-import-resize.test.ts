// Opset 18+ Resize: `axes` (sizes or scales for some axes, the others kept) maps exactly, shown
// by onnxruntime running the original file to the same values; keep_aspect_ratio_policy other
// than stretch and antialias=1 are refused by name in one line.
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/cost/analyze.js';
import { FlopscopeError } from '../src/errors.js';
import { validateGraph } from '../src/exec/validate.js';
import { loadOnnx } from '../src/onnx/import/index.js';
import { onnxModel } from './helpers/onnx.js';

type Attrs = Readonly<Record<string, number | string | readonly number[]>>;

async function resizeModel(opset: number, given: Attrs, operand: { readonly scales?: readonly number[]; readonly sizes?: readonly number[] }): Promise<Uint8Array> {
  const attrs = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])) as Record<string, number | number[] | string>;
  const inputs = ['x', '', operand.scales ? 'scales' : '', ...(operand.sizes ? ['sizes'] : [])];
  return onnxModel({
    input: [1, 2, 6, 5],
    opset,
    irVersion: opset >= 21 ? 10 : 8,
    nodes: [{ name: '/up/Resize', op: 'Resize', inputs, outputs: ['y'], attrs }],
    initializers: [
      ...(operand.scales ? [{ name: 'scales', dims: [operand.scales.length], values: [...operand.scales] }] : []),
      ...(operand.sizes ? [{ name: 'sizes', dims: [operand.sizes.length], values: [...operand.sizes], int64: true }] : []),
    ],
    outputs: ['y'],
  });
}

describe('Resize with axes (opset 18, 21)', () => {
  it.each([
    [18, { mode: 'nearest', axes: [2, 3] }, { scales: [2, 3] }, [1, 2, 12, 15]],
    [21, { mode: 'linear', axes: [-1, -2] }, { scales: [2, 0.5] }, [1, 2, 3, 10]],
    [18, { mode: 'linear', axes: [3] }, { sizes: [9] }, [1, 2, 6, 9]],
    [21, { mode: 'cubic', axes: [2, 3] }, { sizes: [11, 4] }, [1, 2, 11, 4]],
  ] as const)('opset %i %o %o: shape %o, and onnxruntime on the file agrees', async (opset, attrs, operand, shape) => {
    const graph = await loadOnnx(await resizeModel(opset, attrs, operand), { name: 'resize' });
    expect(graph.nodes[graph.output].outputShape).toEqual(shape);
    expect(graph.nodes.find((n) => n.op === 'resize')!.inputShapes[0]).toEqual([1, 2, 6, 5]);
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'] });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(analyze(graph).totals.flops).toBe(0);
  });

  it('axes that do not match the operand are one-line errors', async () => {
    await expect(loadOnnx(await resizeModel(18, { mode: 'nearest', axes: [2, 3] }, { scales: [2, 2, 2] }))).rejects.toThrow(/Resize axes \[2, 3\] name 2 axes but it gives 3 sizes or scales/);
    await expect(loadOnnx(await resizeModel(18, { mode: 'nearest', axes: [2, 2] }, { scales: [2, 2] }))).rejects.toThrow(/must be distinct axes/);
    await expect(loadOnnx(await resizeModel(17, { mode: 'nearest' }, { scales: [2, 2] }))).rejects.toThrow(/gives 2 sizes or scales for an input of rank 4 and no axes/);
  });
});

describe('Resize options flopscope does not count are refused by name', () => {
  it.each([
    [{ mode: 'linear', axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' }, { sizes: [4, 4] }, /keep_aspect_ratio_policy 'not_larger'/],
    [{ mode: 'linear', keep_aspect_ratio_policy: 'not_smaller' }, { sizes: [1, 2, 4, 4] }, /keep_aspect_ratio_policy 'not_smaller'/],
    [{ mode: 'linear', antialias: 1 }, { scales: [1, 1, 0.5, 0.5] }, /antialiased Resize \(antialias=1\)/],
  ] as const)('%o', async (attrs, operand, why) => {
    const bytes = await resizeModel(18, attrs, operand);
    const error = await loadOnnx(bytes).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FlopscopeError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toMatch(/^node '\/up\/Resize' \(op type 'Resize', domain 'ai.onnx'\)/);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('before opset 18 the options do not exist: a stray attribute is not read', async () => {
    const graph = await loadOnnx(await resizeModel(17, { mode: 'nearest', antialias: 1 }, { scales: [1, 1, 2, 2] }));
    expect(graph.nodes[graph.output].outputShape).toEqual([1, 2, 12, 10]);
  });
});
