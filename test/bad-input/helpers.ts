// The bad-input suite runs the installed binary as a real process, as a user or a CI job would:
// exit code, exactly one line on stderr, no stack frame, nothing on stdout, no file written.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO, requireBuild } from '../budget-helpers.js';

export { REPO };
export const BIN = join(REPO, 'bin', 'flopscope.js');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch project inside the repository (so user files resolve `import 'flopscope'`), removed by `cleanup`. */
export function scratchProject(files: Readonly<Record<string, string>> = {}): { dir: string; cleanup: () => void } {
  requireBuild();
  const base = join(REPO, '.flopscope-tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'bad-input-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment of every run: a private transform cache of the suite's own, no CI annotations. */
function baseEnv(extra: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FLOPSCOPE_CACHE_DIR: join(REPO, '.flopscope-tmp', 'transform-cache'), ...extra };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  delete env.FLOPSCOPE_DEBUG;
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function runBin(args: readonly string[], options: { cwd?: string; env?: Readonly<Record<string, string | undefined>>; timeoutMs?: number } = {}): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: baseEnv(options.env ?? {}),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the test runner (for runs that race each other). */
export function runBinAsync(args: readonly string[], options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, env: baseEnv(options.env ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every file under `dir` (relative paths), to tell that a run wrote nothing. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** `text` as a regular expression that matches it literally (a path, a file:line:column). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The binary run in `dir` with `args`, refused as expectRefused says, nothing written in `dir`; its one line. */
export function expectRefusedIn(dir: string, args: readonly string[], message: RegExp): string {
  const before = filesUnder(dir);
  return expectRefused(runBin(args, { cwd: dir }), message, { path: dir, before });
}

/**
 * A refused run: exit 2, nothing on stdout, exactly one line on stderr that starts `flopscope: `
 * and matches `message`, no stack frame, and (given `dir`) no file written there.
 */
export function expectRefused(r: Run, message: RegExp, dir?: { path: string; before: readonly string[] }): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect({ status: r.status, stdout: r.stdout, lines: lines.length }, r.stderr.slice(0, 2000)).toEqual({ status: 2, stdout: '', lines: 1 });
  expect(lines[0]).toMatch(/^flopscope: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/internal error/);
  if (dir) expect(filesUnder(dir.path)).toEqual(dir.before);
  return lines[0];
}
