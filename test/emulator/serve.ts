// CLI entry for the demo and benchmarks:
//   node dist-test/emulator/serve.js --port 0 --latency 20 --seed 1 [--flavor openlist] [--version v] [--base-path /alist]
// Prints one JSON line {url, username, password, adminToken} on stdout, runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const USAGE = `Usage: node dist-test/emulator/serve.js [options]

An AList v3 / OpenList v4 admin-API emulator on 127.0.0.1, for alist-batch's demo, tests and
benchmarks (a stand-in for a real server, not AList itself). Prints one JSON line
{"url", "username", "password", "adminToken"} on stdout, then serves until SIGINT or SIGTERM.

Options:
  --port <n>         port to listen on (default 0: any free port)
  --latency <ms>     added to every request (default 0)
  --seed <n>         seed of the random source for faults (default 1)
  --flavor <name>    alist (default) or openlist
  --version <v>      the version the server reports (default v3.45.0, or v4.2.5 for openlist)
  --base-path <p>    serve the API under a sub-path, e.g. /alist
  -h, --help         show this help`;

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
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
  process.stderr.write(`emulator: ${(error as Error).message}\n(run with --help for usage)\n`);
  process.exitCode = 1;
});
