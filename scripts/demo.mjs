// `npm run demo`: the whole job without a real server. Starts the test emulator (a stand-in for
// AList on 127.0.0.1, with 30 ms latency per request), runs `apply` on examples/ against it, then
// `plan`, so you see progress, the summary, and a converged server.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulator } = await import(join(root, 'dist-test', 'emulator', 'index.js'));

const password = 'demo-admin-password';
const emulator = await startEmulator({ latencyMs: 30, users: [{ username: 'admin', password }] });

function run(args) {
  console.log(`\n$ alist-batch ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'alist-batch.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    // The examples name a fictional server; the environment points them at the emulator.
    env: { ...process.env, ALIST_URL: emulator.url, ALIST_USERNAME: 'admin', ALIST_PASSWORD: password },
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

let code = 1;
try {
  console.log(`Demo: an AList emulator (a stand-in for a real server, in this process) listens on ${emulator.url}`);
  code = await run(['apply', '-c', 'examples/config.yaml']);
  if (code === 0) code = await run(['plan', '-c', 'examples/config.yaml', '--detailed-exitcode']);
  console.log(`\nThe emulator now holds ${emulator.rows().length} storages; the second command found nothing to change (exit ${code}).`);
} finally {
  await emulator.close();
}
process.exitCode = code;
