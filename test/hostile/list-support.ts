// Shared by the tests of odd storage lists: proxies closed after each test, the list reply's
// shape, and a way to rewrite it or run the CLI through a proxy.
import { afterEach } from 'vitest';
import type { Emulator } from '../emulator/index.js';
import type { StorageRow } from '../emulator/types.js';
import type { Workspace } from '../e2e-support.js';
import type { CliResult } from '../helpers/cli.js';
import { startHostileProxy, type HostileProxy, type Rewriter } from './proxy.js';

export const LIST = '/api/admin/storage/list';

export interface ListData {
  content: StorageRow[] | null;
  total: number;
}

/** Starts hostile proxies for a test file and closes every one of them after each test. */
export function hostileProxies(): (upstreamUrl: string, rewriter?: Rewriter) => Promise<HostileProxy> {
  const running: HostileProxy[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.close()));
  });
  return async (upstreamUrl, rewriter) => {
    const proxy = await startHostileProxy(upstreamUrl, rewriter);
    running.push(proxy);
    return proxy;
  };
}

/** The emulator's list reply text with its data edited: the distortion to send instead. */
export function relist(upstreamText: string, edit: (data: ListData) => ListData): { body: string } {
  const reply = JSON.parse(upstreamText) as { code: number; message: string; data: ListData };
  return { body: JSON.stringify({ ...reply, data: edit(reply.data) }) };
}

/** Runs the CLI in-process against the proxy: the emulator's credentials, the proxy's URL. */
export function viaProxy(ws: Workspace, emu: Emulator, proxy: HostileProxy, args: readonly string[]): Promise<CliResult> {
  return ws.run(emu, args, { env: { ALIST_URL: proxy.url } });
}
