// Timing helpers for the benchmarks: medians of repeated runs, never single samples.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  readonly name: string;
  readonly value: string;
  readonly target?: string;
  /** Whether the target is met, when there is one. */
  readonly ok?: boolean;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median milliseconds of `runs` calls after `warmup` unmeasured ones. */
export function timeMs(fn: () => unknown, runs = 15, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

const RSS_HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

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

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`;
}
