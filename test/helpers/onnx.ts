// Shared by the ONNX import tests: the committed fixtures (test/fixtures/onnx) and the figures
// PyTorch measured for them (expected.json, written by make_fixtures.py).
import { readFileSync } from 'node:fs';
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

export async function reportFixture(path: string, options: { input?: string; convention?: string } = {}): Promise<CostReport> {
  return analyze(await importFixture(path, options.input ? { input: options.input } : {}), { convention: options.convention ?? 'macs' });
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
