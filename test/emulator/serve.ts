// CLI entry for the demo and benchmarks:
//   node dist-test/emulator/serve.js --port 0 --latency 20 --seed 1 [--flavor openlist] [--version v] [--base-path /alist]
// Prints one JSON line {url, username, password, adminToken} on stdout, runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const USERNAME = 'admin';
const PASSWORD = 'admin-pass';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      latency: { type: 'string', default: '0' },
      seed: { type: 'string', default: '1' },
      flavor: { type: 'string', default: 'alist' },
      version: { type: 'string' },
      'base-path': { type: 'string' },
    },
  });
  const flavor = values.flavor === 'openlist' ? 'openlist' : 'alist';
  const emulator = await startEmulator({
    port: Number(values.port),
    latencyMs: Number(values.latency),
    seed: Number(values.seed),
    flavor,
    ...(values.version ? { version: values.version } : {}),
    ...(values['base-path'] ? { basePath: values['base-path'] } : {}),
    users: [{ username: USERNAME, password: PASSWORD }],
  });
  process.stdout.write(JSON.stringify({ url: emulator.url, username: USERNAME, password: PASSWORD, adminToken: emulator.adminToken }) + '\n');
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
