// The emulator's model of OpenList's storage details: from v4.1.3 the admin list waits for every
// storage's disk usage (at most 3 s), unless hide_storage_details_in_manage_page is on.
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from './emulator/index.js';
import { admin, create, emulatorLifecycle } from './emulator-support.js';

const startEmulator = emulatorLifecycle();

async function listMs(options: EmulatorOptions): Promise<number> {
  const emu = await startEmulator(options);
  await create(emu, { mount_path: '/a', driver: 'AliyundriveShare', addition: '{"refresh_token":"t","share_id":"x"}' });
  const started = Date.now();
  const reply = await admin(emu).get('/api/admin/storage/list');
  expect(reply.code).toBe(200);
  return Date.now() - started;
}

describe('storage details delay', () => {
  it('delays the list on OpenList >= v4.1.3 only, and not when the setting hides the details', async () => {
    expect(await listMs({ flavor: 'openlist', storageDetailsMs: 400 })).toBeGreaterThanOrEqual(380);
    expect(await listMs({ flavor: 'openlist', storageDetailsMs: 400, hideStorageDetails: true })).toBeLessThan(200);
    expect(await listMs({ flavor: 'openlist', version: 'v4.1.2', storageDetailsMs: 400 })).toBeLessThan(200);
    expect(await listMs({ flavor: 'alist', storageDetailsMs: 400 })).toBeLessThan(200);
  });
});
