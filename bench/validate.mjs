// Benchmark: `alist-batch validate` on 10,000 OneDrive mounts across 10 tenants.
// Budget (issue 2): < 0.5 s wall and < 150 MB peak RSS on a 2-core machine.
// Usage: npm run build && node bench/validate.mjs [runs]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, runCli } from './lib.mjs';

const MOUNTS = 10_000;
const TENANTS = 10;
const CATEGORIES = 100;
const runs = Number(process.argv[2] ?? 5);

function writeFiles(dir) {
  const config = [
    'url: http://127.0.0.1:5244',
    'auth:',
    '    username: admin',
    '    password: bench-admin-password',
    'onedrive_app:',
    '    enable: true',
    '    region: global',
    '    tenants:',
  ];
  for (let t = 1; t <= TENANTS; t++) {
    config.push(`        - id: ${t}`, `          client_id: client-${t}`, `          client_secret: bench-secret-${t}`, `          tenant_id: tenant-${t}`);
  }
  writeFileSync(join(dir, 'config.yaml'), `${config.join('\n')}\n`);
  const list = [];
  const perCategory = MOUNTS / CATEGORIES;
  for (let c = 0; c < CATEGORIES; c++) {
    list.push(`Org/Department ${c}:`);
    for (let i = 0; i < perCategory; i++) {
      const n = c * perCategory + i;
      const tenant = (n % TENANTS) + 1;
      list.push(`    user ${n}: ${tenant}:user${n}@org${tenant}.onmicrosoft.com${n % 2 ? `:/Shared/${n}` : ''}`);
    }
  }
  writeFileSync(join(dir, 'onedrive_app.yaml'), `${list.join('\n')}\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'alist-batch-bench-validate-'));
try {
  writeFiles(dir);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await runCli(['validate', '-c', join(dir, 'config.yaml')]);
    if (r.code !== 0) throw new Error(`validate failed (exit ${r.code}):\n${r.stderr}`);
    if (!r.stdout.includes(`valid, ${MOUNTS} mounts`)) throw new Error(`unexpected output:\n${r.stdout}`);
    results.push(r);
  }
  const json = await runCli(['validate', '--json', '-c', join(dir, 'config.yaml')]);
  const wall = median(results.map((r) => r.wallMs));
  const rss = Math.max(...results.map((r) => r.peakRssMb));
  console.log(`machine: ${machine()}`);
  console.log(
    `validate, ${MOUNTS} OneDrive mounts / ${TENANTS} tenants, ${runs} runs: median wall ${wall.toFixed(0)} ms (min ${Math.min(...results.map((r) => r.wallMs)).toFixed(0)}, max ${Math.max(...results.map((r) => r.wallMs)).toFixed(0)}), peak RSS ${rss.toFixed(1)} MB`,
  );
  console.log(`validate --json, same files: wall ${json.wallMs.toFixed(0)} ms, peak RSS ${json.peakRssMb.toFixed(1)} MB`);
  const ok = wall < 500 && rss < 150;
  console.log(ok ? 'within budget (< 500 ms, < 150 MB)' : 'OVER BUDGET (< 500 ms, < 150 MB)');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
