// The outputs check's error measure: relative to the tensor's scale, with a floor at the float32
// noise level of the layer's inputs, so a tensor that is rounding noise (the mean of a centred
// tensor) does not fail two correct backends, while a real error still does.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE, NOISE_FLOOR, relativeError, validateGraph } from '../src/exec/validate.js';
import { loadOnnx } from '../src/onnx/import/index.js';
import { onnxModel } from './helpers/onnx.js';

const f32 = (values: number[]) => Float32Array.from(values);

describe('relativeError', () => {
  it('is max |a - b| over max |a| for a tensor above its inputs\' noise level', () => {
    expect(relativeError(f32([1, -2, 4]), f32([1, -2, 4.02]))).toBeCloseTo(0.005, 6);
    expect(relativeError(f32([1, -2, 4]), f32([1, -2, 4.02]), 8)).toBeCloseTo(0.005, 6);
  });

  it('measures a tensor far below its inputs against their noise level', () => {
    // Rounding noise of a mean of values near 4: both 1e-8-sized, 100% apart.
    const noise = relativeError(f32([3e-8, -1e-8]), f32([-2e-8, 1e-8]));
    expect(noise).toBeGreaterThan(1);
    const floored = relativeError(f32([3e-8, -1e-8]), f32([-2e-8, 1e-8]), 4);
    expect(floored).toBeCloseTo(5e-8 / (4 * NOISE_FLOOR), 10);
    expect(floored).toBeLessThan(DEFAULT_TOLERANCE);
  });

  it('still fails a near-zero tensor that is wrong beyond that noise', () => {
    // A mean that should be ~0 but is 0.01 off, from inputs near 4.
    expect(relativeError(f32([1e-8, 0]), f32([0.01, 0.01]), 4)).toBeGreaterThan(DEFAULT_TOLERANCE);
    // A 1% error on a small but real tensor (a layer scaling its input by 1e-3) is caught.
    expect(relativeError(f32([4e-3, -2e-3]), f32([4.04e-3, -2e-3]), 4)).toBeGreaterThan(DEFAULT_TOLERANCE);
    expect(relativeError(f32([1, 2]), f32([1, Number.NaN]), 1)).toBeNaN();
  });
});

describe('validate: the mean of a centred tensor (LayerNorm written out, as opset 13 exports it)', () => {
  it('agrees between the reference kernels and onnxruntime', async () => {
    const bytes = await onnxModel({
      input: [1, 96, 7, 7],
      opset: 13,
      nodes: [
        { name: '/ln/ReduceMean', op: 'ReduceMean', inputs: ['x'], outputs: ['m'], attrs: { axes: [1], keepdims: 1 } },
        { name: '/ln/Sub', op: 'Sub', inputs: ['x', 'm'], outputs: ['c'] },
        { name: '/next/ReduceMean', op: 'ReduceMean', inputs: ['c'], outputs: ['y'], attrs: { axes: [1], keepdims: 1 } },
      ],
      outputs: ['y'],
    });
    const graph = await loadOnnx(bytes, { name: 'centred' });
    const result = await validateGraph(graph, { backends: ['reference', 'onnxruntime'] });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.checks.find((c) => c.kind === 'outputs')?.layers).toBe(graph.nodes.length);
  });
});
