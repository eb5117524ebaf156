// Preloaded into benchmarked processes: reports the process's peak resident memory (KiB) at exit.
// On Linux from /proc/self/status (VmHWM, this program's own high-water mark): getrusage's
// maxRSS is carried over from the parent through fork and exec, so a child of a large benchmark
// process would report the parent's size.
import { readFileSync } from 'node:fs';

function peakKiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: the rusage figure below
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stderr.write(`\nflopscope-bench-maxrss=${peakKiB()}\n`);
});
