// Preloaded into the CLI by the benchmarks: writes the process's peak RSS (KiB) and its CPU time
// (user + system, ms) at exit, as "rss cpu". CPU time is far less noisy than wall time on a shared machine.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS} ${(user + system) / 1000}`);
});
