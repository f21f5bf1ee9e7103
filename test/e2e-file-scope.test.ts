// Prune's scope with shares.yaml and storages.yaml: shares.yaml puts the four share drivers in scope;
// storages.yaml puts every driver in scope except those of a section given with enable: false.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, REFRESH_TOKEN, workspaces, writesTo } from './e2e-support.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

const MARKER = 'managed-by: alist-batch';

const SERVER = `url: http://127.0.0.1:9
auth:
    username: admin
    password: \${E2E_ADMIN_PASSWORD}
`;

interface PlanJson {
  changes: { action: string; mount_path: string }[];
  out_of_scope: { mount_path: string; driver: string }[];
}

/** Storages this folder made earlier (marked), one per driver, none of them in the files any more. */
function leftovers(emu: Awaited<ReturnType<typeof startEmulator>>): void {
  const addition = (value: Record<string, unknown>) => JSON.stringify(value);
  emu.insertRow({ mount_path: '/Old/Ali', driver: 'AliyundriveShare', remark: MARKER, addition: addition({ refresh_token: 'x', share_id: 'S1' }) });
  emu.insertRow({ mount_path: '/Old/Pik', driver: 'PikPakShare', remark: MARKER, addition: addition({ share_id: 'VN1', platform: 'android' }) });
  emu.insertRow({ mount_path: '/Old/Pan123', driver: '123PanShare', remark: MARKER, addition: addition({ sharekey: 'k1' }) });
  emu.insertRow({ mount_path: '/Old/Open', driver: 'AliyundriveOpen', remark: MARKER, addition: addition({ refresh_token: 'y', oauth_token_url: 'u' }) });
  emu.insertRow({ mount_path: '/Old/Teams', driver: 'OnedriveAPP', remark: MARKER, addition: addition({ email: 'a@b.c' }) });
  // Made by hand: never touched, whatever the scope.
  emu.insertRow({ mount_path: '/Old/Hand', driver: 'PikPak', remark: '', addition: addition({ username: 'u' }) });
}

const ENV = { OPEN_TOKEN: 'open-token-scope-1' };

async function pruneRun(config: string, files: Record<string, string>) {
  const emu = await startEmulator({ users: [ADMIN] });
  leftovers(emu);
  const ws = await workspace();
  await ws.write({ 'config.yaml': SERVER + config, ...files });
  const plan = await ws.run(emu, ['plan', '--prune', '--json'], { env: ENV });
  expect(plan.code).toBe(0);
  const doc = JSON.parse(plan.stdout) as PlanJson;
  emu.resetStats();
  const apply = await ws.run(emu, ['apply', '--prune', '--yes'], { env: ENV });
  expect(apply.code).toBe(0);
  return {
    emu,
    doc,
    left: emu
      .rows()
      .map((r) => r.mount_path)
      .sort(),
  };
}

const ONE_SHARE = 'New:\n    Film: https://mypikpak.com/s/VNFilm9\n';
const ONE_STORAGE = `/New/Open:\n    driver: AliyundriveOpen\n    addition:\n        refresh_token: \${OPEN_TOKEN}\n        oauth_token_url: https://api.nn.ci/alist/ali_open/token\n`;

describe('prune scope of shares.yaml and storages.yaml', () => {
  it('shares.yaml: prune deletes the share storages it no longer names, and leaves other drivers alone', async () => {
    const config = `aliyun:\n    enable: false\n    refresh_token: ${REFRESH_TOKEN}\nshares:\n    enable: true\n`;
    const { emu, doc, left } = await pruneRun(config, { 'shares.yaml': ONE_SHARE });
    expect(doc.changes.map((c) => [c.action, c.mount_path])).toEqual([
      ['create', '/New/Film'],
      ['delete', '/Old/Ali'],
      ['delete', '/Old/Pan123'],
      ['delete', '/Old/Pik'],
    ]);
    expect(doc.out_of_scope.map((s) => s.mount_path)).toEqual(['/Old/Open', '/Old/Teams']);
    expect(writesTo(emu, 'delete')).toHaveLength(3);
    expect(left).toEqual(['/New/Film', '/Old/Hand', '/Old/Open', '/Old/Teams']);
  });

  it('storages.yaml: every driver is in scope but those of a section given with enable: false', async () => {
    const config = 'pikpak:\n    enable: false\nstorages:\n    enable: true\n';
    const { doc, left } = await pruneRun(config, { 'storages.yaml': ONE_STORAGE });
    expect(doc.changes.map((c) => [c.action, c.mount_path])).toEqual([
      ['create', '/New/Open'],
      ['delete', '/Old/Ali'],
      ['delete', '/Old/Open'],
      ['delete', '/Old/Pan123'],
      ['delete', '/Old/Teams'],
    ]);
    expect(doc.out_of_scope.map((s) => [s.mount_path, s.driver])).toEqual([['/Old/Pik', 'PikPakShare']]);
    expect(left).toEqual(['/New/Open', '/Old/Hand', '/Old/Pik']);
  });

  it('storages.yaml and shares.yaml together: a disabled section’s driver named in shares.yaml is in scope', async () => {
    const config = `pikpak:\n    enable: false\nshares:\n    enable: true\nstorages:\n    enable: true\n`;
    const { doc, left } = await pruneRun(config, { 'storages.yaml': ONE_STORAGE, 'shares.yaml': ONE_SHARE });
    expect(doc.out_of_scope).toEqual([]);
    expect(left).toEqual(['/New/Film', '/New/Open', '/Old/Hand']);
  });
});
