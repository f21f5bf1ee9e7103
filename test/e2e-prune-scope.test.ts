import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, MOUNT_PATHS, configYaml, workspaces, writesTo, type Workspace } from './e2e-support.js';
import type { Emulator } from './emulator/index.js';

// Prune's scope, end to end: a folder deletes only storages of its own set (config.yaml's name:)
// whose driver belongs to an enabled section, and never one without the exact marker line.

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** A second folder on the same server: its own mounts, one per driver, none shared with the standard files. */
const OFFICE_ALI = 'Office:\n    Handbook: https://www.aliyundrive.com/s/ShareHandbook7\n';
const OFFICE_PIK = 'Office:\n    Slides: https://mypikpak.com/s/VNSlides07\n    Posters: https://mypikpak.com/s/VNPosters8\n';
const OFFICE_OD = 'Office/Teams:\n    Dave: 1:dave@contoso.onmicrosoft.com\n';
const OFFICE_PATHS = ['/Office/Handbook', '/Office/Posters', '/Office/Slides', '/Office/Teams/Dave'];
/** The standard files without /Music/Live/Winter. */
const PIK_WITHOUT_WINTER = 'Music/Live:\n    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01\n';

/** config.yaml of the standard files, with a set name (or none). */
function namedConfig(name?: string): string {
  return name === undefined ? configYaml() : `name: ${name}\n${configYaml()}`;
}

async function folder(name: string | undefined, lists?: { ali: string; pik: string; od: string }): Promise<Workspace> {
  const ws = await workspace();
  await ws.write({ 'config.yaml': namedConfig(name) });
  if (lists) await ws.write({ 'ali_share.yaml': lists.ali, 'pik_share.yaml': lists.pik, 'onedrive_app.yaml': lists.od });
  return ws;
}

const OFFICE_LISTS = { ali: OFFICE_ALI, pik: OFFICE_PIK, od: OFFICE_OD };

/** The marker line of each (the last line; a fingerprint line may stand above it). */
function remarks(emu: Emulator, paths: readonly string[]): string[] {
  return paths.map((p) => emu.row(p)?.remark.split('\n').at(-1) ?? '(missing)');
}

interface PlanJson {
  set: string | null;
  changes: { action: string; mount_path: string; other_set?: string | null; reason?: string }[];
  orphans: { mount_path: string }[];
  other_sets: { mount_path: string; driver: string; id: number; set: string | null }[];
  out_of_scope: { mount_path: string; driver: string }[];
  warnings: { file: string; line: number; message: string }[];
}

