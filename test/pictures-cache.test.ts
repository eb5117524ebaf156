// The compiled-code cache of the charting library (in flopscope's private cache folder): a run
// makes it, a later run uses it, and a cache V8 rejects (junk, another version) is compiled anew
// and replaced, with the same chart out; the CLI's own cached code sits beside it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBuild } from './budget-helpers.js';
import { runBin } from './bad-input/helpers.js';

const ROOT = mkdtempSync(join(tmpdir(), 'flopscope-cache-test-'));
const CACHE = join(ROOT, 'cache');
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
const svg = () => runBin(['report', 'resnet18', '--format', 'svg', '--chart', 'ops'], { env: { FLOPSCOPE_CACHE_DIR: CACHE } });

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
    // The folder is this user's alone, and the CLI's cached code is there too (on Node 20).
    expect(statSync(CACHE).mode & 0o077).toBe(0);
    if (Number(process.versions.node.split('.')[0]) < 22) {
      expect(readdirSync(CACHE).some((f) => f.startsWith('cli-'))).toBe(true);
    }
  });
});
