// Source locations of layers in a user file: helper functions, loops, se(), deferred callbacks,
// namespace imports; and user errors that name file:line:column.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArchitecture } from '../src/load/index.js';
import { fileCallIndex } from '../src/source/call-cache.js';
import { locateGraph } from '../src/source/locate.js';
import { buildArchitecture } from '../src/zoo.js';
import { cli, FIXTURES, positionOf, requireBuild } from './budget-helpers.js';

const file = join(FIXTURES, 'models', 'located.ts');
let source: string;

beforeAll(() => {
  requireBuild();
  source = readFileSync(file, 'utf8');
});

async function sites(): Promise<Map<string, string>> {
  const arch = await loadArchitecture(`${file}#located`, FIXTURES);
  const graph = locateGraph(buildArchitecture(arch));
  return new Map(graph.nodes.map((n) => [n.name, n.site ? `${n.site.line}:${n.site.column}` : '']));
}

const at = (needle: string, nth = 0): string => {
  const p = positionOf(source, needle, nth);
  return `${p.line}:${p.column}`;
};

describe('source locations', () => {
  it('points a layer made inside a helper function at the call in the helper', async () => {
    const s = await sites();
    expect(s.get('helper.conv')).toBe(at('conv(channels, 3, { stride'));
    expect(s.get('helper.bn')).toBe(at('fs.bn()'));
  });

  it('points layers made in a loop at the call inside the loop body', async () => {
    const s = await sites();
    expect(s.get('loop.0')).toBe(at('conv(width, 1)'));
    expect(s.get('loop.2')).toBe(at('conv(width, 1)'));
    expect(s.get('loop.1')).toBe(at('relu()'));
    expect(s.get('loop.3')).toBe(at('relu()'));
  });

  it('points the layers inside se() at the se() call, and deferred callbacks at their calls', async () => {
    const s = await sites();
    for (const name of ['se.avgpool', 'se.fc1', 'se.relu', 'se.fc2', 'se.gate', 'se.scale']) expect(s.get(name)).toBe(at('se({ reduction'));
    expect(s.get('depthwise')).toBe(at('conv(channels, 3, { groups'));
    expect(s.get('block.0')).toBe(at('conv(16, 3'));
    expect(s.get('block.1')).toBe(at('fs.relu()'));
    expect(s.get('block.add')).toBe(at('residual([conv(16'));
    expect(s.get('head')).toBe(at('fs.globalAvgPool()'));
  });

  it('adds the location column to report --show-source', async () => {
    const r = await cli(['report', 'models/located.ts#located', '--show-source'], FIXTURES);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.includes('│ helper.conv '));
    expect(row).toContain(`models/located.ts:${at('conv(channels, 3, { stride')}`);
    expect(r.stdout).toContain('│ Source');
  });

  it('names file:line:column in a channel mismatch and a bad attribute', async () => {
    const mismatch = await cli(['report', 'models/located.ts#mismatch'], FIXTURES);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`models/located.ts:${positionOf(source, 'residual([conv(4').line}:`);
    expect(mismatch.stderr).toContain('residual branch gives 1x4x8x8 but the shortcut gives 1x8x8x8');
    const bad = await cli(['check', '--config', 'bad-stride.json'], FIXTURES);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain(`${file}:${at('conv(channels, 3, { stride')}`);
    expect(bad.stdout).toContain('stride must be a positive integer, received 0');
  });
});

describe('the index of a file\'s calls kept between runs', () => {
  it('answers from the cache for the same text, and indexes an edited file again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flopscope-calls-'));
    const cacheDir = join(dir, 'cache');
    const before = process.env.FLOPSCOPE_CACHE_DIR;
    process.env.FLOPSCOPE_CACHE_DIR = cacheDir;
    try {
      const user = join(dir, 'net.ts');
      const text = "import { conv, relu, seq } from 'flopscope';\nexport const net = seq([conv(8, 3), relu()]);\n";
      writeFileSync(user, text);
      const first = fileCallIndex(user).at(2, 30);
      expect(first).toEqual({ line: 2, column: 25, callee: 'conv', dslName: 'conv' });
      const entries = readdirSync(join(cacheDir)).filter((f) => f.endsWith('.calls'));
      expect(entries).toHaveLength(1);
      // The same answer from the cached entry.
      expect(fileCallIndex(user).at(2, 30)).toEqual(first);
      // Two lines added above: the index follows the text, not the cached entry of the old text.
      writeFileSync(user, `// a comment\n// another\n${text}`);
      expect(fileCallIndex(user).at(4, 30)).toEqual({ line: 4, column: 25, callee: 'conv', dslName: 'conv' });
      expect(fileCallIndex(user).at(4, 39)).toEqual({ line: 4, column: 37, callee: 'relu', dslName: 'relu' });
      expect(readdirSync(cacheDir).filter((f) => f.endsWith('.calls'))).toHaveLength(2);
    } finally {
      if (before === undefined) delete process.env.FLOPSCOPE_CACHE_DIR;
      else process.env.FLOPSCOPE_CACHE_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
