// Budgets that explain the change: the baseline keeps each layer's part of the constrained metrics;
// a failing budget names the layers that grew most since then; GitHub gets one annotation per
// budget plus at most three layer annotations; JUnit places each budget at a file and line.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyFixtures, positionOf, requireBuild } from './budget-helpers.js';

const MODEL = `// Three convolutions whose middle width is an option.
import { conv, defineArchitecture, defineFamily, flatten, globalAvgPool, linear, seq } from 'flopscope';

const family = defineFamily({
  name: 'grow',
  doc: 'three convs, the middle one as wide as mid',
  options: { mid: { type: 'int', default: 8, min: 1, doc: 'channels of conv b' } },
  build: ({ mid }) => seq({
    a: conv(8, 3, { padding: 1, bias: false }),
    b: conv(mid, 3, { padding: 1, bias: false }),
    c: conv(16, 3, { padding: 1, bias: false }),
    pool: globalAvgPool(),
    flatten: flatten(),
    fc: linear(10),
  }),
});

export const grow = defineArchitecture({ name: 'grow', description: 'growth fixture', family, input: '1x3x16x16' });
`;

// MACs of a 3x3 conv, padding 1, at 16x16: cin * cout * 9 * 256.
const convMacs = (cin: number, cout: number) => cin * cout * 9 * 256;
const config = (mid: number, increase: Record<string, string>) => JSON.stringify({
  budgets: [
    { name: 'grow', model: 'models/grow.ts#grow', set: { mid }, maxIncrease: increase },
    { name: 'zoo', model: 'resnet18', limits: { params: '12 M' } },
  ],
}, null, 2);

let root = '';
let dir = '';
let source = '';
beforeAll(() => {
  requireBuild();
  root = copyFixtures();
  dir = join(root, 'growth');
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'models', 'grow.ts'), MODEL);
  source = MODEL;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (mid: number, increase: Record<string, string>) => writeFileSync(join(dir, 'flopscope.config.json'), config(mid, increase));

describe('the baseline keeps each layer of the constrained metrics', () => {
  it('--update-baseline writes every layer that costs something, exactly', async () => {
    write(8, { macs: '5%' });
    const r = await cli(['check', '--update-baseline'], dir);
    expect(r.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'flopscope.baseline.json'), 'utf8'));
    expect(baseline.schema).toBe('flopscope.baseline/1');
    expect(baseline.budgets.grow.layers).toEqual({ macs: { a: convMacs(3, 8), b: convMacs(8, 8), c: convMacs(8, 16), fc: 160 } });
    // Existing fields unchanged.
    expect(baseline.budgets.grow.values.macs).toBe(convMacs(3, 8) + convMacs(8, 8) + convMacs(8, 16) + 160);
    expect(Object.keys(baseline.budgets.zoo.layers)).toEqual(['params']);
  });
});

