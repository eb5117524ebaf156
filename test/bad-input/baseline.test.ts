// Class 6, the baseline: written whole (a temporary file in the same folder, then renamed), so a
// concurrent reader never sees an empty or half file and concurrent updaters never corrupt it; a
// corrupt baseline is named as such and --update-baseline replaces it; a baseline measured on
// another model or input is named as such and maxIncrease is not applied against it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefused, filesUnder, runBin, runBinAsync, scratchProject } from './helpers.js';
import { DATASHEET } from '../helpers/device.js';

const TINY = `import { conv, defineArchitecture, defineFamily, flatten, globalAvgPool, linear, seq } from 'flopscope';
const family = defineFamily({
  name: 'tiny', doc: 'a conv and a classifier',
  options: { width: { type: 'int', default: 8, min: 1, doc: 'channels' } },
  build: ({ width }) => seq([conv(width, 3, { padding: 1 }), globalAvgPool(), flatten(), linear(10)]),
});
export const tiny = defineArchitecture({ name: 'tiny', description: 'tiny', family, input: '1x3x16x16' });
export const other = defineArchitecture({ name: 'other', description: 'other', family, options: { width: 16 }, input: '1x3x16x16' });
`;

const config = (budget: Record<string, unknown>) => JSON.stringify({ budgets: [{ name: 'tiny', limits: { macs: '10 M' }, maxIncrease: { params: '1%' }, ...budget }] });

// tiny at width w: conv 3 -> w (3x3, bias) and linear w -> 10.
const params = (w: number) => 27 * w + w + 10 * w + 10;

describe('the baseline file', () => {
  it('a concurrent reader never sees it empty or half written; concurrent updaters leave valid JSON and no temporary file', async () => {
    const { dir, cleanup } = scratchProject({ 'tiny.ts': TINY, 'flopscope.config.json': config({ model: 'tiny.ts#tiny' }) });
    try {
      const file = join(dir, 'flopscope.baseline.json');
      expect(runBin(['check', '--update-baseline'], { cwd: dir }).status).toBe(0);
      const seen = { reads: 0, bad: 0 };
      let updating = true;
      const reader = (async () => {
        while (updating) {
          const text = readFileSync(file, 'utf8');
          seen.reads++;
          try {
            JSON.parse(text);
          } catch {
            seen.bad++;
          }
          await new Promise((r) => setImmediate(r));
        }
      })();
      const updaters = await Promise.all(Array.from({ length: 6 }, () => runBinAsync(['check', '--update-baseline'], { cwd: dir })));
      updating = false;
      await reader;
      expect(updaters.map((u) => [u.status, u.stderr])).toEqual(Array.from({ length: 6 }, () => [0, '']));
      expect(seen.reads).toBeGreaterThan(0);
      expect(seen.bad).toBe(0);
      expect(JSON.parse(readFileSync(file, 'utf8')).budgets.tiny.values.params).toBe(params(8));
      expect(filesUnder(dir)).toEqual(['flopscope.baseline.json', 'flopscope.config.json', 'tiny.ts']);
      expect(runBin(['check'], { cwd: dir }).status).toBe(0);
    } finally {
      cleanup();
    }
  });

  it('records the input, convention and dtype it was measured on', () => {
    const { dir, cleanup } = scratchProject({ 'tiny.ts': TINY, 'flopscope.config.json': config({ model: 'tiny.ts#tiny' }) });
    try {
      expect(runBin(['check', '--update-baseline'], { cwd: dir }).status).toBe(0);
      const saved = JSON.parse(readFileSync(join(dir, 'flopscope.baseline.json'), 'utf8'));
      expect(saved.budgets.tiny).toMatchObject({ model: 'tiny.ts#tiny', input: '1x3x16x16', convention: 'macs', dtype: 'fp32' });
    } finally {
      cleanup();
    }
  });
});

