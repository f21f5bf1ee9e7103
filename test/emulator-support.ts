// Plain-fetch helpers for the emulator's own tests (no client code from src/: the emulator is what
// our client is tested against, so its tests talk HTTP directly).
import { afterEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from './emulator/index.js';

export interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

export interface CallOptions {
  token?: string;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(emu: Emulator, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = options.token;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return fetch(emu.url + path, { method, headers, body, redirect: 'manual' });
}

/** Calls and decodes the envelope, asserting the transport-level facts every JSON reply shares. */
export async function api(emu: Emulator, method: string, path: string, options: CallOptions = {}): Promise<Envelope> {
  const res = await call(emu, method, path, options);
  if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${method} ${path}`);
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) throw new Error(`not JSON: ${method} ${path}`);
  return (await res.json()) as Envelope;
}

/** The admin-token shortcut most storage tests use. */
export const admin = (emu: Emulator) => ({
  get: (path: string) => api(emu, 'GET', path, { token: emu.adminToken }),
  post: (path: string, body?: unknown) => api(emu, 'POST', path, { token: emu.adminToken, body }),
});

export interface CreateBody {
  mount_path: string;
  driver: string;
  addition?: string;
  [key: string]: unknown;
}

export const create = (emu: Emulator, body: CreateBody) => admin(emu).post('/api/admin/storage/create', { addition: '{}', ...body });

/** A mutable clock for lockout and token-expiry tests. */
export function manualClock(start = Date.UTC(2025, 4, 24, 12)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Starts emulators for a test file and closes every one of them after each test. */
export function emulatorLifecycle(): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });
  return async (options = {}) => {
    const e = await startEmulator(options);
    running.push(e);
    return e;
  };
}
