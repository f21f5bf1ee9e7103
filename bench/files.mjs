// The files the benchmarks run on: one config.yaml with 10 OneDrive tenants and a list file of
// `count` mounts, 100 per category. `edited` mounts get another root path (an update each).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TENANTS = 10;
export const BENCH_PASSWORD = 'bench-admin-password';

export function writeBenchFiles(dir, count, { edited = 0, url = 'http://127.0.0.1:1' } = {}) {
  const config = [
    `url: ${url}`,
    'auth:',
    '    username: admin',
    `    password: ${BENCH_PASSWORD}`,
    'onedrive_app:',
    '    enable: true',
    '    region: global',
    '    tenants:',
  ];
  for (let t = 1; t <= TENANTS; t++) {
    config.push(
      `        - id: ${t}`,
      `          client_id: 00000000-0000-4000-8000-${String(t).padStart(12, '0')}`,
      `          client_secret: bench-secret-${t}-abcdef`,
      `          tenant_id: tenant${t}.onmicrosoft.com`,
    );
  }
  writeFileSync(join(dir, 'config.yaml'), `${config.join('\n')}\n`);
  const lines = [];
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) lines.push(`Org${i % 7}/Batch ${Math.floor(i / 100)}:`);
    const tenant = (i % TENANTS) + 1;
    lines.push(`    user ${i}: ${tenant}:user${i}@org${tenant}.onmicrosoft.com${i < edited ? ':/edited' : i % 2 ? `:/Shared/${i}` : ''}`);
  }
  writeFileSync(join(dir, 'onedrive_app.yaml'), `${lines.join('\n')}\n`);
  return join(dir, 'config.yaml');
}
