// Shared by the benchmarks: run the built CLI as a child process and measure it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'bin', 'alist-batch.js');
const RSS_PROBE = join(ROOT, 'bench', 'rss-probe.cjs');

/**
 * Runs `node bin/alist-batch.js ...args`; returns exit code, output, wall time, and the child's CPU
 * time and peak resident memory (reported by a preloaded probe at exit, so no external tool is needed).
 */
export async function runCli(args, { env = {}, cwd = ROOT } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-'));
  const rssFile = join(dir, 'rss');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--require', RSS_PROBE, CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env, BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let peakRssMb = NaN;
  let cpuMs = NaN;
  try {
    const [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    peakRssMb = rss / 1024;
    cpuMs = cpu;
  } catch {
    // the child died before its exit hook ran
  }
  rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, wallMs, cpuMs, peakRssMb };
}

export function machine() {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