describe('a corrupt baseline', () => {
  for (const [what, text] of [['empty', ''], ['truncated', '{\n  "schema": "flopscope.baseline/1",\n  "budgets": {\n    "tiny": { "model": "tiny.ts#ti'], ['not a baseline', '{ "schema": "flopscope.baseline/1", "budgets": { "tiny": { "model": "tiny.ts#tiny", "values": [] } } }']] as const) {
    it(`${what}: one line saying so; --update-baseline replaces it`, () => {
      const { dir, cleanup } = scratchProject({ 'tiny.ts': TINY, 'flopscope.config.json': config({ model: 'tiny.ts#tiny' }), 'flopscope.baseline.json': text });
      try {
        const before = filesUnder(dir);
        expectRefused(runBin(['check'], { cwd: dir }), /^flopscope: flopscope\.baseline\.json:\d+:\d+: .*the baseline is corrupt.*; restore it, or write a new one with flopscope check --update-baseline$/, { path: dir, before });
        expect(readFileSync(join(dir, 'flopscope.baseline.json'), 'utf8')).toBe(text);
        const update = runBin(['check', '--update-baseline'], { cwd: dir });
        expect(update.status).toBe(0);
        expect(update.stderr).toMatch(/^flopscope: note: flopscope\.baseline\.json:\d+:\d+: .*the baseline is corrupt.*; --update-baseline replaces it\n$/);
        expect(JSON.parse(readFileSync(join(dir, 'flopscope.baseline.json'), 'utf8')).budgets.tiny.values.params).toBe(params(8));
      } finally {
        cleanup();
      }
    });
  }
});

