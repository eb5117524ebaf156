// Shared by the ONNX import tests: the committed fixtures (test/fixtures/onnx) and the figures
// PyTorch measured for them (expected.json, written by make_fixtures.py).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ConventionName } from '../../src/cost/conventions/index.js';
import { join } from 'node:path';
import { analyze, type CostReport } from '../../src/cost/analyze.js';
import type { Graph } from '../../src/ir/graph.js';
import { onnxGraph, readOnnx } from '../../src/onnx/import/index.js';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'onnx');

export interface Expected {
  readonly kind: 'pytorch-export' | 'handmade' | 'bad';
  readonly export?: { readonly opset: number; readonly training: string; readonly dynamic_axes: unknown };
  readonly bn_folded?: boolean | null;
  readonly inputs: readonly { name: string; shape: number[] }[];
  readonly outputs: readonly { name: string; shape: number[] }[];
  readonly params: number;
  readonly params_after_bn_fold?: number;
  readonly buffers: number;
  readonly macs: { readonly total: number; readonly conv: number; readonly linear: number; readonly matmul: number; readonly conv_transpose: number };
  readonly bindings?: readonly { inputs: { shape: number[] }[]; outputs: { shape: number[] }[]; macs: { total: number } }[];
  readonly check?: readonly { inputs: { shape: number[] }[]; outputs: { name: string; shape: number[]; sum: number; abs_sum: number; first: number[] }[] }[];
  readonly error?: string;
}

export const EXPECTED: Readonly<Record<string, Expected>> = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')).fixtures;

export const fixture = (path: string): string => join(FIXTURES, path);

export async function importFixture(path: string, options: { input?: string; allowUnknown?: boolean } = {}): Promise<Graph> {
  return onnxGraph(await readOnnx(fixture(path)), options);
}

export async function reportFixture(path: string, options: { input?: string; convention?: ConventionName } = {}): Promise<CostReport> {
  return analyze(await importFixture(path, options.input ? { input: options.input } : {}), { convention: options.convention ?? 'macs' });
}

/**
 * An output against PyTorch's recorded checksums of it (expected.json `check`): sum, sum of
 * absolute values and the first values, within float32 noise.
 */
export function expectPytorchOutput(values: Float32Array, want: { sum: number; abs_sum: number; first: number[] }): void {
  let sum = 0;
  let abs = 0;
  for (const v of values) {
    sum += v;
    abs += Math.abs(v);
  }
  const tol = 1e-4 * Math.max(1, want.abs_sum);
  expect(Math.abs(abs - want.abs_sum)).toBeLessThan(tol);
  expect(Math.abs(sum - want.sum)).toBeLessThan(tol);
  want.first.forEach((v, i) => expect(Math.abs(values[i] - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
}

/** The params the exported graph holds: PyTorch's, less what folding BN into the convs removed. */
export const graphParams = (e: Expected): number => (e.bn_folded ? e.params_after_bn_fold! : e.params);

/** The input pattern of expected.json: x[i] = ((i * 7919) mod 1000) / 1000 - 0.5, as float32. */
export function patternInput(shape: readonly number[]): { shape: readonly number[]; data: Float32Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  return { shape, data };
}

interface NodeSpec { name: string; op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, number | number[] | string>; domain?: string }
interface TensorSpec { name: string; dims: number[]; values?: number[]; int64?: boolean }

/** A small ONNX model written with protobufjs: nodes, initializers, one float input and outputs. */
export async function onnxModel(spec: { nodes: NodeSpec[]; initializers?: TensorSpec[]; input?: (number | string)[] | null; inputs?: { name: string; elemType: number; dims: number[] }[]; outputs: string[]; opset?: number; irVersion?: number }): Promise<Uint8Array> {
  const protobuf = (await import('protobufjs')).default;
  const { ONNX_PROTO } = await import('../../src/onnx/schema.js');
  const Model = protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  const attribute = (name: string, v: number | number[] | string) =>
    typeof v === 'string' ? { name, type: 3, s: Buffer.from(v) } : Array.isArray(v) ? { name, type: 7, ints: v } : Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
  const dim = (d: number | string) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d });
  const inputs = spec.inputs
    ? spec.inputs.map((i) => ({ name: i.name, type: { tensor_type: { elem_type: i.elemType, shape: { dim: i.dims.map(dim) } } } }))
    : [{ name: 'x', type: { tensor_type: { elem_type: 1, ...(spec.input === null ? {} : { shape: { dim: (spec.input ?? [1, 3, 8, 8]).map(dim) } }) } } }];
  const msg = Model.fromObject({
    ir_version: spec.irVersion ?? 8,
    opset_import: [{ domain: '', version: spec.opset ?? 17 }],
    producer_name: 'test',
    graph: {
      name: 'g',
      node: spec.nodes.map((n) => ({ name: n.name, op_type: n.op, domain: n.domain ?? '', input: n.inputs, output: n.outputs, attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)) })),
      initializer: (spec.initializers ?? []).map((t) => {
        const n = t.dims.reduce((a, b) => a * b, 1);
        const values = t.values ?? Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 10);
        return t.int64 ? { name: t.name, dims: t.dims, data_type: 7, int64_data: values } : { name: t.name, dims: t.dims, data_type: 1, raw_data: new Uint8Array(Float32Array.from(values).buffer) };
      }),
      input: inputs,
      output: spec.outputs.map((name) => ({ name })),
    },
  });
  return Model.encode(msg).finish();
}