describe('a failing budget names what grew', () => {
  it('lists the layers that grew most since the baseline, in order, at their calls', async () => {
    write(32, { macs: '5%' });
    const r = await cli(['check'], dir);
    expect(r.code).toBe(1);
    const b = positionOf(source, 'conv(mid');
    const c = positionOf(source, 'conv(16');
    // c grows by (32 - 8) * 16 * 2304 = 884,736; b by 8 * (32 - 8) * 2304 = 442,368; a not at all.
    // Before and after in one unit, as the budget messages write them.
    expect(r.stdout).toContain(`  grew most since the baseline:\n    c (conv2d): MACs 0.29 M -> 1.18 M since the baseline (+0.88 M, +300.0%) at models/grow.ts:${c.line}:${c.column}\n    b (conv2d): MACs 147.46 K -> 589.82 K since the baseline (+442.37 K, +300.0%) at models/grow.ts:${b.line}:${b.column}\n  top contributing layers:`);
    expect(r.stdout).not.toMatch(/^ {4}a \(conv2d\): MACs .* since the baseline/m);
    const json = JSON.parse((await cli(['check', '--format', 'json'], dir)).stdout);
    expect(json.budgets[0].grew).toEqual([
      { layer: 'c', op: 'conv2d', metric: 'macs', value: convMacs(32, 16), baseline: convMacs(8, 16), change: convMacs(24, 16), source: `models/grow.ts:${c.line}:${c.column}` },
      { layer: 'b', op: 'conv2d', metric: 'macs', value: convMacs(8, 32), baseline: convMacs(8, 8), change: convMacs(8, 24), source: `models/grow.ts:${b.line}:${b.column}` },
    ]);
    // The largest layers are still there, as before.
    expect(json.budgets[0].top.map((t: { layer: string }) => t.layer)).toEqual(['c', 'b', 'a']);
  });

  it('GitHub: one ::error per budget at the definition, plus one per layer that grew, three at most', async () => {
    // The baseline keeps the layers of the metrics constrained when it was written: accept one with both.
    write(8, { macs: '5%', params: '5%' });
    await cli(['check', '--update-baseline'], dir);
    write(32, { macs: '5%', params: '5%' });
    const r = await cli(['check'], dir, { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    const def = positionOf(source, 'grow = defineArchitecture');
    expect(lines).toHaveLength(4);
    // Both messages in the one annotation at the definition, and where the rest is.
    expect(lines[0]).toMatch(new RegExp(`^::error file=models/grow\\.ts,line=${def.line},col=${def.column},title=flopscope%3A budget 'grow' exceeded::models/grow\\.ts#grow: MACs .* more than the allowed \\+5%25; params .* more than the allowed \\+5%25 \\(1 more layer in the step summary\\)$`));
    // Each failing metric gets its say: MACs' c, params' c, then MACs' b.
    expect(lines.slice(1).map((l) => /^(\w+) \((conv2d)\): (\w+)/.exec(l.split('::').slice(2).join('::'))?.slice(1, 4).join(' ') ?? l)).toEqual(['c conv2d MACs', 'c conv2d params', 'b conv2d MACs']);
    for (const l of lines.slice(1)) expect(l).toMatch(/^::error file=models\/grow\.ts,line=\d+,col=\d+,title=flopscope%3A grew since the baseline \(budget 'grow'\)::/);
  });

  it('the step summary has every layer', async () => {
    write(32, { macs: '5%', params: '5%' });
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    await cli(['check'], dir, { GITHUB_STEP_SUMMARY: summary });
    const md = readFileSync(summary, 'utf8');
    expect(md.match(/^- grew since the baseline: /gm)).toHaveLength(4);
    expect(md).toMatch(/^- grew since the baseline: b \(conv2d\): params 0\.58 K -> 2\.30 K since the baseline \(\+1\.73 K, \+300\.0%\)/m);
  });

  it('a baseline written before layers were kept: the largest layers, as before', async () => {
    write(8, { macs: '5%' });
    await cli(['check', '--update-baseline'], dir);
    const file = join(dir, 'flopscope.baseline.json');
    const old = JSON.parse(readFileSync(file, 'utf8'));
    for (const b of Object.values(old.budgets) as Array<Record<string, unknown>>) delete b.layers;
    writeFileSync(file, JSON.stringify(old));
    write(32, { macs: '5%' });
    const r = await cli(['check', '--format', 'json'], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).budgets[0].grew).toBeUndefined();
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('::error'));
    expect(lines.filter((l) => l.includes('top layer of budget'))).toHaveLength(3);
  });
});

describe('JUnit places every budget at a file and a line', () => {
  it('a user model at its export, a zoo model at its budget in the config', async () => {
    write(8, { macs: '5%' });
    const r = await cli(['check', '--format', 'junit'], dir);
    const def = positionOf(source, 'grow = defineArchitecture');
    const zoo = positionOf(config(8, { macs: '5%' }), '{\n      "name": "zoo"');
    expect(r.stdout).toContain(`<testcase classname="flopscope.budget" name="grow" file="models/grow.ts" line="${def.line}">`);
    expect(r.stdout).toContain(`<testcase classname="flopscope.budget" name="zoo" file="flopscope.config.json" line="${zoo.line}">`);
  });
});
