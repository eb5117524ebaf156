// The compiled-code cache of the charting library (in the temp folder): a run makes
// it, a later run uses it, and a cache V8 rejects (junk, another version) is compiled anew and
// replaced, with the same chart out.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, requireBuild } from './budget-helpers.js';

const BIN = join(REPO, 'bin', 'flopscope.js');
const CACHE = join(tmpdir(), 'flopscope-code-cache');
const svg = () => spawnSync(process.execPath, [BIN, 'report', 'resnet18', '--format', 'svg', '--chart', 'ops'], { encoding: 'utf8' });

describe('compiled-code cache of the charting library', () => {
  it('is made by a first chart, and a rejected one is replaced without changing the chart', () => {
    requireBuild();
    const first = svg();
    expect(first.status, first.stderr).toBe(0);
    const files = readdirSync(CACHE).filter((f) => f.startsWith('vega-') && (f.includes('-vega.min.js-') || f.includes('-vega-lite.min.js-')));
    expect(files.some((f) => f.includes('-vega.min.js-'))).toBe(true);
    expect(files.some((f) => f.includes('-vega-lite.min.js-'))).toBe(true);
    for (const f of files) writeFileSync(join(CACHE, f), 'not V8 code');
    const again = svg();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    for (const f of files) expect(readFileSync(join(CACHE, f)).length).toBeGreaterThan(1000);
  });
});
