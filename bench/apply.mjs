// Benchmark of apply against the emulator with 20 ms latency per request (issue 4):
//   cold apply of 1,000 mounts; no-op re-sync of 2,000 mounts; update of 10 % of them.
// Prints wall time, requests, writes, peak memory of the CLI, and the latency floor.
// Usage: npm run build && npm run build:emulator && node bench/apply.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, machine, runCli } from './lib.mjs';

const { startEmulator } = await import(join(ROOT, 'dist-test', 'emulator', 'index.js'));

const LATENCY_MS = 20;
const CONCURRENCY = 8;
const TENANTS = 10;
const PASSWORD = 'bench-admin-password';

/** Writes config.yaml + onedrive_app.yaml with `count` mounts; `edited` of them get another root path. */
function writeFiles(dir, count, edited = 0) {
  const tenants = Array.from({ length: TENANTS }, (_, i) =>
    [
      `        - id: ${i + 1}`,
      `          client_id: client-${i + 1}`,
      `          client_secret: secret-${i + 1}-abcdef`,
      `          tenant_id: tenant-${i + 1}`,
    ].join('\n'),
  ).join('\n');
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'url: http://127.0.0.1:1',
      'auth:',
      '    username: admin',
      `    password: ${PASSWORD}`,
      'onedrive_app:',
      '    enable: true',
      '    region: global',
      '    tenants:',
      tenants,
      '',
    ].join('\n'),
  );
  const lines = [];
  const perCategory = 100;
  for (let i = 0; i < count; i++) {
    if (i % perCategory === 0) lines.push(`Team${(i / perCategory) % TENANTS}/Batch${Math.floor(i / perCategory)}:`);
    const tenant = (i % TENANTS) + 1;
    const root = i < edited ? ':/edited' : '';
    lines.push(`    mount${i}: ${tenant}:user${i}@tenant${tenant}.onmicrosoft.com${root}`);
  }
  writeFileSync(join(dir, 'onedrive_app.yaml'), `${lines.join('\n')}\n`);
}

async function measure(label, emulator, dir, floorMs) {
  emulator.resetStats();
  const result = await runCli(['apply', '-c', join(dir, 'config.yaml'), '--concurrency', String(CONCURRENCY)], {
    env: { ALIST_URL: emulator.url },
  });
  if (result.code !== 0) {
    console.error(result.stderr.slice(-2000));
    throw new Error(`${label}: apply exited ${result.code}`);
  }
  const row = {
    scenario: label,
    wall_s: (result.wallMs / 1000).toFixed(2),
    requests: emulator.log.length,
    writes: emulator.writeCount(),
    max_in_flight: emulator.maxConcurrency(),
    peak_rss_mb: result.peakRssMb.toFixed(0),
    floor_s: floorMs === undefined ? '-' : (floorMs / 1000).toFixed(2),
    vs_floor: floorMs === undefined ? '-' : `${(result.wallMs / floorMs).toFixed(2)}x`,
  };
  console.log(JSON.stringify(row));
  return row;
}

/**
 * What N requests cost on this machine at this latency and concurrency with nothing else going on:
 * N cheap GETs through a bare undici pool against the same emulator. The arithmetic floor
 * (N x latency / concurrency) ignores the emulator's and the loopback's own time per request.
 */
async function transportFloorMs(emulator, n) {
  const { Pool } = await import('undici');
  const pool = new Pool(emulator.url.replace(/\/$/, ''), { connections: CONCURRENCY * 2 });
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < n) {
      next += 1;
      const reply = await pool.request({ path: '/api/public/settings', method: 'GET' });
      await reply.body.text();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const elapsed = performance.now() - started;
  await pool.close();
  return elapsed;
}

const emulator = await startEmulator({ latencyMs: LATENCY_MS, users: [{ username: 'admin', password: PASSWORD }] });
const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-apply-'));
try {
  console.log(`# apply benchmark — ${machine()}; emulator latency ${LATENCY_MS} ms, --concurrency ${CONCURRENCY}`);
  const transport = await transportFloorMs(emulator, 1000);
  console.log(
    `# transport floor: 1,000 bare GETs at ${CONCURRENCY} in flight take ${(transport / 1000).toFixed(2)} s here (arithmetic floor ${((1000 * LATENCY_MS) / CONCURRENCY / 1000).toFixed(2)} s)`,
  );
  writeFiles(dir, 1000);
  const rows = [await measure('cold apply, 1,000 mounts', emulator, dir, (1000 * LATENCY_MS) / CONCURRENCY)];

  writeFiles(dir, 2000);
  await measure('(setup: 1,000 more mounts)', emulator, dir, (1000 * LATENCY_MS) / CONCURRENCY);
  rows.push(await measure('no-op re-sync, 2,000 mounts', emulator, dir));

  writeFiles(dir, 2000, 200);
  rows.push(await measure('update 10 % (200 of 2,000)', emulator, dir, (200 * LATENCY_MS) / CONCURRENCY));
  console.table(rows);
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
