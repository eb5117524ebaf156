// Preloaded into benchmarked processes: reports the process's peak resident memory (KiB) at exit.
process.on('exit', () => {
  process.stderr.write(`\nflopscope-bench-maxrss=${process.resourceUsage().maxRSS}\n`);
});
