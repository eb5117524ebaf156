// The library does what the CLI does: render, validate, exportOnnx, loadArchitecture and
// describeArchitecture give what the commands print.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze, buildArchitecture, exportOnnx, FlopscopeError, loadArchitecture, render, REPORT_FORMATS, validate, zooArchitecture, type ReportFormat } from '../src/index.js';

const cli = (...argv: string[]) => runCaptured(argv);

describe('render(report, format) prints what flopscope report prints', () => {
  const report = analyze(buildArchitecture(zooArchitecture('se_resnet50'), { set: { reduction: 8 } }), { convention: 'paper' });
  it.each(REPORT_FORMATS)('%s', async (format: ReportFormat) => {
    const printed = await cli('report', 'se_resnet50', '--set', 'reduction=8', '--convention', 'paper', '--format', format);
    expect(printed.code).toBe(0);
    if (format === 'json') expect(JSON.parse(render(report, format))).toEqual(JSON.parse(printed.stdout));
    else expect(render(report, format)).toBe(printed.stdout);
  });

  it('with the grouping the CLI takes', async () => {
    const printed = await cli('report', 'se_resnet50', '--set', 'reduction=8', '--convention', 'paper', '--by', 'stage', '--format', 'csv');
    expect(render(report, 'csv', { by: 'stage' })).toBe(printed.stdout);
  });

  it('an unknown format from JavaScript is a FlopscopeError with the list', () => {
    expect(() => render(report, 'yaml' as ReportFormat)).toThrow(FlopscopeError);
    expect(() => render(report, 'csvv' as ReportFormat)).toThrow(/unknown format 'csvv'; did you mean 'csv'\? formats: table, json, csv, markdown/);
  });
});

describe('exportOnnx(model) writes what flopscope export writes', () => {
  it('the same bytes for the same model, input, weights and seed; onnxruntime runs them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopscope-test-'));
    const file = join(dir, 'r18.onnx');
    expect((await cli('export', 'resnet18', '-o', file, '--input', '1x3x32x32', '--seed', '3')).code).toBe(0);
    const exported = await exportOnnx('resnet18', { input: '1x3x32x32', seed: 3 });
    expect(Buffer.from(exported.bytes).equals(await readFile(file))).toBe(true);
    expect(exported.opset).toBe(17);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(exported.bytes);
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(3 * 32 * 32).fill(1), [1, 3, 32, 32]) });
    expect(out.fc.dims).toEqual([1, 1000]);
  });

  it('a built graph is exported as it is; asking it for another input is refused', async () => {
    const graph = buildArchitecture(zooArchitecture('mobilenet_v2'), { input: 'Nx3xHxW' });
    const exported = await exportOnnx(graph, { weights: 'zeros' });
    expect(exported.initializerCount).toBeGreaterThan(0);
    await expect(exportOnnx(graph, { input: '1x3x64x64' })).rejects.toThrow(/graph built for one input .* pass its architecture to change input/);
  });
});

describe('validate(model) checks what flopscope validate checks', () => {
  it('a zoo name on the reference backend: every check agrees, as the CLI says', async () => {
    const result = await validate('resnet18', { input: '1x3x32x32', backends: ['reference'] });
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.kind).sort()).toEqual(['counts', 'params', 'shapes']);
    const printed = JSON.parse((await cli('validate', 'resnet18', '--input', '1x3x32x32', '--backend', 'reference', '--format', 'json')).stdout) as { checks: unknown[] };
    expect(result.checks).toEqual(printed.checks);
  });

  it('both backends on an architecture with options', async () => {
    const result = await validate(zooArchitecture('se_resnet50'), { input: '1x3x32x32', set: { reduction: 4, se_stages: [4] } });
    expect(result.ok).toBe(true);
    expect(result.checks.some((c) => c.backend === 'onnxruntime' && c.kind === 'outputs' && c.ok)).toBe(true);
  });

  it('an unknown backend from JavaScript is the CLI\'s error', async () => {
    await expect(validate('resnet18', { backends: ['refrence' as 'reference'] })).rejects.toThrow(/unknown backend 'refrence'; did you mean 'reference'/);
  });
});

describe('loadArchitecture(ref) loads a user file as the commands do', () => {
  it('named export, relative to the given folder', async () => {
    const arch = await loadArchitecture('models/tiny.ts#wide', join(__dirname, 'fixtures', 'budget'));
    const printed = JSON.parse((await cli('report', 'test/fixtures/budget/models/tiny.ts#wide', '--format', 'json')).stdout) as { totals: { macs: number } };
    expect(analyze(buildArchitecture(arch)).totals.macs).toBe(printed.totals.macs);
  });
});

describe('check(options) evaluates what flopscope check evaluates', () => {
  it('the same budgets, statuses, values and exit code; renderCheck prints what the CLI prints', async () => {
    const { check, renderCheck } = await import('../src/index.js');
    const { copyFixtures, requireBuild } = await import('./budget-helpers.js');
    const { rmSync } = await import('node:fs');
    requireBuild();
    const root = copyFixtures();
    try {
      const cwd = join(root, 'failing');
      const run = await check({ cwd });
      expect(run.exitCode).toBe(1);
      expect(run.results.map((r) => [r.budget.name, r.status])).toEqual([['tiny-mobile', 'fail'], ['resnet50-server', 'fail']]);
      const printed = await runCaptured(['check', '--format', 'json'], { cwd });
      expect(JSON.parse(renderCheck(run, 'json'))).toEqual(JSON.parse(printed.stdout));
      expect(renderCheck(run)).toBe((await runCaptured(['check'], { cwd })).stdout);
      // JUnit needs every definition: check finds them on request.
      const placed = await check({ cwd: join(root, 'passing'), definitions: true });
      expect(placed.results.every((r) => r.definition !== undefined)).toBe(true);
      expect(renderCheck(placed, 'junit')).toBe((await runCaptured(['check', '--format', 'junit'], { cwd: join(root, 'passing') })).stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
