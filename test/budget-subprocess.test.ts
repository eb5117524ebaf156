// `flopscope check` as a real process (the compiled bin), as CI runs it: on the example project
// in examples/ci, and on the fixture projects for exit codes 1 and 2 and the annotations.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixtures, REPO, requireBuild } from './budget-helpers.js';

const BIN = join(REPO, 'bin', 'flopscope.js');
let root: string;

function flopscope(args: string[], cwd: string, env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const k of ['GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE']) delete base[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  requireBuild();
  root = copyFixtures();
});

describe('flopscope check in a real process', () => {
  it('passes on the example project (exit 0)', () => {
    const r = flopscope(['check'], join(REPO, 'examples', 'ci'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 budgets: 3 passed, 0 warned, 0 failed');
  });

  it('exits 1 over budget and prints annotations under GITHUB_ACTIONS=true', () => {
    const r = flopscope(['check'], join(root, 'failing'), { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines[0]).toMatch(/^::error file=models\/tiny\.ts,line=\d+,col=\d+,title=flopscope%3A budget 'tiny-mobile' exceeded::\.\.\/models\/tiny\.ts#tiny: MACs /);
    expect(lines.at(-1)).toBe("::error file=failing/flopscope.config.json,line=4,col=5,title=flopscope%3A budget 'resnet50-server' exceeded::resnet50: MACs 4.09 G exceed the 4.00 G budget by 0.09 G (+2.2%25)");
  });

  it('exits 2 on a broken config, with one line on stderr', () => {
    const r = flopscope(['check'], join(root, 'unknown-key'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown key 'limts'");
  });
});
