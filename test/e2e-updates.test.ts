// How an update is built and sent, end to end: it keeps what alist-batch does not manage byte for
// byte (the server's addition text), and it starts from the storage as it is right before the write,
// not as it was listed, so an administrator's edit made in between is kept or, when it touches what
// the update changes, stops the update.
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Emulator } from './emulator/index.js';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, workspaces, writesTo } from './e2e-support.js';
import { startHostileProxy, type HostileProxy } from './hostile/proxy.js';

const MARKER = 'managed-by: alist-batch';
const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const proxies: HostileProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

/** Only the PikPak section: the tests are about the storages they insert. */
const CONFIG = `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
pikpak:
    enable: true
`;
const PIK_SHARE = `Music/Live:
    Rooftop: https://mypikpak.com/s/VNRoof01?pwd=new-roof
    Winter: https://mypikpak.com/s/VNWinter02?pwd=ab12
`;

/** A PikPakShare addition as the server might hold it, with `pwd` as the share password. */
function pikAddition(shareId: string, pwd: string): string {
  return JSON.stringify({ root_folder_id: '', share_id: shareId, share_pwd: pwd, platform: 'android', device_id: 'dev-1', use_transcoding_address: false });
}

async function filesAndStorages(emu: Emulator) {
  const ws = await workspace();
  await ws.write({ 'config.yaml': CONFIG, 'pik_share.yaml': PIK_SHARE });
  const winter = emu.insertRow({ mount_path: '/Music/Live/Winter', driver: 'PikPakShare', remark: MARKER, addition: pikAddition('VNWinter02', 'old-pwd') });
  const rooftop = emu.insertRow({ mount_path: '/Music/Live/Rooftop', driver: 'PikPakShare', remark: MARKER, addition: pikAddition('VNRoof01', 'old-roof') });
  return { ws, winter, rooftop };
}

/**
 * Runs `edit` once, as soon as the emulator has answered the storage list: between apply's plan
 * and its writes (with latency, every later request is answered well after it).
 */
function editAfterList(emu: Emulator, edit: () => void): () => boolean {
  let done = false;
  const timer = setInterval(() => {
    if (emu.log.some((e) => e.path === '/api/admin/storage/list' && e.httpStatus !== null)) {
      clearInterval(timer);
      edit();
      done = true;
    }
  }, 2);
  onTestFinished(() => clearInterval(timer));
  return () => done;
}

describe('an update keeps what alist-batch does not manage', () => {
  it('sends the server addition text back with only the changed member replaced: objects, arrays, null and big integers as they were', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const proxy = await startHostileProxy(emu.url);
    proxies.push(proxy);
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'pik_share.yaml': 'Music/Live:\n    Winter: https://mypikpak.com/s/VNWinter02?pwd=ab12\n' });
    // Members of a newer driver, or set by another tool: none of them fits a string/number/boolean.
    const unmanaged = [
      '"extra": {"nested": [1, {"deep": null}], "text": "a\\"b}"}',
      '"tags":["x", 2, null]',
      '"nothing":null',
      '"big":12345678901234567890',
      '"tiny":1.0e-400',
    ];
    const stored =
      '{"root_folder_id":"","share_id":"VNWinter02","share_pwd":"old-pwd","platform":"android",' +
      `${unmanaged.slice(0, 2).join(',')},"device_id":"dev-1","use_transcoding_address":false,${unmanaged.slice(2).join(', ')}}`;
    emu.insertRow({ mount_path: '/Music/Live/Winter', driver: 'PikPakShare', remark: MARKER, addition: stored });

    const plan = await ws.run(emu, ['plan'], { env: { ALIST_URL: proxy.url } });
    expect(plan.stdout).toContain('share_pwd: "old-pwd" → "ab12"');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged.');

    const apply = await ws.run(emu, ['apply'], { env: { ALIST_URL: proxy.url } });
    expect(apply.stderr).not.toContain('FAILED');
    expect(apply.code).toBe(0);
    const updates = proxy.seen.filter((r) => r.path === '/api/admin/storage/update');
    expect(updates).toHaveLength(1);
    const sent = (JSON.parse(updates[0]?.body ?? '{}') as { addition: string }).addition;
    expect(sent).toBe(stored.replace('"share_pwd":"old-pwd"', '"share_pwd":"ab12"'));
    for (const member of unmanaged) expect(sent).toContain(member);
    // The server itself keeps only its driver's keys (as AList does); what it has is right.
    expect(JSON.parse(emu.row('/Music/Live/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'ab12', device_id: 'dev-1', share_id: 'VNWinter02' });
  });
});

