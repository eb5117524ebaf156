// The validate, profile and export commands in-process: contracts, exit codes and bad input.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { buildArchitecture, zooArchitecture } from '../src/zoo.js';

const cli = (args: string[], env: Record<string, string> = {}) => runCaptured(args, { env });

describe('flopscope validate', () => {
  it('prints the flopscope.validate/1 JSON and exits 0 when everything agrees', async () => {
    const r = await cli(['validate', 'resnet18', '--input', '1x3x32x32', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ schema: 'flopscope.validate/1', model: 'resnet18', input: [1, 3, 32, 32], ok: true });
    expect(json.checks.map((c: { backend: string; kind: string }) => `${c.backend}:${c.kind}`)).toEqual([
      'reference:shapes', 'reference:params', 'reference:counts', 'onnxruntime:shapes', 'onnxruntime:params', 'onnxruntime:outputs',
    ]);
    for (const c of json.checks) expect(c).toMatchObject({ ok: true, mismatches: [] });
  }, 60_000);

  it('prints a table with one row per check', async () => {
    const r = await cli(['validate', 'se_resnet50', '--input', '1x3x32x32', '--backend', 'reference']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/reference\s+│ counts/);
    expect(r.stdout).toContain('OK: every checked layer agrees');
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
  }, 60_000);

  it('an unknown backend lists the available ones (exit 2)', async () => {
    const r = await cli(['validate', 'resnet18', '--backend', 'reference,tensorrt']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("flopscope: unknown backend 'tensorrt'; available backends: reference, onnxruntime");
  });

  it('refuses an input too large for memory with an estimate (exit 2), before running', async () => {
    const r = await cli(['validate', 'resnet50', '--input', '16x3x1024x1024']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flopscope: input 16x3x1024x1024 is too large to run resnet50 on reference, onnxruntime: it needs about [\d.]+ GB of memory, above the limit of/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('honours FLOPSCOPE_MAX_MEMORY', async () => {
    const r = await cli(['validate', 'resnet18', '--input', '1x3x64x64', '--backend', 'reference'], { FLOPSCOPE_MAX_MEMORY: '10M' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs about [\d.]+ MB of memory, above the limit of 10.00 MB/);
  });

  it('refuses a symbolic input: a run needs concrete sizes (exit 2)', async () => {
    const r = await cli(['validate', 'resnet18', '--input', 'Nx3xHxW']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a concrete input shape, received Nx3xHxW');
  });
});

describe('flopscope profile', () => {
  it('reports per-layer and per-op time shares and the SE line (JSON)', async () => {
    const r = await cli(['profile', 'se_resnet50', '--input', '1x3x64x64', '--runs', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const graph = buildArchitecture(zooArchitecture('se_resnet50'), { input: '1x3x64x64' });
    const report = analyze(graph, { convention: 'flops' });
    expect(json).toMatchObject({ schema: 'flopscope.profile/1', backend: 'onnxruntime', runs: 2, convention: 'flops', totalFlops: report.totals.flops });
    expect(json.layers.map((l: { name: string }) => l.name)).toEqual(graph.nodes.map((n) => n.name));
    const timeShares = json.layers.reduce((s: number, l: { timeShare: number }) => s + l.timeShare, 0);
    expect(timeShares).toBeCloseTo(1, 6);
    expect(json.totalMs).toBeGreaterThan(0);
    // SE FLOPs share from the cost model directly.
    const seFlops = report.layers.filter((l) => l.tags.includes('se')).reduce((s, l) => s + Number(l.flops), 0);
    expect(json.se.flopsShare).toBeCloseTo(seFlops / Number(report.totals.flops), 12);
    expect(json.se.timeShare).toBeGreaterThan(0);
    expect(json.se.layers).toBe(16 * 6);
    const conv = json.ops.find((o: { name: string }) => o.name === 'conv2d');
    expect(conv.layers).toBe(graph.nodes.filter((n) => n.op === 'conv2d').length);
  }, 60_000);

  it('prints the SE line in the table and times the reference backend too', async () => {
    const r = await cli(['profile', 'se_resnet50', '--input', '1x3x32x32', '--runs', '1', '--backend', 'reference', '--top', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SE blocks: \d+\.\d% of FLOPs, \d+\.\d% of time \(96 layers\)/);
    expect(r.stdout).toContain('By op kind');
  }, 60_000);

  it('profiles one backend at a time', async () => {
    const r = await cli(['profile', 'resnet18', '--backend', 'reference,onnxruntime']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('profile times one backend at a time');
  });
});

describe('flopscope export', () => {
  it('writes an ONNX file that onnxruntime runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopscope-test-'));
    const file = join(dir, 'r18.onnx');
    const r = await cli(['export', 'resnet18', '-o', file, '--input', '1x3x32x32', '--weights', 'zeros']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*r18\.onnx: resnet18, input 1x3x32x32, opset 17, \d+ nodes/);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(await readFile(file));
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(3 * 32 * 32).fill(1), [1, 3, 32, 32]) });
    expect(out.fc.dims).toEqual([1, 1000]);
    // Zero weights: every logit is 0.
    expect(Array.from(out.fc.data as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it('an unwritable path is one clear line (exit 2)', async () => {
    const r = await cli(['export', 'resnet18', '-o', '/nonexistent-dir/x.onnx']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('flopscope: cannot write the ONNX file /nonexistent-dir/x.onnx: no such folder');
  });
});
