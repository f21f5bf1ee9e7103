// Server rows at irregular mount paths, through the CLI: two rows at one path, and a row at
// `/Teams/Contoso/Alice/` (not the clean form the server stores) next to the files' `/Teams/Contoso/Alice`.
// The emulator keeps paths clean and unique, as the real server does, so the hostile proxy puts
// such rows into the list replies. alist-batch reports them, picks none, creates nothing beside them.
import { describe, expect, it } from 'vitest';
import { documentSchema, type JsonDocument } from '../src/ui/json-document.js';
import type { Emulator } from './emulator/index.js';
import type { StorageRow } from './emulator/types.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, MOUNT_PATHS, ONEDRIVE, workspaces, writesTo } from './e2e-support.js';
import { LIST, hostileProxies, relist, viaProxy } from './hostile/list-support.js';
import type { HostileProxy } from './hostile/proxy.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();
const startProxy = hostileProxies();

/** A proxy whose list replies pass through `edit` (the total follows the rows, so the list is consistent). */
function listEditingProxy(emu: Emulator, edit: (rows: StorageRow[]) => StorageRow[]): Promise<HostileProxy> {
  return startProxy(emu.url, (request, text) => {
    if (request.path !== LIST) return undefined;
    return relist(text, (data) => {
      const content = edit(data.content ?? []);
      return { content, total: content.length };
    });
  });
}

function parseDocument(stdout: string): JsonDocument {
  return documentSchema.parse(JSON.parse(stdout));
}

describe('a row at a non-canonical path next to the path the files name', () => {
  it('is a conflict: plan shows it (text and JSON), apply creates nothing beside it and exits 1, the other mounts are created', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    // Made "by hand"; the proxy shows it at "/Teams/Contoso/Alice/", as a database edited by hand could hold it.
    const odd = emu.insertRow({ mount_path: '/Scratch', driver: 'OnedriveAPP' });
    const proxy = await listEditingProxy(emu, (rows) => rows.map((r) => (r.id === odd.id ? { ...r, mount_path: '/Teams/Contoso/Alice/' } : r)));
    const ws = await workspace();

    const plan = await viaProxy(ws, emu, proxy, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('! /Teams/Contoso/Alice (1 storage on the server at an irregular path, OnedriveAPP in the files)');
    expect(plan.stdout).toContain(
      `the server has a storage at "/Teams/Contoso/Alice/" (OnedriveAPP, id ${odd.id}), which is this path written in a form the server does not store`,
    );
    expect(plan.stdout).toContain('Fix its mount path in the web UI (Storages → Edit → Mount Path: /Teams/Contoso/Alice), or delete it there');
    expect(plan.stdout).toContain(`  "/Teams/Contoso/Alice/" (OnedriveAPP, id ${odd.id}): the server would store this path as /Teams/Contoso/Alice`);
    expect(plan.stdout).toContain('Plan: 7 to create, 0 to update, 0 to delete, 0 unchanged. 1 conflict left untouched.');
    expect((await viaProxy(ws, emu, proxy, ['plan', '--detailed-exitcode'])).code).toBe(1);

    const json = parseDocument((await viaProxy(ws, emu, proxy, ['plan', '--json'])).stdout);
    expect(json.irregular).toEqual([
      { mount_path: '/Teams/Contoso/Alice/', driver: 'OnedriveAPP', id: odd.id, clean_path: '/Teams/Contoso/Alice', problems: ['noncanonical'] },
    ]);
    expect(json.changes?.find((c) => c.mount_path === '/Teams/Contoso/Alice')).toMatchObject({ action: 'conflict', id: odd.id });
    expect(json.unmanaged).toEqual([]);

    const apply = await viaProxy(ws, emu, proxy, ['apply', '--json']);
    expect(apply.code).toBe(1);
    expect(parseDocument(apply.stdout).summary).toMatchObject({ create: 7, conflict: 1, ok: 7, failed: 1 });
    expect(emu.row('/Teams/Contoso/Alice')).toBeUndefined();
    expect(writesTo(emu, 'create')).toHaveLength(7);
    expect(emu.rows().map((r) => r.mount_path)).toEqual(expect.arrayContaining(MOUNT_PATHS.filter((p) => p !== '/Teams/Contoso/Alice')));
    expect(emu.row('/Scratch')).toMatchObject({ id: odd.id, driver: 'OnedriveAPP' });
  });
});

describe('two rows at one mount path', () => {
  it('neither is updated or pruned: a conflict where the files name the path, a report where they do not; the unrelated changes are applied', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const nightTrain = emu.row('/Movies/Night Train');
    const rooftop = emu.row('/Music/Live/Rooftop');
    const winter = emu.row('/Music/Live/Winter');
    if (!nightTrain || !rooftop || !winter) throw new Error('the standard files were not applied');
    // A second row at each of two paths the server already has: one the files name, one they drop.
    const proxy = await listEditingProxy(emu, (rows) => [...rows, { ...nightTrain, id: 901 }, { ...rooftop, id: 902 }]);
    // Bob moves (an update), the PikPak shares leave the files (--prune deletes what is regular).
    await ws.write({ 'onedrive_app.yaml': ONEDRIVE.replace('onmicrosoft.com:/Projects', 'onmicrosoft.com:/Moved'), 'pik_share.yaml': '# none\n' });
    emu.resetStats();

    const json = parseDocument((await viaProxy(ws, emu, proxy, ['plan', '--prune', '--json'])).stdout);
    expect(json.irregular).toEqual([
      { mount_path: '/Movies/Night Train', driver: 'AliyundriveShare', id: nightTrain.id, clean_path: '/Movies/Night Train', problems: ['duplicate'] },
      { mount_path: '/Movies/Night Train', driver: 'AliyundriveShare', id: 901, clean_path: '/Movies/Night Train', problems: ['duplicate'] },
      { mount_path: '/Music/Live/Rooftop', driver: 'PikPakShare', id: rooftop.id, clean_path: '/Music/Live/Rooftop', problems: ['duplicate'] },
      { mount_path: '/Music/Live/Rooftop', driver: 'PikPakShare', id: 902, clean_path: '/Music/Live/Rooftop', problems: ['duplicate'] },
    ]);
    expect(json.changes?.map((c) => [c.action, c.mount_path])).toEqual([
      ['conflict', '/Movies/Night Train'],
      ['delete', '/Music/Live/Winter'],
      ['update', '/Teams/Contoso/Bob'],
    ]);
    const conflict = json.changes?.[0];
    expect(conflict?.reason).toContain(
      `the server has 2 storages at this path: "/Movies/Night Train" (AliyundriveShare, id ${nightTrain.id}), "/Movies/Night Train" (AliyundriveShare, id 901); alist-batch does not pick one.`,
    );

    const apply = await viaProxy(ws, emu, proxy, ['apply', '--prune', '--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('4 storages on the server are at an irregular mount path');
    expect(apply.stdout).toContain(`  "/Music/Live/Rooftop" (PikPakShare, id 902): one of several storages at /Music/Live/Rooftop`);
    expect(apply.stdout).toContain('Apply incomplete: 0 created, 1 updated, 1 deleted');
    expect(apply.stdout).toContain('Resolve the conflicts, then run apply again.');
    expect(writesTo(emu, 'update')).toHaveLength(1);
    expect(writesTo(emu, 'delete')).toEqual([`id=${winter.id}`]);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.row('/Music/Live/Rooftop')).toMatchObject({ id: rooftop.id });
    expect(emu.row('/Movies/Night Train')).toEqual(nightTrain);
    expect(emu.log.filter((e) => e.path === '/api/admin/storage/create')).toHaveLength(0);
  });
});