describe('prune scoped by a named set', () => {
  it('two named folders on one server each apply and prune only their own storages', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const media = await folder('home-media');
    const office = await folder('office', OFFICE_LISTS);

    expect((await media.run(emu, ['apply'])).code).toBe(0);
    expect(remarks(emu, MOUNT_PATHS)).toEqual(MOUNT_PATHS.map(() => 'managed-by: alist-batch (home-media)'));
    const officeApply = await office.run(emu, ['apply']);
    expect(officeApply.code).toBe(0);
    expect(officeApply.stdout).toContain('8 storages of other alist-batch sets ("home-media": 8) are not in these files: left alone.');
    expect(remarks(emu, OFFICE_PATHS)).toEqual(OFFICE_PATHS.map(() => 'managed-by: alist-batch (office)'));

    // Each drops one mount; each prune deletes its own, and nothing of the other's.
    await media.write({ 'pik_share.yaml': PIK_WITHOUT_WINTER });
    await office.write({ 'pik_share.yaml': 'Office:\n    Slides: https://mypikpak.com/s/VNSlides07\n' });
    const plan = await media.run(emu, ['plan', '--prune', '--json']);
    const doc = JSON.parse(plan.stdout) as PlanJson;
    expect(doc.set).toBe('home-media');
    expect(doc.changes.map((c) => [c.action, c.mount_path])).toEqual([['delete', '/Music/Live/Winter']]);
    expect(doc.other_sets.map((s) => [s.mount_path, s.set])).toEqual(OFFICE_PATHS.map((p) => [p, 'office']));

    emu.resetStats();
    const mediaPrune = await media.run(emu, ['apply', '--prune', '--yes']);
    expect(mediaPrune.code).toBe(0);
    expect(writesTo(emu, 'delete')).toHaveLength(1);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.row('/Office/Posters')).toBeDefined();

    const officePrune = await office.run(emu, ['apply', '--prune', '--yes']);
    expect(officePrune.code).toBe(0);
    expect(officePrune.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted, 3 unchanged, 0 failed.');
    expect(emu.row('/Office/Posters')).toBeUndefined();
    expect(emu.rows()).toHaveLength(7 + 3);
  });

  it('an unnamed folder prunes only unnamed storages, and a named folder leaves the unnamed ones alone', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const unnamed = await folder(undefined);
    const named = await folder('office', OFFICE_LISTS);
    expect((await unnamed.run(emu, ['apply'])).code).toBe(0);
    expect(remarks(emu, MOUNT_PATHS)).toEqual(MOUNT_PATHS.map(() => 'managed-by: alist-batch'));
    expect((await named.run(emu, ['apply'])).code).toBe(0);

    // Both empty their PikPak lists: each prune deletes its own two PikPak storages only.
    await unnamed.write({ 'pik_share.yaml': '# nothing here any more\n' });
    await named.write({ 'pik_share.yaml': '# nothing here any more\n' });
    const unnamedPrune = await unnamed.run(emu, ['apply', '--prune', '--yes']);
    expect(unnamedPrune.code).toBe(0);
    expect(unnamedPrune.stdout).toContain('4 storages of other alist-batch sets ("office": 4) are not in these files: left alone.');
    expect(emu.row('/Music/Live/Rooftop')).toBeUndefined();
    expect(emu.row('/Office/Slides')).toBeDefined();

    const namedPlan = JSON.parse((await named.run(emu, ['plan', '--prune', '--json'])).stdout) as PlanJson;
    expect(namedPlan.set).toBe('office');
    expect(namedPlan.other_sets).toHaveLength(6);
    expect(namedPlan.other_sets.every((s) => s.set === null)).toBe(true);
    expect((await named.run(emu, ['apply', '--prune', '--yes'])).code).toBe(0);
    expect(emu.row('/Office/Slides')).toBeUndefined();
    expect(emu.rows().map((r) => r.mount_path)).toEqual(expect.arrayContaining(['/Movies/Night Train', '/Teams/Fabrikam/Carol', '/Office/Handbook']));
    expect(emu.rows()).toHaveLength(6 + 2);
  });

  it('a storage another set manages at a path these files name is a conflict, taken over only with --adopt', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const media = await folder('home-media');
    expect((await media.run(emu, ['apply'])).code).toBe(0);
    // The office folder names one of home-media's mounts, with another share password.
    const office = await folder('office', { ...OFFICE_LISTS, pik: `${OFFICE_PIK}Music/Live:\n    Winter: https://mypikpak.com/s/VNWinter02?pwd=zz99\n` });

    emu.resetStats();
    const apply = await office.run(emu, ['apply']);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toMatch(/! \/Music\/Live\/Winter \(PikPakShare, id \d+, managed by the alist-batch set "home-media"\)/);
    expect(apply.stdout).toContain('managed by the alist-batch set "home-media", not by this folder\'s ("office"); it is left untouched.');
    expect(apply.stdout).toContain('Plan: 4 to create, 0 to update, 0 to delete, 0 unchanged. 1 conflict left untouched.');
    expect(writesTo(emu, 'update')).toEqual([]);
    expect(emu.row('/Music/Live/Winter')?.remark).toBe('managed-by: alist-batch (home-media)');

    const json = JSON.parse((await office.run(emu, ['plan', '--json'])).stdout) as PlanJson;
    expect(json.changes).toEqual([expect.objectContaining({ action: 'conflict', mount_path: '/Music/Live/Winter', other_set: 'home-media' })]);

    const adopt = await office.run(emu, ['apply', '--adopt']);
    expect(adopt.code).toBe(0);
    expect(adopt.stdout).toContain(
      '(managed by the alist-batch set "home-media": --adopt re-marks it for this folder\'s set, whose apply --prune may then delete it, and the other\'s no longer)',
    );
    expect(emu.row('/Music/Live/Winter')?.remark).toBe('managed-by: alist-batch (office)');
    // home-media no longer prunes it (it is office's now), even after dropping it from its files.
    await media.write({ 'pik_share.yaml': PIK_WITHOUT_WINTER });
    const mediaPrune = await media.run(emu, ['apply', '--prune', '--yes']);
    expect(mediaPrune.code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toBeDefined();
  });

  it('naming an existing unnamed folder asks for --adopt once, then prunes as before', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await folder(undefined);
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    await ws.write({ 'config.yaml': namedConfig('home-media') });

    const plan = await ws.run(emu, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('managed by the unnamed alist-batch set (a config.yaml without name:)');
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 0 unchanged. 8 conflicts left untouched.');

    expect((await ws.run(emu, ['apply', '--adopt'])).code).toBe(0);
    expect(remarks(emu, MOUNT_PATHS)).toEqual(MOUNT_PATHS.map(() => 'managed-by: alist-batch (home-media)'));
    await ws.write({ 'pik_share.yaml': PIK_WITHOUT_WINTER });
    expect((await ws.run(emu, ['apply', '--prune', '--yes'])).code).toBe(0);
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    expect(emu.rows()).toHaveLength(7);
  });

  it('rejects a name that is not letters, digits, "-", "_" or ".", at its line and column, before contacting the server', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': `# my mounts\nname: home media!\n${configYaml()}` });
    const result = await ws.run(emu, ['apply']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${ws.config}:2:7: name must be 1 to 64 letters, digits, "-", "_" or "." (got "home media!"); it names this folder's set of storages in their remark, e.g. name: home-media`,
    );
    expect(emu.log).toEqual([]);
    await ws.write({ 'config.yaml': `name:\n${configYaml()}` });
    expect((await ws.run(emu, ['validate'])).stderr).toContain(`${ws.config}:1:1: empty value for name`);
  });
});

