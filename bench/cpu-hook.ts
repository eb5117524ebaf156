// Preloaded into benchmarked processes: reports the CPU time (user + system, microseconds) the
// process used, which waiting for a shared machine's cores does not inflate as wall time is.
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nflopscope-bench-cpu-us=${u.userCPUTime + u.systemCPUTime}\n`);
});
