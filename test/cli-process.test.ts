// The installed binary as a real process: what a shell user sees (exit codes, one-line errors,
// a pipe closed early). Runs the compiled CLI, which `npm install` builds.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, requireBuild } from './budget-helpers.js';

const BIN = join(REPO, 'bin', 'flopscope.js');

describe('bin/flopscope.js', () => {
  it('prints the report JSON and exits 0', () => {
    requireBuild();
    const r = spawnSync(process.execPath, [BIN, 'report', 'resnet18', '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).totals.macs).toBe(1_814_073_344);
  });

  it('checks formulas with the bundled mathjs: exit 0, the formula JSON', () => {
    requireBuild();
    const r = spawnSync(process.execPath, [BIN, 'formula', 'resnet18', '--format', 'json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.schema).toBe('flopscope.formula/1');
    expect(f.simplified.assumption).toBe('H and W are multiples of 32');
  });

  it('a user mistake: exit 2, one line on stderr, no stack trace', () => {
    const r = spawnSync(process.execPath, [BIN, 'report', 'resnet50', '--input', '1x3x224'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^flopscope: invalid --input '1x3x224'/);
  });

  it('stops quietly when the reader closes the pipe early (| head)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" report se_resnet152 --format json | head -c 100 > /dev/null`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|at /);
    expect(r.status).toBe(0);
  });
});
