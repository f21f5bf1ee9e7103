// `npm run bench`: every scenario of issue 11 in one run, each next to a floor measured in the
// same run, as ratios (so the figures hold on a noisy machine). Prints a table; never fails.
// Each is measured with the code cache warm (src/boot.ts) and, in rows of their own, without it.
//   validate 10,000 / 100,000 mounts      vs the fastest bare `node -e 0`; 100,000 also vs 10,000 (linear?)
//   no-op re-sync of 2,000 mounts         vs the fastest bare `node -e 0` (and its request count)
//   cold apply of 1,000 mounts at 8/32/64/256 in flight   vs a bare node:http client doing the same creates
// Wall times are medians of BENCH_RUNS runs (default 5; 3 for 100,000 mounts); the cold apply alternates our run and the
// bare client's, each on a fresh emulator. cpu_s is the CLI's own CPU time (user + system), less
// noisy than wall time on a shared machine. The emulator runs in this process with 20 ms latency
// per request; the CLI and the bare client are child processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PASSWORD, writeBenchFiles } from './files.mjs';
import { ROOT, machine, median, runCli } from './lib.mjs';

const { startEmulator } = await import(join(ROOT, 'dist-test', 'emulator', 'index.js'));
// A code cache of this run's own (src/boot.ts), filled by each command's first runs: the scenarios
// measure what a user's repeated runs cost; the rows "no code cache" what a fresh machine's first
// run (or a CI runner that keeps nothing) costs.
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'alist-batch-bench-cache-'));
process.env.ALIST_BATCH_CACHE_DIR = CACHE_DIR;
const NO_CACHE = { ALIST_BATCH_CACHE_DIR: 'off' };
/** The cache is saved by a command's first three runs: runs before the measured ones. */
const WARM_UP_RUNS = 3;
const LATENCY_MS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USERS = [{ username: 'admin', password: BENCH_PASSWORD }];

function timeProcess(args) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    ),
  );
}

async function nodeFloorMs() {
  const times = [];
  for (let i = 0; i < 7; i++) times.push(await timeProcess(['-e', '0']));
  return Math.min(...times);
}

const rows = [];
const seconds = (ms) => (ms / 1000).toFixed(2);

/** One row: wall time (and CPU time) next to the floor, the ratio, the goal and whether it is met. */
function report(scenario, runs, floorMs, goal, extra = {}) {
  const wallMs = median(runs.map((r) => r.wallMs));
  const ratio = wallMs / floorMs;
  const met = goal.ratio === undefined ? '-' : ratio <= goal.ratio && (goal.check?.() ?? true) ? 'yes' : 'NO';
  rows.push({
    scenario,
    wall_s: seconds(wallMs),
    cpu_s: seconds(median(runs.map((r) => r.cpuMs))),
    floor_s: seconds(floorMs),
    ratio: `${ratio.toFixed(2)}x`,
    goal: goal.text,
    met,
    peak_rss_mb: Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0),
    ...extra,
  });
  return wallMs;
}

