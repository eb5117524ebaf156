// Timing helpers for the benchmarks: medians of repeated runs, never single samples.
import { spawnSync } from 'node:child_process';
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

/** Probes preloaded into a measured child (--import): its peak memory, its CPU time, at exit. */
export const RSS_HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));
export const CPU_HOOK = fileURLToPath(new URL('./cpu-hook.js', import.meta.url));

/** Wall time (median) and peak RSS of a fresh process running `args`. */
export function coldProcess(command: string, args: readonly string[], runs = 7, cwd = process.cwd()): { ms: number; peakMB: number; status: number | null } {
  const samples: number[] = [];
  let peak = 0;
  let status: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${RSS_HOOK}`.trim() };
    const t0 = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    status = r.status;
    const m = /flopscope-bench-maxrss=(\d+)/.exec(r.stderr ?? '');
    if (m) peak = Math.max(peak, Number(m[1]) / 1024);
  }
  return { ms: median(samples), peakMB: peak, status };
}

export interface ColdCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * Like coldProcess for several commands, their runs interleaved (a, b, a, b, ...) so a busy
 * machine slows them alike; a median per command.
 */
export function coldProcesses(commands: readonly ColdCommand[], runs = 7, cwd = process.cwd()): Array<{ ms: number; peakMB: number; status: number | null }> {
  const samples = commands.map(() => [] as number[]);
  const peaks = commands.map(() => 0);
  const statuses = commands.map((): number | null => 0);
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${RSS_HOOK}`.trim() };
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(c.command, c.args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      samples[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      statuses[k] = r.status;
      const m = /flopscope-bench-maxrss=(\d+)/.exec(r.stderr ?? '');
      if (m) peaks[k] = Math.max(peaks[k], Number(m[1]) / 1024);
    });
  }
  return commands.map((_, k) => ({ ms: median(samples[k]), peakMB: peaks[k], status: statuses[k] }));
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`;
}
