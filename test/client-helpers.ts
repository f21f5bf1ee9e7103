// Shared by the client contract tests (test/client-*.test.ts): a client against the emulator.
import { inspect } from 'node:util';
import { AlistClient, type ClientOptions } from '../src/alist/client.js';
import type { Emulator, EmulatorOptions } from './emulator/index.js';
import { startEmulator } from './emulator/index.js';

export const ADMIN_PASSWORD = 'S3cret-admin-pass!';
export const ADMIN_TOKEN = 'alist-11111111-2222-3333-4444-555555555555-secret-admin-token-value';

/** Everything a test opened; closed by closeEverything (register it with afterEach). */
const opened: { close(): Promise<void> }[] = [];

export async function closeEverything(): Promise<void> {
  // Clients before emulators; a test may have closed an emulator itself already.
  await Promise.allSettled(
    opened
      .splice(0)
      .reverse()
      .map((o) => o.close()),
  );
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ users: [{ username: 'admin', password: ADMIN_PASSWORD }], adminToken: ADMIN_TOKEN, ...options });
  opened.push(emulator);
  return emulator;
}

export interface Recorded {
  warnings: string[];
  retries: { endpoint: string; attempt: number; reason: string }[];
}

/** Fast retries and short timeouts, warnings and retries recorded. */
export function clientOptions(emulator: Emulator, recorded: Recorded, extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    url: emulator.url,
    username: 'admin',
    password: ADMIN_PASSWORD,
    retryBaseMs: 1,
    timeoutMs: 2_000,
    onWarning: (message) => recorded.warnings.push(message),
    onRetry: ({ endpoint, attempt, reason }) => recorded.retries.push({ endpoint, attempt, reason }),
    ...extra,
  };
}

export function newRecorded(): Recorded {
  return { warnings: [], retries: [] };
}

export async function connect(emulator: Emulator, recorded: Recorded = newRecorded(), extra: Partial<ClientOptions> = {}): Promise<AlistClient> {
  const client = await AlistClient.connect(clientOptions(emulator, recorded, extra));
  opened.push(client);
  return client;
}

/** What a promise rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Every way an error may reach a user or a log: message, stack, hint, JSON, util.inspect (incl. cause). */
export function everyRendering(error: Error): string {
  return [String(error), error.stack ?? '', JSON.stringify(error), JSON.stringify({ ...error }), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

/** The logged requests to one endpoint. */
export function requestsTo(emulator: Emulator, path: string): number {
  return emulator.log.filter((e) => e.path === path).length;
}