describe('a disabled section is out of scope, not removed', () => {
  it('prune leaves the storages of a disabled section alone and says so, while deleting what an enabled list dropped', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const aliyunDisabled = configYaml().replace('aliyun:\n    enable: true', 'aliyun:\n    enable: false');
    await ws.write({ 'config.yaml': aliyunDisabled, 'pik_share.yaml': PIK_WITHOUT_WINTER });

    const plan = await ws.run(emu, ['plan', '--prune', '--json']);
    const doc = JSON.parse(plan.stdout) as PlanJson;
    expect(doc.changes.map((c) => [c.action, c.mount_path])).toEqual([['delete', '/Music/Live/Winter']]);
    expect(doc.out_of_scope.map((s) => [s.mount_path, s.driver])).toEqual([
      ['/Movies/Harbour Lights', 'AliyundriveShare'],
      ['/Movies/Night Train', 'AliyundriveShare'],
      ['/TV/Documentaries/Deep Ocean', 'AliyundriveShare'],
    ]);

    const apply = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(
      '3 storages of disabled sections (AliyundriveShare) left alone; deleting entries from an enabled list is how storages are removed.',
    );
    expect(apply.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted, 4 unchanged, 0 failed.');
    expect(emu.row('/Music/Live/Winter')).toBeUndefined();
    for (const path of ['/Movies/Harbour Lights', '/Movies/Night Train', '/TV/Documentaries/Deep Ocean']) expect(emu.row(path)).toBeDefined();

    // A section left out of config.yaml altogether is out of scope the same way.
    await ws.write({ 'config.yaml': aliyunDisabled.slice(0, aliyunDisabled.indexOf('onedrive_app:')) });
    const second = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('6 storages of disabled sections (AliyundriveShare, OnedriveAPP) left alone;');
    expect(emu.rows()).toHaveLength(7);
  });

  it('an enabled section with an empty list file is in scope: validate warns, and prune deletes its storages', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    // Every entry deleted, a comment left (a file of 0 bytes is refused: "blank line").
    await ws.write({ 'ali_share.yaml': '# emptied by mistake\n' });
    const warning =
      `${ws.dir}/ali_share.yaml:1:1: warning: ${ws.dir}/ali_share.yaml names no mounts although aliyun.enable is true: ` +
      'apply --prune would delete every AliyundriveShare storage this config manages; add its entries back, or set aliyun.enable: false to leave those storages alone';

    const validate = await ws.run(emu, ['validate']);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain(warning);
    const plan = JSON.parse((await ws.run(emu, ['plan', '--prune', '--json'])).stdout) as PlanJson;
    expect(plan.warnings).toEqual([expect.objectContaining({ file: `${ws.dir}/ali_share.yaml`, line: 1 })]);
    expect(plan.changes.filter((c) => c.action === 'delete')).toHaveLength(3);

    const apply = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain(warning);
    expect(emu.rows().map((r) => r.driver)).not.toContain('AliyundriveShare');
    expect(emu.rows()).toHaveLength(5);
  });
});

describe('a storage without the exact marker line is never deleted', () => {
  it('leaves near-miss marks, marks of no valid set and unmarked storages alone', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    const nearMisses = [
      'managed-by: alist-batchx',
      '# managed-by: alist-batch',
      'managed-by: alist-batch (no spaces allowed)',
      'managed-by: alist-batch ()',
      'managed by alist-batch',
      'note: managed-by: alist-batch',
    ];
    nearMisses.forEach((remark, i) => emu.insertRow({ mount_path: `/Hand/${i}`, driver: 'PikPakShare', remark, addition: '{"share_id":"VNhand"}' }));

    const plan = await ws.run(emu, ['plan', '--prune']);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to delete, 8 unchanged.');
    expect(plan.stdout).toContain('6 other storages on the server are not in the files and not managed by alist-batch');
    emu.resetStats();
    expect((await ws.run(emu, ['apply', '--prune', '--yes'])).code).toBe(0);
    expect(writesTo(emu, 'delete')).toEqual([]);
    expect(emu.rows()).toHaveLength(8 + nearMisses.length);
  });
});
