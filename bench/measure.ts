// Timing helpers for the benchmarks: medians of repeated runs, never single samples.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../src/exec/profile.js';

export { median };

export interface BenchFigure {
  readonly name: string;
  readonly value: string;
  readonly target?: string;
  /** Whether the target is met, when there is one. */
  readonly ok?: boolean;
}

/**
 * Milliseconds per call: the median over `samples` batches of `batch` calls each, after a
 * warm-up. Batching spreads garbage-collection pauses evenly instead of letting one sample catch
 * them all.
 */
export function timeMs(fn: () => unknown, samples = 21, batch = 10, warmup = 100): number {
  for (let i = 0; i < warmup; i++) fn();
  const perCall: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    perCall.push(Number(process.hrtime.bigint() - t0) / 1e6 / batch);
  }
  return median(perCall);
}

/** Like timeMs for two functions, alternating their batches so drift affects both alike. */
export function timePairMs(a: () => unknown, b: () => unknown, samples = 21, batch = 10): [number, number] {
  for (let i = 0; i < 20; i++) a(), b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let s = 0; s < samples; s++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) fn();
      out.push(Number(process.hrtime.bigint() - t0) / 1e6 / batch);
    }
  }
  return [median(ta), median(tb)];
}

/** The repository's root (with a trailing slash) and its CLI, from dist/bench/ where the benchmarks run. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/flopscope.js`;

/**
 * `fn` given a fresh, empty flopscope cache folder (FLOPSCOPE_CACHE_DIR for a child), removed
 * afterwards: a first run on a machine, whatever the user's own cache holds.
 */
export function withEmptyCache<T>(fn: (env: { FLOPSCOPE_CACHE_DIR: string }) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-bench-cache-'));
  try {
    return fn({ FLOPSCOPE_CACHE_DIR: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Probes preloaded into a measured child (--import): its peak memory, its CPU time, at exit. */
export const RSS_HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));
export const CPU_HOOK = fileURLToPath(new URL('./cpu-hook.js', import.meta.url));

export interface ColdCommand {
  readonly command: string;
  readonly args: readonly string[];
}

export interface ColdOptions {
  /** Variables added to this process's environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** Also preload the CPU probe: cpuMs is then the median CPU time (steadier than wall time on a shared machine). */
  readonly cpu?: boolean;
}

export interface ColdResult {
  /** Median wall time. */
  readonly ms: number;
  /** Median CPU time (user + system), NaN unless asked for with `cpu`. */
  readonly cpuMs: number;
  readonly peakMB: number;
  /** The last run's exit status. */
  readonly status: number | null;
}

/** Wall time (median) and peak RSS of a fresh process running `args`. */
export function coldProcess(command: string, args: readonly string[], runs = 7, cwd = process.cwd(), options: ColdOptions = {}): ColdResult {
  return coldProcesses([{ command, args }], runs, cwd, options)[0];
}

/**
 * Like coldProcess for several commands, their runs interleaved (a, b, a, b, ...) so a busy
 * machine slows them alike; a median per command.
 */
export function coldProcesses(commands: readonly ColdCommand[], runs = 7, cwd = process.cwd(), options: ColdOptions = {}): ColdResult[] {
  const samples = commands.map(() => [] as number[]);
  const cpus = commands.map(() => [] as number[]);
  const peaks = commands.map(() => 0);
  const statuses = commands.map((): number | null => 0);
  const hooks = [...(options.cpu ? [CPU_HOOK] : []), RSS_HOOK].map((hook) => `--import ${hook}`).join(' ');
  const env = { ...process.env, ...options.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${hooks}`.trim() };
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(c.command, c.args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      samples[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      statuses[k] = r.status;
      const m = /flopscope-bench-maxrss=(\d+)/.exec(r.stderr ?? '');
      if (m) peaks[k] = Math.max(peaks[k], Number(m[1]) / 1024);
      const cpu = /flopscope-bench-cpu-us=(\d+)/.exec(r.stderr ?? '');
      if (cpu) cpus[k].push(Number(cpu[1]) / 1000);
    });
  }
  return commands.map((_, k) => ({ ms: median(samples[k]), cpuMs: cpus[k].length ? median(cpus[k]) : NaN, peakMB: peaks[k], status: statuses[k] }));
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`;
}
