// Class 8, terminal and environment: a dumb terminal gets no cursor-control escapes from the
// progress bar, and a deleted working folder is one line, not a crash in Node's start-up path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO } from './helpers.js';

/** Runs the binary on a pseudo-terminal (util-linux `script`), so stderr is a TTY. */
function onTerminal(term: string, args: string): string {
  const r = spawnSync('script', ['-qfec', `"${process.execPath}" "${BIN}" ${args}`, '/dev/null'], {
    cwd: REPO,
    env: { ...process.env, TERM: term, FLOPSCOPE_CACHE_DIR: join(REPO, '.flopscope-tmp', 'transform-cache') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('the progress bar', () => {
  // Long enough (well over the second before the bar appears): 40 timed runs, the bar counts them.
  const run = 'profile resnet18 --backend reference --runs 40 --input 1x3x96x96';

  it('draws with cursor control on a capable terminal, and not at all when TERM=dumb', () => {
    expect(onTerminal('xterm', run)).toMatch(/\x1b\[/);
    const dumb = onTerminal('dumb', run);
    expect(dumb).not.toMatch(/\x1b/);
    expect(dumb).toContain('profile resnet18 · input 1x3x96x96 · backend reference · median of 40 runs');
  });
});

describe('a deleted working folder', () => {
  it('exit 2 with one line saying so', () => {
    const gone = mkdtempSync(join(tmpdir(), 'flopscope-gone-'));
    const r = spawnSync('bash', ['-c', `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${BIN}" report resnet18`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('flopscope: the working folder no longer exists (ENOENT); cd into an existing folder and run flopscope again\n');
  });
});
