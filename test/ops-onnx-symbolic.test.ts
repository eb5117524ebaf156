// ONNX mappings of the shape-changing ops with symbolic sizes: a graph on N x 4 x H x W exports
// with dim_params (Reshape's 0 and -1, Slice bounds counted from the end, Resize by scales, Expand
// by 1), and onnxruntime runs that one file at two concrete sizes, matching the reference kernels
// on the same graph built at those sizes, layer by layer.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../src/onnx/export.js';
import { referenceBackend } from '../src/exec/reference.js';
import { relativeError } from '../src/exec/validate.js';
import { seededInput, seededWeights } from '../src/ir/weights.js';
import { GRAPH_INPUT } from '../src/ir/graph.js';
import { Poly } from '../src/shape/expr.js';
import { add, mul, type Dim } from '../src/shape/dim.js';
import { TinyGraph } from './helpers/tiny-graph.js';

/** The same graph for symbolic or concrete N, H, W. */
function build(n: Dim, h: Dim, w: Dim): TinyGraph {
  const g = new TinyGraph([n, 4, h, w]);
  const seq = g.add('reshape', { shape: [n, 4, mul(h, w)] });
  const tokens = g.add('transpose', { perm: [0, 2, 1] }, [seq]);
  const normed = g.add('layernorm', { axis: -1, scale: true, bias: true }, [tokens]);
  const projected = g.add('matmul', { weightShape: [4, 6] }, [normed]);
  const attention = g.add('softmax', { axis: -1 }, [projected]);
  g.add('slice', { starts: [1], ends: [mul(h, w)], axes: [1], steps: [2] }, [attention]);
  g.add('gather', { axis: 1, indices: 0 }, [attention]);
  const up = g.add('resize', { mode: 'linear', coordinateTransformationMode: 'pytorch_half_pixel', sizes: [n, 4, mul(h, 2), mul(w, 2)] });
  const flipped = g.add('slice', { starts: [add(mul(h, 2), -1)], ends: [-1], axes: [2], steps: [-1] }, [up]);
  g.add('pad', { pads: [0, 0, 1, 1, 0, 0, 1, 1], mode: 'reflect' }, [flipped]);
  const mean = g.add('reducemean', { axes: [1] });
  const wide = g.add('expand', { shape: [n, 4, h, w] }, [mean]);
  g.add('sub', {}, [GRAPH_INPUT, wide]);
  return g;
}

describe('symbolic ONNX mappings run in onnxruntime', () => {
  it('one exported file, two sizes, every layer equal to the reference kernels', async () => {
    const weights = seededWeights(3);
    const symbolic = build(Poly.symbol('N'), Poly.symbol('H'), Poly.symbol('W')).graph();
    const exported = await exportOnnx(symbolic, { weights, exposeIntermediates: true });
    const session = await ort.InferenceSession.create(exported.bytes);
    for (const [n, h, w] of [[1, 3, 5], [2, 4, 3]]) {
      const concrete = build(n, h, w).graph();
      const x = seededInput([n, 4, h, w], 5);
      const model = await referenceBackend.prepare(concrete, weights);
      const run = await model.run(x, { keepValues: true });
      const out = await session.run({ input: new ort.Tensor('float32', x.data, x.shape) });
      for (const [i, layer] of run.layers.entries()) {
        const node = concrete.nodes[i];
        expect([...out[layer.name].dims], layer.name).toEqual(node.outputShape);
        expect(layer.shape, layer.name).toEqual(node.outputShape);
        expect(relativeError(layer.values!, out[layer.name].data as Float32Array), layer.name).toBeLessThan(1e-5);
      }
    }
  });

  it('refuses, naming the layer, a symbolic size ONNX cannot take as a number', async () => {
    const N = Poly.symbol('N');
    const H = Poly.symbol('H');
    const g = new TinyGraph([N, 4, mul(H, H)]);
    g.add('reshape', { shape: [N, 4, H, H] });
    await expect(exportOnnx(g.graph(), { weights: seededWeights(0) })).rejects.toThrow(/layer 'n0_reshape': cannot export to ONNX: target Nx4xHxH has more than one symbolic size/);
  });
});
