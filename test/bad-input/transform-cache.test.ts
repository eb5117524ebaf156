// Class 7, the transform cache: a private folder of the user's own, entries keyed by the source
// and the versions, checked before use and rebuilt when bad; no cache when none can be had.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFolder, privateFolder } from '../../src/cache-folder.js';
import { transformCache, transformKey } from '../../src/load/transform-cache.js';
import { runBin, scratchProject } from './helpers.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flopscope-cache-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('where the cache lives', () => {
  it("the user's cache folder, or FLOPSCOPE_CACHE_DIR; never the shared temp folder", () => {
    expect(cacheFolder({ FLOPSCOPE_CACHE_DIR: '/x/y' })).toBe('/x/y');
    if (process.platform === 'linux') {
      expect(cacheFolder({ XDG_CACHE_HOME: '/home/u/.cache' })).toBe('/home/u/.cache/flopscope');
    }
    expect(cacheFolder({})!.startsWith(tmpdir())).toBe(false);
  });

  it('made private (0700) when flopscope makes it; an existing folder is never changed', () => {
    const dir = join(scratch, 'a', 'b');
    expect(privateFolder(dir)).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Others may write to it (a shared 1777 folder, say): refused as it is, not made private.
    const open = join(scratch, 'open');
    mkdirSync(open);
    chmodSync(open, 0o1777);
    expect(privateFolder(open)).toBeUndefined();
    expect(statSync(open).mode & 0o7777).toBe(0o1777);
    // Readable by others but writable only by its owner: used as it is.
    const readable = join(scratch, 'readable');
    mkdirSync(readable);
    chmodSync(readable, 0o755);
    expect(privateFolder(readable)).toBe(readable);
    expect(statSync(readable).mode & 0o777).toBe(0o755);
  });

  it('a link is refused, not followed, even to a private folder of the same user', () => {
    const target = join(scratch, 'target');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(scratch, 'link'));
    expect(privateFolder(join(scratch, 'link'))).toBeUndefined();
    symlinkSync(join(scratch, 'nowhere'), join(scratch, 'dangling'));
    expect(privateFolder(join(scratch, 'dangling'))).toBeUndefined();
    expect(existsSync(join(scratch, 'nowhere'))).toBe(false);
  });

  it('a folder another user owns is refused and left as it is (made by chown, which needs root, as this suite runs)', () => {
    const theirs = join(scratch, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    expect(privateFolder(theirs)).toBeUndefined();
    expect(statSync(theirs).uid).toBe(65534);
    expect(statSync(theirs).mode & 0o777).toBe(0o700);
  });

  it('no cache when no folder can be had: the transform simply runs', () => {
    expect(privateFolder('/proc/flopscope-cannot-be-here')).toBeUndefined();
    let made = 0;
    const cache = transformCache('/proc/flopscope-cannot-be-here');
    expect(cache.get('k', () => `code ${++made}`)).toBe('code 1');
    expect(cache.get('k', () => `code ${++made}`)).toBe('code 2');
  });
});

describe('entries', () => {
  it('keyed by the source and the versions; checked before use; a bad entry is rebuilt', () => {
    const dir = join(scratch, 'entries');
    let made = 0;
    const make = () => `module.exports = ${++made};`;
    const key = transformKey('const a = 1;', { filename: '/p/a.ts' }, '2.7.0');
    expect(transformKey('const a = 2;', { filename: '/p/a.ts' }, '2.7.0')).not.toBe(key);
    expect(transformKey('const a = 1;', { filename: '/p/a.ts' }, '2.8.0')).not.toBe(key);
    expect(transformCache(dir).get(key, make)).toBe('module.exports = 1;');
    expect(transformCache(dir).get(key, make)).toBe('module.exports = 1;'); // from the cache
    expect(made).toBe(1);
    const file = join(dir, `${key}.js`);
    // Truncated: rebuilt.
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 90));
    expect(transformCache(dir).get(key, make)).toBe('module.exports = 2;');
    // Planted code under a valid-looking header: its hash does not match, so it never runs.
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('module.exports = 2;', 'module.exports = "planted";'));
    expect(transformCache(dir).get(key, make)).toBe('module.exports = 3;');
    expect(readdirSync(dir)).toEqual([`${key}.js`]);
  });
});

describe('the CLI with a damaged cache', () => {
  it('a truncated entry is rebuilt and the run is right', () => {
    const { dir, cleanup } = scratchProject({ 'net.ts': "import { conv, seq } from 'flopscope';\nexport default seq([conv(8, 3)]);\n" });
    const cacheDir = join(scratch, 'cli');
    try {
      const first = runBin(['report', 'net.ts', '--input', '1x3x8x8', '--format', 'csv'], { cwd: dir, env: { FLOPSCOPE_CACHE_DIR: cacheDir } });
      expect(first.status).toBe(0);
      const [entry] = readdirSync(cacheDir);
      writeFileSync(join(cacheDir, entry), readFileSync(join(cacheDir, entry), 'utf8').slice(0, 100));
      const again = runBin(['report', 'net.ts', '--input', '1x3x8x8', '--format', 'csv'], { cwd: dir, env: { FLOPSCOPE_CACHE_DIR: cacheDir } });
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(first.stdout);
      expect(readFileSync(join(cacheDir, entry), 'utf8').length).toBeGreaterThan(100);
      const none = runBin(['report', 'net.ts', '--input', '1x3x8x8', '--format', 'csv'], { cwd: dir, env: { FLOPSCOPE_CACHE_DIR: '/proc/flopscope-cannot-be-here' } });
      expect(none.stderr).toBe('');
      expect(none.stdout).toBe(first.stdout);
    } finally {
      cleanup();
    }
  });
});

describe('the CLI pointed at a shared folder', () => {
  // Folders of the test's own standing for a shared temp folder (1777) and a link to one.
  it('FLOPSCOPE_CACHE_DIR or $XDG_CACHE_HOME/flopscope on a folder others may write to: not changed, nothing cached there, the run is right', () => {
    const { dir, cleanup } = scratchProject({ 'net.ts': "import { conv, seq } from 'flopscope';\nexport default seq([conv(8, 3)]);\n" });
    const shared = join(scratch, 'shared-1777');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const xdg = join(scratch, 'xdg');
    mkdirSync(xdg, { mode: 0o700 });
    symlinkSync(shared, join(xdg, 'flopscope'));
    try {
      const args = ['report', 'net.ts', '--input', '1x3x8x8', '--format', 'csv'];
      const reference = runBin(args, { cwd: dir });
      expect(reference.status).toBe(0);
      for (const env of [{ FLOPSCOPE_CACHE_DIR: shared }, { FLOPSCOPE_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg }]) {
        const r = runBin(args, { cwd: dir, env });
        expect([r.status, r.stderr, r.stdout]).toEqual([0, '', reference.stdout]);
        expect(statSync(shared).mode & 0o7777).toBe(0o1777);
        expect(readdirSync(shared)).toEqual([]);
      }
    } finally {
      cleanup();
    }
  });
});
