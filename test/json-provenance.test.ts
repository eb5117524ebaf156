// Every JSON report says how it was made: the family, every option in force (`set`) and the
// flopscope version, so the run can be repeated from the file alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../src/cli/capture.js';
import { analyze } from '../src/cost/analyze.js';
import { buildArchitecture, lookupArchitecture } from '../src/zoo.js';

const cli = async (...argv: string[]) => {
  const r = await runCaptured(argv);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, any>;
};
const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('report JSON records how it was made', () => {
  it.each([
    ['se_resnet50', ['--set', 'reduction=8', '--set', 'se_stages=1,2,3']],
    ['mobilenet_v3_small', ['--set', 'width=0.75']],
    ['shufflenet_v1_g3', []],
  ] as const)('%s %s: rebuilding from family and set gives the same totals', async (model, sets) => {
    const json = await cli('report', model, ...sets, '--format', 'json');
    expect(json.schema).toBe('flopscope.report/1');
    expect(json.flopscopeVersion).toBe(packageVersion);
    const arch = lookupArchitecture(model);
    expect(json.family).toBe(arch.family.name);
    // Every option of the family, not only the overrides.
    expect(Object.keys(json.set)).toEqual(Object.keys(arch.family.options));
    for (let i = 0; i < sets.length; i += 2) {
      const [key, value] = sets[i + 1].split('=');
      expect(String(json.set[key])).toBe(value);
    }
    const again = analyze(buildArchitecture(arch, { set: json.set }));
    expect(again.totals.macs).toBe(json.totals.macs);
    expect(again.totals.params).toBe(json.totals.params);
  });

  it('a user file: its family and options', async () => {
    const json = await cli('report', 'test/fixtures/budget/models/tiny.ts#wide', '--format', 'json');
    expect(json.family).toBe('tiny');
    expect(json.set).toEqual({ width: 32, blocks: 3 });
  });
});

describe('compare and whatif JSON record it too', () => {
  it('compare: per model', async () => {
    const json = await cli('compare', 'resnet50_v1', 'se_resnet50', '--set', 'width=0.5', '--format', 'json');
    expect(json.flopscopeVersion).toBe(packageVersion);
    expect(json.reports.map((r: { family: string }) => r.family)).toEqual(['resnet', 'resnet']);
    expect(json.reports[0].set).toMatchObject({ stride_on: '1x1', se: false, width: 0.5 });
    expect(json.reports[1].set).toMatchObject({ stride_on: '1x1', se: true, width: 0.5 });
  });

  it('whatif: the model before the sweep, and the baseline', async () => {
    const json = await cli('whatif', 'se_resnet50', '--sweep', 'reduction=2,4', '--set', 'se_stages=1,2', '--baseline', 'resnet50_v1', '--format', 'json');
    expect(json.schema).toBe('flopscope.whatif/1');
    expect(json.flopscopeVersion).toBe(packageVersion);
    expect(json.family).toBe('resnet');
    expect(json.set).toMatchObject({ se: true, reduction: 16, se_stages: [1, 2] });
    expect(json.baseline).toMatchObject({ model: 'resnet50_v1', family: 'resnet' });
    expect(json.baseline.set).toMatchObject({ se: false, stride_on: '1x1' });
    // Existing fields are unchanged: rows carry the swept and fixed values.
    expect(json.rows.map((r: { set: Record<string, unknown> }) => r.set)).toEqual([{ reduction: 2, se_stages: [1, 2] }, { reduction: 4, se_stages: [1, 2] }]);
  });
});
