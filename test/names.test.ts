// Hostile names and echoed text, end to end: names in list files that would hide, fake or climb out
// (refused by validate, nothing sent), names made directly on the server (printed escaped by plan
// and apply), diagnostics that echo input (cut short), and URLs whose query may be a token.
import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { ADMIN, configYaml, workspaces } from './e2e-support.js';
import { startHostileProxy } from './hostile/proxy.js';

const startEmulator = emulatorLifecycle();
const workspace = workspaces();
const MARKER = 'managed-by: alist-batch';

/** Any character that would move the cursor, erase, or reorder a terminal line (tab included). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The PikPak list file with these extra lines below a `Movies:` category. */
function pikFile(lines: readonly string[]): string {
  return ['Music/Live:', '    Rooftop: https://mypikpak.com/s/VNRoof01/VNFolder01', ...lines].join('\n') + '\n';
}

describe('names in list files', () => {
  it('refuses control, bidi and zero-width characters, edge spaces and climbing names at file:line:col; sends nothing', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({
      'pik_share.yaml': pikFile([
        'Movies:',
        '    "a\\u001b[2Kb": https://mypikpak.com/s/VN1',
        '    "x\\n+ fake line": https://mypikpak.com/s/VN2',
        '    "r\\rz": https://mypikpak.com/s/VN3',
        '    "evil\\u202egnp.exe": https://mypikpak.com/s/VN4',
        '    "z\\u200bw": https://mypikpak.com/s/VN5',
        '    "b ": https://mypikpak.com/s/VN6',
        '    ../../etc: https://mypikpak.com/s/VN7',
        '    "..\\\\..\\\\etc": https://mypikpak.com/s/VN8',
        '    a/../b: https://mypikpak.com/s/VN9',
        '    Deep/Folder: https://mypikpak.com/s/VN10',
        '" Spaced":',
        '    A: https://mypikpak.com/s/VN11',
        '"TV\\u2066":',
        '    A: https://mypikpak.com/s/VN12',
      ]),
    });
    const run = await ws.run(emu, ['plan']);
    const file = `${ws.dir}/pik_share.yaml`;
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
      `${file}:4:5: mount name "a\\u001b[2Kb" contains a control character (U+001B ESC): remove it`,
      `${file}:5:5: mount name "x\\n+ fake line" contains a control character (U+000A LF): remove it`,
      `${file}:6:5: mount name "r\\rz" contains a control character (U+000D CR): remove it`,
      `${file}:7:5: mount name "evil\\u202egnp.exe" contains a control character (U+202E RIGHT-TO-LEFT OVERRIDE): remove it`,
      `${file}:8:5: mount name "z\\u200bw" contains an invisible zero-width character (U+200B ZERO WIDTH SPACE): remove it (it makes two names that look the same different)`,
      `${file}:9:5: mount name "b " starts or ends with a space: remove it (the server would keep it, and "b " and "b" would be two folders that look alike)`,
      `${file}:10:5: mount name "../../etc" leaves its category "Movies" (it would mount at "/etc"): a name may not contain .. segments`,
      `${file}:11:5: mount name "..\\\\..\\\\etc" leaves its category "Movies" (it would mount at "/etc"): a name may not contain .. segments`,
      `${file}:12:5: mount name "a/../b" contains a ".." segment: a name may not contain .. segments (they would climb out of the folder it belongs in)`,
      `${file}:14:1: category name " Spaced" starts or ends with a space: remove it (the server would keep it, and "b " and "b" would be two folders that look alike)`,
      `${file}:16:1: category name "TV\\u2066" contains a control character (U+2066 LEFT-TO-RIGHT ISOLATE): remove it`,
    ]);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('error: 11 problems found in the configuration; nothing was sent to the server.');
    expect(emu.writeCount()).toBe(0);
    await ws.write({ 'pik_share.yaml': pikFile(['Movies:', '    .: https://mypikpak.com/s/VN1']) });
    expect((await ws.run(emu, ['validate'])).stderr).toContain(
      `${file}:4:5: mount name "." names no folder inside its category "Movies" (it would mount at the category itself): give it a name`,
    );
    // A '/' inside a name still makes deeper folders, as in a category.
    await ws.write({ 'pik_share.yaml': pikFile(['Movies:', '    Deep/Folder: https://mypikpak.com/s/VN10']) });
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    expect(emu.row('/Movies/Deep/Folder')).toBeDefined();
  });

  it('takes an NFD spelling of a path for the NFC one (error), and warns about paths equal but for letter case', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({
      'pik_share.yaml': pikFile(['Movies:', '    "Caf\\u00e9": https://mypikpak.com/s/VN1', '    "Cafe\\u0301": https://mypikpak.com/s/VN2']),
      'onedrive_app.yaml': 'Teams/Contoso:\n    Bob: 1:bob@contoso.onmicrosoft.com\n    bob: 1:bob2@contoso.onmicrosoft.com\n',
    });
    const run = await ws.run(emu, ['validate', '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { error: { diagnostics: { file: string; line: number; col: number; message: string; severity?: string }[] } };
    expect(doc.error.diagnostics).toEqual([
      {
        file: `${ws.dir}/pik_share.yaml`,
        line: 5,
        col: 5,
        message: `mount path "/Movies/Cafe\u0301" is already used by ${ws.dir}/pik_share.yaml:4:5 (as "/Movies/Caf\u00e9": the same text in another Unicode normalisation form)`,
      },
      {
        file: `${ws.dir}/onedrive_app.yaml`,
        line: 3,
        col: 5,
        severity: 'warning',
        message: `mount path "/Teams/Contoso/bob" differs from "/Teams/Contoso/Bob" (${ws.dir}/onedrive_app.yaml:2:5) only in letter case: a server on a case-insensitive database (MySQL) takes them for one path; rename one of them`,
      },
    ]);

    // The warning alone does not stop apply: SQLite and PostgreSQL keep the two apart.
    await ws.write({ 'pik_share.yaml': pikFile([]) });
    const apply = await ws.run(emu, ['apply']);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain('onedrive_app.yaml:3:5: warning: mount path "/Teams/Contoso/bob" differs from "/Teams/Contoso/Bob"');
    expect(emu.row('/Teams/Contoso/bob')).toBeDefined();
    expect(emu.row('/Teams/Contoso/Bob')).toBeDefined();
  });

  it('reads a name of over 1024 characters the same way whether or not another key is quoted: one clear message', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const long = 'n'.repeat(3000);
    const message = 'a name or key longer than 1024 characters (YAML allows at most 1024 before its ":", quotes included): shorten it';
    for (const other of ['Other', '"Other"']) {
      await ws.write({ 'pik_share.yaml': pikFile(['Movies:', `    ${other}: https://mypikpak.com/s/VN1`, `    ${long}: https://mypikpak.com/s/VN2`]) });
      const run = await ws.run(emu, ['validate']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${ws.dir}/pik_share.yaml:5:5: ${message}`);
      expect(run.stderr).not.toContain(long);
    }
    // 1024 characters are fine on both paths.
    await ws.write({ 'pik_share.yaml': pikFile(['Movies:', `    ${'n'.repeat(1024)}: https://mypikpak.com/s/VN2`]) });
    expect((await ws.run(emu, ['validate'])).code).toBe(0);
    expect(emu.writeCount()).toBe(0);
  });
});