describe('a baseline measured on something else', () => {
  it('another model: named as such, maxIncrease not applied, the change column empty', () => {
    const { dir, cleanup } = scratchProject({ 'tiny.ts': TINY, 'flopscope.config.json': config({ model: 'tiny.ts#tiny' }) });
    try {
      expect(runBin(['check', '--update-baseline'], { cwd: dir }).status).toBe(0);
      writeFileSync(join(dir, 'flopscope.config.json'), config({ model: 'tiny.ts#other' }));
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      // other has twice the width: params(16) is far more than 1% above params(8), yet this passes.
      expect(r.status).toBe(0);
      const budget = JSON.parse(r.stdout).budgets[0];
      expect(budget.values.params).toBe(params(16));
      expect(budget.checks.map((c: { kind: string }) => c.kind)).toEqual(['limit']);
      expect(budget.baselineNote).toBe('the baseline was recorded for model tiny.ts#tiny, not model tiny.ts#other: maxIncrease is not applied (accept the new values with --update-baseline)');
      const table = runBin(['check'], { cwd: dir });
      expect(table.stdout).toContain('NOTE tiny (tiny.ts#other)');
      expect(runBin(['check', '--format', 'junit'], { cwd: dir }).stdout).toContain('<system-out>NOTE: the baseline was recorded for model tiny.ts#tiny');
    } finally {
      cleanup();
    }
  });

  it('another device (another profile, or the same one recalibrated): named as such, maxIncrease not applied against it', () => {
    const fast = { ...DATASHEET, name: 'ci runner' };
    // A recalibration: the same name, slower figures.
    const recalibrated = { ...DATASHEET, name: 'ci runner', peakFlopsPerSecond: DATASHEET.peakFlopsPerSecond / 2, bandwidthBytesPerSecond: DATASHEET.bandwidthBytesPerSecond / 2 };
    const slow = { ...recalibrated, name: 'slow box' };
    const latencyConfig = (device: string) => JSON.stringify({ budgets: [{ name: 'r18', model: 'resnet18', input: '1x3x32x32', device, limits: { latency: '10 s' }, maxIncrease: { latency: '5%', macs: '0%' } }] });
    const { dir, cleanup } = scratchProject({ 'flopscope.config.json': latencyConfig('fast.json'), 'fast.json': JSON.stringify(fast), 'recalibrated.json': JSON.stringify(recalibrated), 'slow.json': JSON.stringify(slow) });
    try {
      expect(runBin(['check', '--update-baseline'], { cwd: dir }).status).toBe(0);
      const saved = JSON.parse(readFileSync(join(dir, 'flopscope.baseline.json'), 'utf8')).budgets.r18;
      expect(saved.device).toMatch(/^ci runner \(figures [0-9a-f]{12}\)$/);
      // Same device: compared, and within 5%.
      const same = JSON.parse(runBin(['check', '--format', 'json'], { cwd: dir }).stdout).budgets[0];
      expect(same.checks.map((c: { kind: string }) => c.kind)).toEqual(['limit', 'maxIncrease', 'maxIncrease']);
      for (const [args, now] of [[['--device', 'slow.json'], 'slow box'], [[], 'ci runner']] as const) {
        if (!args.length) writeFileSync(join(dir, 'flopscope.config.json'), latencyConfig('recalibrated.json'));
        const r = runBin(['check', '--format', 'json', ...args], { cwd: dir });
        // Twice as slow: far above +5%, yet this passes, with the reason named.
        expect([r.status, r.stderr]).toEqual([0, '']);
        const budget = JSON.parse(r.stdout).budgets[0];
        expect(budget.values.latency).toBeGreaterThan(saved.values.latency * 1.5);
        expect(budget.checks.map((c: { kind: string }) => c.kind)).toEqual(['limit']);
        expect(budget.baselineNote).toMatch(new RegExp(`^the baseline was recorded for device ci runner \\(figures ${saved.device.slice(-13, -1)}\\), not device ${now} \\(figures [0-9a-f]{12}\\): maxIncrease is not applied`));
      }
    } finally {
      cleanup();
    }
  });

  it('a latency in an older baseline that did not record its device: named as such', () => {
    const { dir, cleanup } = scratchProject({
      'flopscope.config.json': JSON.stringify({ budgets: [{ name: 'r18', model: 'resnet18', input: '1x3x32x32', device: 'dev.json', limits: { latency: '10 s' }, maxIncrease: { latency: '5%' } }] }),
      'dev.json': JSON.stringify(DATASHEET),
      'flopscope.baseline.json': JSON.stringify({ schema: 'flopscope.baseline/1', budgets: { r18: { model: 'resnet18', input: '1x3x32x32', convention: 'macs', dtype: 'fp32', values: { latency: 1 } } } }),
    });
    try {
      const r = runBin(['check', '--format', 'json'], { cwd: dir });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).budgets[0].baselineNote).toMatch(/^the baseline was recorded for device none \(not recorded\), not device hand-made test device \(figures [0-9a-f]{12}\): maxIncrease is not applied/);
    } finally {
      cleanup();
    }
  });

  it('another input: named as such; the same model grown through its options is still held to maxIncrease', () => {
    const { dir, cleanup } = scratchProject({ 'tiny.ts': TINY, 'flopscope.config.json': config({ model: 'tiny.ts#tiny' }) });
    try {
      expect(runBin(['check', '--update-baseline'], { cwd: dir }).status).toBe(0);
      writeFileSync(join(dir, 'flopscope.config.json'), config({ model: 'tiny.ts#tiny', input: '1x3x32x32' }));
      const moved = JSON.parse(runBin(['check', '--format', 'json'], { cwd: dir }).stdout).budgets[0];
      expect(moved.status).toBe('pass');
      expect(moved.baselineNote).toMatch(/^the baseline was recorded for input 1x3x16x16, not input 1x3x32x32: maxIncrease is not applied/);
      writeFileSync(join(dir, 'flopscope.config.json'), config({ model: 'tiny.ts#tiny', set: { width: 9 } }));
      const grown = runBin(['check', '--format', 'json'], { cwd: dir });
      expect(grown.status).toBe(1);
      const check = JSON.parse(grown.stdout).budgets[0].checks.find((c: { kind: string }) => c.kind === 'maxIncrease');
      expect(check).toMatchObject({ passed: false, value: params(9), baseline: params(8) });
    } finally {
      cleanup();
    }
  });
});
