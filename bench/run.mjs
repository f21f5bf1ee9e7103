// `npm run bench`: every scenario of issue 11 in one run, each next to a floor measured in the
// same run, as ratios (so the figures hold on a noisy machine). Prints a table; never fails.
//   validate 10,000 / 100,000 mounts      vs the fastest bare `node -e 0`
//   no-op re-sync of 2,000 mounts         vs the fastest bare `node -e 0` (and its request count)
//   cold apply of 1,000 mounts at 8/32/64/256 in flight   vs a bare node:http client doing the same creates
// The emulator runs in this process with 20 ms latency per request; the CLI is a child process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PASSWORD, writeBenchFiles } from './files.mjs';
import { ROOT, machine, median, runCli } from './lib.mjs';

const { startEmulator } = await import(join(ROOT, 'dist-test', 'emulator', 'index.js'));
const LATENCY_MS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

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
function report(scenario, wallMs, floorMs, goal, extra = {}) {
  const ratio = wallMs / floorMs;
  rows.push({ scenario, wall_s: (wallMs / 1000).toFixed(2), floor_s: (floorMs / 1000).toFixed(2), ratio: `${ratio.toFixed(2)}x`, goal, ...extra });
}

async function validateScenario(count, floor, goal) {
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  try {
    const config = writeBenchFiles(dir, count);
    const runs = [];
    for (let i = 0; i < (count > 10_000 ? 2 : RUNS); i++) runs.push(await runCli(['validate', '-c', config]));
    if (runs.some((r) => r.code !== 0)) throw new Error(`validate failed: ${runs[0]?.stderr.slice(-500)}`);
    report(`validate, ${count.toLocaleString('en')} mounts`, median(runs.map((r) => r.wallMs)), floor, goal, {
      peak_rss_mb: Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function applyOnce(emulator, config, concurrency) {
  emulator.resetStats();
  const result = await runCli(['apply', '-c', config, '--concurrency', String(concurrency)], { env: { ALIST_URL: emulator.url } });
  return { ...result, requests: emulator.log.length };
}

async function noOpScenario(floor) {
  const emulator = await startEmulator({ latencyMs: LATENCY_MS, users: [{ username: 'admin', password: BENCH_PASSWORD }] });
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  try {
    const config = writeBenchFiles(dir, 2000);
    const setup = await applyOnce(emulator, config, 64);
    if (setup.code !== 0) throw new Error(`setup apply failed: ${setup.stderr.slice(-500)}`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await applyOnce(emulator, config, 8));
    report('no-op re-sync, 2,000 mounts', median(runs.map((r) => r.wallMs)), floor, '≤ 5x, ≤ 5 requests', {
      requests: runs[0]?.requests,
      peak_rss_mb: Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0),
    });
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function coldApplyScenario(concurrency) {
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  const users = [{ username: 'admin', password: BENCH_PASSWORD }];
  const bare = await startEmulator({ latencyMs: LATENCY_MS, users });
  const ours = await startEmulator({ latencyMs: LATENCY_MS, users });
  try {
    const floor = await timeProcess([join(ROOT, 'bench', 'bare-client.mjs'), bare.url, BENCH_PASSWORD, '1000', String(concurrency)]);
    const config = writeBenchFiles(dir, 1000);
    const result = await applyOnce(ours, config, concurrency);
    const serverFloor = ((1000 * LATENCY_MS) / concurrency / 1000).toFixed(2);
    if (result.code !== 0) {
      rows.push({
        scenario: `cold apply, 1,000 mounts, ${concurrency} in flight`,
        wall_s: '-',
        floor_s: (floor / 1000).toFixed(2),
        ratio: '-',
        goal: '≤ 1.2x',
        note: result.stderr.trim().split('\n').pop(),
      });
      return;
    }
    report(`cold apply, 1,000 mounts, ${concurrency} in flight`, result.wallMs, floor, concurrency >= 32 ? '≤ 1.2x' : '-', {
      requests: result.requests,
      server_floor_s: serverFloor,
      peak_rss_mb: result.peakRssMb.toFixed(0),
    });
  } finally {
    await bare.close();
    await ours.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`# alist-batch benchmarks — ${machine()}; emulator latency ${LATENCY_MS} ms`);
const floor = await nodeFloorMs();
console.log(`# fastest bare \`node -e 0\` of 7: ${floor.toFixed(0)} ms`);
await validateScenario(10_000, floor, '≤ 4x, ≤ 150 MB');
await validateScenario(100_000, floor, 'linear, ≤ 600 MB');
await noOpScenario(floor);
for (const concurrency of [8, 32, 64, 256]) await coldApplyScenario(concurrency);
console.table(rows);
