// `flopscope check` on the fixture projects, run in-process through the CLI.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, positionOf, tinyCounts, useFixtureProjects } from './budget-helpers.js';

const project = useFixtureProjects();

const tiny = tinyCounts(16);

describe('flopscope check', () => {
  it('passes within budget (exit 0) with exact values in JSON', async () => {
    const r = await cli(['check', '--format', 'json'], join(project.root, 'passing'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.schema).toBe('flopscope.check/1');
    expect(json.budgets.map((b: { status: string }) => b.status)).toEqual(['pass', 'pass', 'pass']);
    const [t, , r18] = json.budgets;
    expect(t.values.macs).toBe(tiny.macs);
    expect(t.values.params).toBe(tiny.params);
    expect(t.values.activationBytes).toBe(tiny.activationElements * 4);
    expect(t.values.weightBytes).toBe(tiny.params * 4);
    // NUMBERS.md section 1: resnet18.
    expect(r18.values.macs).toBe(1_814_073_344);
    expect(r18.values.params).toBe(11_689_512);
  });

  it('prints PASS rows in the table', async () => {
    const r = await cli(['check'], join(project.root, 'passing'));
    expect(r.code).toBe(0);
    expect(r.stdout.match(/│ PASS /g)).toHaveLength(3);
    expect(r.stdout).toContain('3 budgets: 3 passed, 0 warned, 0 failed');
  });

  it('fails over budget (exit 1) with the overshoot and the top layers at file:line', async () => {
    const r = await cli(['check'], join(project.root, 'failing'));
    expect(r.code).toBe(1);
    // resnet50: 4,089,184,256 MACs (NUMBERS.md) against 4.00 G.
    expect(r.stdout).toContain('MACs 4.09 G exceed the 4.00 G budget by 0.09 G (+2.2%)');
    const over = tiny.macs - 18_000_000;
    expect(r.stdout).toContain(`MACs ${(tiny.macs / 1e6).toFixed(2)} M exceed the 18.00 M budget by ${(over / 1e6).toFixed(2)} M (+${((over / 18e6) * 100).toFixed(1)}%)`);
    const conv = positionOf(project.tinySource, 'conv(channels');
    const lines = r.stdout.split('\n');
    const top = lines.slice(lines.findIndex((l) => l.includes('top contributing layers')) + 1).slice(0, 3);
    // The widest block's conv has the most MACs: 9 * 32 * 48 * 32 * 32.
    expect(top[0]).toContain(`body.2.conv (conv2d): ${((9 * 32 * 48 * 1024) / 1e6).toFixed(2)} M MACs`);
    for (const l of top) expect(l).toContain(`../models/tiny.ts:${conv.line}:${conv.column}`);
    const def = positionOf(project.tinySource, 'tiny = defineArchitecture');
    expect(r.stdout).toContain(`FAIL tiny-mobile (../models/tiny.ts#tiny) at ../models/tiny.ts:${def.line}:${def.column}`);
    expect(r.stdout).toContain('FAIL resnet50-server (resnet50) at flopscope.config.json:4:5');
  });

  it('warns (exit 0) for a warn-level budget', async () => {
    const r = await cli(['check'], join(project.root, 'warning'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ WARN\s+│ tiny-soft/);
    expect(r.stdout).toMatch(/│ PASS\s+│ tiny-hard/);
    expect(r.stdout).toContain('1 passed, 1 warned, 0 failed');
  });

  it('rejects a config that is not valid JSON with line and column (exit 2)', async () => {
    const r = await cli(['check'], join(project.root, 'malformed-config'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // The second budget object starts on line 4 with no comma before it.
    expect(r.stderr).toBe('flopscope: flopscope.config.json:4:5: invalid JSON: comma expected\n');
  });

  it('rejects an unknown key, naming it and where it is (exit 2)', async () => {
    const r = await cli(['check'], join(project.root, 'unknown-key'));
    expect(r.code).toBe(2);
    const text = readFileSync(join(project.root, 'unknown-key', 'flopscope.config.json'), 'utf8');
    const at = positionOf(text, '"limts"');
    expect(r.stderr).toContain(`flopscope.config.json:${at.line}:${at.column}: budgets[1] ("mobile"): unknown key 'limts'; did you mean 'limits'?`);
  });

  it('reports a missing export with the exports it has (exit 2)', async () => {
    const r = await cli(['check'], join(project.root, 'missing-export'));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/│ ERROR\s+│ tiny/);
    expect(r.stdout).toContain("../models/tiny.ts has no export 'tinny'; did you mean 'tiny'? its exports: default, notAnArchitecture, tiny, wide");
  });

  it('reports a syntax error in a user file with file:line:column (exit 2), other budgets still evaluated', async () => {
    const dir = join(project.root, 'syntax-error');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'models', 'broken.ts'), "import { conv, seq } from 'flopscope';\n\nexport const net = seq([conv(8, 3]);\n");
    const r = await cli(['check', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.budgets[0].status).toBe('error');
    expect(json.budgets[0].error).toMatch(/^models\/broken\.ts:3:\d+: syntax error: /);
    expect(json.budgets[1].status).toBe('pass');
  });

  it('applies maxIncrease against a baseline written by --update-baseline (exit 1)', async () => {
    const dir = join(project.root, 'baseline-regression');
    const accept = await cli(['check', '--config', 'accept.config.json', '--update-baseline'], dir);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toContain('baseline written to budgets.baseline.json');
    const saved = JSON.parse(readFileSync(join(dir, 'budgets.baseline.json'), 'utf8'));
    expect(saved).toMatchObject({ schema: 'flopscope.baseline/1', budgets: { tiny: { model: '../models/tiny.ts#tiny', values: { macs: tiny.macs, params: tiny.params } } } });

    // The model grows: the same model, twice as wide (width 32).
    const r = await cli(['check', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const wide = tinyCounts(32);
    const params = json.budgets[0].checks.find((c: { metric: string; kind: string }) => c.metric === 'params' && c.kind === 'maxIncrease');
    expect(params).toMatchObject({ passed: false, value: wide.params, baseline: tiny.params, allowed: '5%' });
    expect(params.message).toContain(`(+${(((wide.params - tiny.params) / tiny.params) * 100).toFixed(1)}%), more than the allowed +5%`);
    const table = await cli(['check'], dir);
    expect(table.stdout).toContain('Change');
    expect(table.stdout).toContain(`(+${(((wide.macs - tiny.macs) / tiny.macs) * 100).toFixed(1)}%)`);
  });

  it('writes nothing to the baseline unless every budget was evaluated', async () => {
    const dir = join(project.root, 'missing-export');
    const r = await cli(['check', '--update-baseline'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("flopscope: 1 of 1 budget could not be evaluated ('tiny'; see the ERROR row); the baseline was not written\n");
    expect(existsSync(join(dir, 'flopscope.baseline.json'))).toBe(false);
  });

  it('rejects an unreadable baseline (exit 2)', async () => {
    const dir = join(project.root, 'passing');
    expect((await cli(['check', '--baseline', 'nope.json'], dir)).stderr).toContain('cannot read the baseline nope.json: no such file');
    writeFileSync(join(dir, 'bad.baseline.json'), '{ "schema": "flopscope.baseline/1", "budgets": [ }');
    const r = await cli(['check', '--baseline', 'bad.baseline.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flopscope: bad\.baseline\.json:1:\d+: invalid JSON: /);
  });

  it('renders markdown and junit', async () => {
    const md = await cli(['check', '--format', 'markdown'], join(project.root, 'failing'));
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('| Status | Budget | Model | Value | Limit |');
    expect(md.stdout).toContain('| FAIL | resnet50-server | resnet50 | MACs 4.09 G | <= 4.00 G |');
    const junit = await cli(['check', '--format', 'junit'], join(project.root, 'failing'));
    expect(junit.stdout).toContain('<testsuites name="flopscope check" tests="2" failures="2" errors="0">');
    expect(junit.stdout).toContain('<failure message="MACs 4.09 G exceed the 4.00 G budget by 0.09 G (+2.2%)" type="budget">');
  });

  it('reads budgets from the "flopscope" key of package.json', async () => {
    const config = JSON.parse(readFileSync(join(project.root, 'passing', 'flopscope.config.json'), 'utf8'));
    const dir = join(project.root, 'package-key');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', flopscope: { budgets: [config.budgets[2]] } }, null, 2));
    const r = await cli(['check'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flopscope check · package.json');
    expect(r.stdout).toMatch(/│ PASS\s+│ resnet18/);
    const none = await cli(['check'], join(project.root, 'models'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no budget config: create flopscope.config.json');
    const bad = await cli(['check', '--config', 'package.json'], join(project.root, 'unknown-key'));
    expect(bad.stderr).toContain('config file package.json not found');
  });
});