async function validateScenario(count, runsWanted, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  try {
    const config = writeBenchFiles(dir, count);
    const runs = [];
    for (let i = 0; i < runsWanted; i++) runs.push(await runCli(['validate', '-c', config], { env }));
    if (runs.some((r) => r.code !== 0)) throw new Error(`validate failed: ${runs[0]?.stderr.slice(-500)}`);
    return runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function validateScenarios(floor) {
  const cold = await validateScenario(10_000, RUNS, NO_CACHE);
  await validateScenario(10_000, WARM_UP_RUNS);
  const small = await validateScenario(10_000, RUNS);
  report('validate, 10,000 mounts', small, floor, {
    text: '≤ 4x, ≤ 150 MB',
    ratio: 4,
    check: () => Math.max(...small.map((r) => r.peakRssMb)) <= 150,
  });
  report('validate, 10,000 mounts, no code cache', cold, floor, { text: '-' });
  const large = await validateScenario(100_000, Math.min(RUNS, 3));
  // Linear: the work beyond start-up grows ~10x from 10,000 to 100,000. In CPU time, which a
  // loaded machine distorts far less than wall time; start-up taken as the floor.
  const cpu = (runs) => median(runs.map((r) => r.cpuMs)) - floor;
  const growth = cpu(large) / cpu(small);
  report(
    'validate, 100,000 mounts',
    large,
    floor,
    { text: 'linear, ≤ 600 MB', ratio: Infinity, check: () => growth <= 12 && Math.max(...large.map((r) => r.peakRssMb)) <= 600 },
    {
      note: `${growth.toFixed(1)}x the CPU time of 10,000 (linear: ~10x)`,
    },
  );
}

async function applyOnce(emulator, config, concurrency, env = {}) {
  emulator.resetStats();
  const result = await runCli(['apply', '-c', config, '--concurrency', String(concurrency)], { env: { ALIST_URL: emulator.url, ...env } });
  return { ...result, requests: emulator.log.length };
}

async function noOpScenario(floor) {
  const emulator = await startEmulator({ latencyMs: LATENCY_MS, users: USERS });
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  try {
    const config = writeBenchFiles(dir, 2000);
    const setup = await applyOnce(emulator, config, 64);
    if (setup.code !== 0) throw new Error(`setup apply failed: ${setup.stderr.slice(-500)}`);
    const cold = [];
    for (let i = 0; i < RUNS; i++) cold.push(await applyOnce(emulator, config, 8, NO_CACHE));
    for (let i = 0; i < WARM_UP_RUNS; i++) await applyOnce(emulator, config, 8);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await applyOnce(emulator, config, 8));
    const requests = Math.max(...runs.map((r) => r.requests));
    report('no-op re-sync, 2,000 mounts', runs, floor, { text: '≤ 5x, ≤ 5 requests', ratio: 5, check: () => requests <= 5 }, { requests });
    report('no-op re-sync, 2,000 mounts, no code cache', cold, floor, { text: '-' }, { requests: Math.max(...cold.map((r) => r.requests)) });
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bare client's whole process, on an emulator of its own. */
async function bareOnce(concurrency) {
  const bare = await startEmulator({ latencyMs: LATENCY_MS, users: USERS });
  try {
    return await timeProcess([join(ROOT, 'bench', 'bare-client.mjs'), bare.url, BENCH_PASSWORD, '1000', String(concurrency)]);
  } finally {
    await bare.close();
  }
}

async function coldApplyScenario(concurrency, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  const noCache = env === NO_CACHE;
  const scenario = `cold apply, 1,000 mounts, ${concurrency} in flight${noCache ? ', no code cache' : ''}`;
  const goal = !noCache && (concurrency === 32 || concurrency === 256) ? { text: '≤ 1.2x', ratio: 1.2 } : { text: '-' };
  try {
    const config = writeBenchFiles(dir, 1000);
    const floors = [];
    const runs = [];
    // As many as the other scenarios: the bare client's own time varies by ±10 % from run to run.
    for (let i = 0; i < RUNS; i++) {
      floors.push(await bareOnce(concurrency));
      const ours = await startEmulator({ latencyMs: LATENCY_MS, users: USERS });
      try {
        runs.push(await applyOnce(ours, config, concurrency, env));
      } finally {
        await ours.close();
      }
    }
    const failed = runs.find((r) => r.code !== 0);
    if (failed) {
      rows.push({
        scenario,
        wall_s: '-',
        floor_s: seconds(median(floors)),
        ratio: '-',
        goal: goal.text,
        met: 'NO',
        note: failed.stderr.trim().split('\n').pop(),
      });
      return;
    }
    report(scenario, runs, median(floors), goal, { requests: runs[0]?.requests, server_floor_s: seconds((1000 * LATENCY_MS) / concurrency) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`# alist-batch benchmarks — ${machine()}; emulator latency ${LATENCY_MS} ms; medians of ${RUNS} runs (3 for 100,000 mounts)`);
const floor = await nodeFloorMs();
console.log(`# fastest bare \`node -e 0\` of 7: ${floor.toFixed(0)} ms; cold apply floor: bench/bare-client.mjs (node:http, keep-alive), median`);
await validateScenarios(floor);
await noOpScenario(floor);
for (const concurrency of [8, 32, 64, 256]) await coldApplyScenario(concurrency);
await coldApplyScenario(32, NO_CACHE);
console.table(rows);
rmSync(CACHE_DIR, { recursive: true, force: true });