describe('echoed input is cut short', () => {
  it('a 10 MB list value is quoted in 120 characters and an ellipsis', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    const huge = 'h'.repeat(10 * 1024 * 1024);
    await ws.write({ 'pik_share.yaml': pikFile(['Movies:', `    Big: ${huge}`]) });
    const run = await ws.run(emu, ['validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${ws.dir}/pik_share.yaml:4:10: not a PikPak share link: "${'h'.repeat(120)}…"`);
    expect(run.stderr.length).toBeLessThan(2000);
  });

  it('an unknown config key of 5,000 characters is cut too', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    await ws.write({ 'config.yaml': `${configYaml()}platform: ${'p'.repeat(5000)}\n` });
    const run = await ws.run(emu, ['validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`unknown top-level key "platform"`);
    await ws.write({ 'config.yaml': configYaml().replace('region: global', `region: ${'r'.repeat(5000)}`) });
    const region = await ws.run(emu, ['validate']);
    expect(region.stderr).toContain(`onedrive_app.region must be one of global, cn, us, de (got "${'r'.repeat(120)}…")`);
    expect(region.stderr.length).toBeLessThan(2000);
  });
});

describe('a URL query is treated as a secret', () => {
  it.each<[string, { url?: string; env?: string }, string]>([
    ['the file', { url: 'http//alist.example.net/?token=QUERY-SECRET-1' }, 'url is not an http:// or https:// URL: "http//alist.example.net/?…"'],
    ['the file (fragment)', { url: 'alist.example.net/#access_token=QUERY-SECRET-1' }, 'url is not an http:// or https:// URL: "alist.example.net/#…"'],
    ['ALIST_URL', { env: 'ftp//x/?token=QUERY-SECRET-1' }, 'ALIST_URL (environment): not an http:// or https:// URL: "ftp//x/?…"'],
  ])('from %s: shown as ?… by validate and plan', async (_from, given, expected) => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    if (given.url) await ws.write({ 'config.yaml': configYaml().replace('url: http://127.0.0.1:9', `url: ${given.url}`) });
    const env = { ALIST_URL: given.env };
    for (const command of ['validate', 'plan']) {
      const run = await ws.run(emu, [command], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(expected);
      expect(run.stderr + run.stdout).not.toContain('QUERY-SECRET-1');
    }
    expect(emu.log).toHaveLength(0);
  });
});

describe('names made on the server are printed escaped', () => {
  const hostile = ['/Hostile/cr\rhidden', '/Hostile/esc\u001b[2Kgone', '/Hostile/nl\n+ /Fake/line (PikPakShare)', '/Hostile/bidi\u202etxt.exe'];
  const shown = ['/Hostile/cr\\rhidden', '/Hostile/esc\\u001b[2Kgone', '/Hostile/nl\\n+ /Fake/line (PikPakShare)', '/Hostile/bidi\\u202etxt.exe'];

  it('by plan (orphans, deletions, not working) and apply --prune (progress and summary); JSON keeps the raw names', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    for (const path of hostile) emu.insertRow({ mount_path: path, driver: 'PikPakShare', remark: MARKER, addition: '{"share_id":"VNx"}' });
    emu.insertRow({ mount_path: '/Hand/ctl\u0007\u009b2J', driver: 'PikPak', remark: '', addition: '{}' });
    emu.setStatus('/Music/Live/Winter', 'failed init\r\u001b[2Kall good');

    const plan = await ws.run(emu, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout + plan.stderr).not.toMatch(RAW_CONTROL);
    for (const path of shown) expect(plan.stdout).toContain(`  ${path} (PikPakShare, id `);
    expect(plan.stdout).toContain('  /Music/Live/Winter (PikPakShare, id ');
    expect(plan.stdout).toContain('): failed init\\r\\u001b[2Kall good');
    expect(plan.stdout).not.toMatch(/^\+ \/Fake/m);

    const pruneplan = await ws.run(emu, ['plan', '--prune']);
    for (const path of shown) expect(pruneplan.stdout).toContain(`  - ${path} (PikPakShare, id `);
    expect(pruneplan.stdout).not.toMatch(RAW_CONTROL);

    const json = await ws.run(emu, ['plan', '--prune', '--json']);
    const doc = JSON.parse(json.stdout) as { changes: { mount_path: string }[] };
    expect(doc.changes.map((c) => c.mount_path).sort()).toEqual([...hostile].sort());

    // No terminal, no --yes: refused before anything is deleted, and nothing printed raw.
    const refused = await ws.run(emu, ['apply', '--prune']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).not.toMatch(RAW_CONTROL);
    expect(emu.rows()).toHaveLength(13);

    const pruned = await ws.run(emu, ['apply', '--prune', '--yes']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout + pruned.stderr).not.toMatch(RAW_CONTROL);
    for (const path of shown) expect(pruned.stderr).toMatch(new RegExp(`\\] deleted ${path.replace(/[\\[\]().*+?^$|]/g, '\\$&')}$`, 'm'));
    expect(pruned.stdout).toContain('Apply complete: 0 created, 0 updated, 4 deleted, 8 unchanged, 0 failed.');
    for (const path of hostile) expect(emu.row(path)).toBeUndefined();
    expect(emu.row('/Hand/ctl\u0007\u009b2J')).toBeDefined();
  });

  it('in the failure and skip lists of the summary, with the server message escaped too', async () => {
    const emu = await startEmulator({ users: [ADMIN] });
    const ws = await workspace();
    expect((await ws.run(emu, ['apply'])).code).toBe(0);
    for (const path of hostile) emu.insertRow({ mount_path: path, driver: 'PikPakShare', remark: MARKER, addition: '{"share_id":"VNx"}' });
    await ws.write({ 'pik_share.yaml': pikFile(['Movies:', '    New: https://mypikpak.com/s/VNnew']) });
    // The create is refused with a message that would erase the line and fake another.
    const proxy = await startHostileProxy(emu.url, (request) =>
      request.path === '/api/admin/storage/create'
        ? { body: JSON.stringify({ code: 400, message: 'bad\r\u001b[2Kall fine\n+ /Fake/line (PikPakShare)', data: null }) }
        : undefined,
    );
    try {
      const run = await ws.run(emu, ['apply', '--prune', '--yes'], { env: { ALIST_URL: proxy.url } });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
      expect(run.stdout).toMatch(/^ {2}\/Movies\/New \(create\): .*bad\\r\\u001b\[2Kall fine\\n\+ \/Fake\/line \(PikPakShare\)/m);
      expect(run.stderr).toMatch(/FAILED create \/Movies\/New: .*bad\\r\\u001b\[2Kall fine\\n/);
      expect(run.stdout).toContain(`Skipped (5):`);
      for (const path of shown) expect(run.stdout).toContain(`  ${path} (delete): not deleted`);
      for (const path of hostile) expect(emu.row(path)).toBeDefined();
    } finally {
      await proxy.close();
    }
  });
});