describe('an update starts from the storage as it is right before the write', () => {
  it('keeps what an administrator changed meanwhile that the update does not manage (order, remark text, proxy, disabled)', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 400 });
    const { ws } = await filesAndStorages(emu);
    const edited = editAfterList(emu, () =>
      emu.editRow('/Music/Live/Winter', {
        order: 7,
        remark: `moved to the top by hand\n${MARKER}`,
        down_proxy_url: 'https://proxy.example.net',
        disabled: true,
        status: 'disabled',
      }),
    );

    const apply = await ws.run(emu, ['apply']);
    expect(edited()).toBe(true);
    expect(apply.stdout).toContain('Apply complete: 0 created, 2 updated, 0 deleted, 0 unchanged, 0 failed.');
    expect(apply.code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toMatchObject({
      order: 7,
      remark: `moved to the top by hand\n${MARKER}`,
      down_proxy_url: 'https://proxy.example.net',
      disabled: true,
    });
    expect(JSON.parse(emu.row('/Music/Live/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'ab12' });
    expect(JSON.parse(emu.row('/Music/Live/Rooftop')?.addition ?? '{}')).toMatchObject({ share_pwd: 'new-roof' });
  }, 20_000);

  it('does not overwrite what the update changes when an administrator changed it meanwhile (or took the mark out): conflict, exit 1', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 400 });
    const { ws, winter, rooftop } = await filesAndStorages(emu);
    editAfterList(emu, () => {
      emu.editRow('/Music/Live/Winter', { addition: pikAddition('VNWinter02', 'set-by-admin') });
      emu.editRow('/Music/Live/Rooftop', { remark: 'mine now, hands off' });
    });

    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('Apply incomplete: 0 created, 0 updated, 0 deleted, 0 unchanged, 2 failed.');
    expect(apply.stdout).toContain(
      `/Music/Live/Winter (update, id ${winter.id}): changed on the server since the plan (share_pwd); not updated — run plan again`,
    );
    expect(apply.stdout).toContain(
      `/Music/Live/Rooftop (update, id ${rooftop.id}): changed on the server since the plan (remark); not updated — run plan again`,
    );
    expect(writesTo(emu, 'update')).toEqual([]);
    expect(JSON.parse(emu.row('/Music/Live/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'set-by-admin' });
    expect(emu.row('/Music/Live/Rooftop')).toMatchObject({ remark: 'mine now, hands off' });
    expect(JSON.parse(emu.row('/Music/Live/Rooftop')?.addition ?? '{}')).toMatchObject({ share_pwd: 'old-roof' });
  }, 20_000);

  it('--adopt and --retry-broken write only the mark, on the fresh row: edits made meanwhile stay', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 400 });
    const ws = await workspace();
    await ws.write({ 'config.yaml': CONFIG, 'pik_share.yaml': PIK_SHARE });
    emu.insertRow({ mount_path: '/Music/Live/Winter', driver: 'PikPakShare', remark: 'made by hand', addition: pikAddition('VNWinter02', 'ab12') });
    emu.insertRow({
      mount_path: '/Music/Live/Rooftop',
      driver: 'PikPakShare',
      remark: MARKER,
      status: 'share link expired',
      addition: pikAddition('VNRoof01', 'new-roof'),
    });
    editAfterList(emu, () => {
      emu.editRow('/Music/Live/Winter', { remark: 'made by hand, renamed by hand', order: 4 });
      emu.editRow('/Music/Live/Rooftop', { order: 3 });
    });

    const apply = await ws.run(emu, ['apply', '--adopt', '--retry-broken']);
    expect(apply.stdout).toContain('Apply complete: 0 created, 2 updated, 0 deleted, 0 unchanged, 0 failed.');
    expect(apply.code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toMatchObject({ remark: `made by hand, renamed by hand\n${MARKER}`, order: 4 });
    expect(emu.row('/Music/Live/Rooftop')).toMatchObject({ remark: MARKER, order: 3, status: 'work' });
  }, 20_000);

  it('never writes a re-read reply about another storage back under it (a proxy answering for the wrong id)', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const proxy = await startHostileProxy(emu.url);
    proxies.push(proxy);
    const { ws, winter, rooftop } = await filesAndStorages(emu);
    proxy.setRewriter((request) =>
      request.path === '/api/admin/storage/get' && request.query.get('id') === String(winter.id)
        ? { body: JSON.stringify({ code: 200, message: 'success', data: emu.row('/Music/Live/Rooftop') }) }
        : undefined,
    );

    const apply = await ws.run(emu, ['apply'], { env: { ALIST_URL: proxy.url } });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      `/Music/Live/Winter (update, id ${winter.id}): changed on the server since the plan (id, mount_path); not updated — run plan again`,
    );
    const updates = proxy.seen.filter((r) => r.path === '/api/admin/storage/update').map((r) => (JSON.parse(r.body) as { id: number }).id);
    expect(updates).toEqual([rooftop.id]);
    expect(JSON.parse(emu.row('/Music/Live/Winter')?.addition ?? '{}')).toMatchObject({ share_pwd: 'old-pwd' });
    expect(JSON.parse(emu.row('/Music/Live/Rooftop')?.addition ?? '{}')).toMatchObject({ share_pwd: 'new-roof' });
  });

  it('reports a storage deleted meanwhile, and creates nothing in its place', async () => {
    const emu = await startEmulator({ users: [ADMIN], latencyMs: 400 });
    const { ws } = await filesAndStorages(emu);
    editAfterList(emu, () => emu.dropRow('/Music/Live/Winter'));

    const apply = await ws.run(emu, ['apply', '--json']);
    expect(apply.code).toBe(1);
    const doc = JSON.parse(apply.stdout) as { changes: { mount_path: string; result: string; error?: string }[] };
    expect(doc.changes.map((c) => [c.mount_path, c.result, c.error])).toEqual([
      ['/Music/Live/Rooftop', 'ok', undefined],
      ['/Music/Live/Winter', 'failed', 'no longer on the server (deleted since the plan); not updated — run plan again'],
    ]);
    expect(apply.stderr).toContain(`FAILED update /Music/Live/Winter: no longer on the server (deleted since the plan); not updated — run plan again`);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(writesTo(emu, 'create')).toEqual([]);
  }, 20_000);
});
