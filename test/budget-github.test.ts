// GitHub Actions integration: annotation lines, checked one by one, and the step summary.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/budget/github.js';
import { cli, positionOf, tinyCounts, useFixtureProjects } from './budget-helpers.js';

const project = useFixtureProjects();

describe('GitHub annotations', () => {
  it('prints ::error lines at the model definition and the top layer calls', async () => {
    const dir = join(project.root, 'failing');
    const r = await cli(['check'], dir, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: project.root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    const def = positionOf(project.tinySource, 'tiny = defineArchitecture');
    const conv = positionOf(project.tinySource, 'conv(channels');
    const tiny = tinyCounts(16);
    const over = tiny.macs - 18_000_000;
    const share = (v: number) => ((v / tiny.macs) * 100).toFixed(1);
    const m = (v: number) => (v / 1e6).toFixed(2);
    const topMacs = [9 * 32 * 48 * 1024, 9 * 16 * 32 * 1024, 9 * 16 * 16 * 1024];
    expect(lines).toEqual([
      `::error file=models/tiny.ts,line=${def.line},col=${def.column},title=flopscope%3A budget 'tiny-mobile' exceeded::../models/tiny.ts#tiny: MACs ${m(tiny.macs)} M exceed the 18.00 M budget by ${m(over)} M (+${((over / 18e6) * 100).toFixed(1)}%25)`,
      ...topMacs.map((v, i) => `::error file=models/tiny.ts,line=${conv.line},col=${conv.column},title=flopscope%3A top layer of budget 'tiny-mobile'::body.${2 - i}.conv (conv2d): ${m(v)} M MACs, ${share(v)}%25 of the model at ../models/tiny.ts:${conv.line}:${conv.column}`),
      // A zoo model is pointed at where its budget is written.
      `::error file=failing/flopscope.config.json,line=4,col=5,title=flopscope%3A budget 'resnet50-server' exceeded::resnet50: MACs 4.09 G exceed the 4.00 G budget by 0.09 G (+2.2%25)`,
    ]);
  });

  it('uses ::warning for a warn-level budget, and only with GITHUB_ACTIONS=true or --annotations github', async () => {
    const dir = join(project.root, 'warning');
    const plain = await cli(['check'], dir, {});
    expect(plain.stdout).not.toContain('::');
    const forced = await cli(['check', '--annotations', 'github'], dir, {});
    const lines = forced.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^::warning file=[^,]+,line=\d+,col=\d+,title=flopscope%3A [^:]+::.+$/);
    const off = await cli(['check', '--annotations', 'none'], dir, { GITHUB_ACTIONS: 'true' });
    expect(off.stdout).not.toContain('::');
  });

  it('keeps JSON output parseable: annotations go to stderr', async () => {
    const r = await cli(['check', '--format', 'json'], join(project.root, 'failing'), { GITHUB_ACTIONS: 'true' });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(5);
  });

  it('appends a Markdown table to GITHUB_STEP_SUMMARY', async () => {
    const summary = join(project.root, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    await cli(['check'], join(project.root, 'failing'), { GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n### flopscope check · flopscope.config.json\n')).toBe(true);
    expect(text).toContain('| FAIL | resnet50-server | resnet50 | MACs 4.09 G | <= 4.00 G |');
    expect(text).toContain('- MACs 4.09 G exceed the 4.00 G budget by 0.09 G (+2.2%)');
  });

  it('escapes workflow command data and properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
});
