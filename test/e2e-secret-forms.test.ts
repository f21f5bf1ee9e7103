import { describe, expect, it } from 'vitest';
import { emulatorLifecycle } from './emulator-support.js';
import { CLIENT_SECRET_1, CLIENT_SECRET_2, REFRESH_TOKEN, configYaml, workspaces } from './e2e-support.js';
import type { CliResult } from './helpers/cli.js';

// A server that quotes the request body back in an error message shows a secret JSON-escaped (or
// escaped twice, or URL-encoded), not as the files hold it. None of these forms may be printed.

const startEmulator = emulatorLifecycle();
const workspace = workspaces();

/** Secrets with a quote, a backslash, a space and characters Go escapes in JSON (&, <). */
const CLIENT_SECRET = 'Quote"Back\\slash & <x> cs-91ab';
const ADMIN_PASSWORD = 'adm"in\\pass word-7f3a';

/** Every form a secret may take in a server's reply, computed here on their own (not by the code under test). */
function formsOf(secret: string): string[] {
  const json = (s: string): string => JSON.stringify(s).slice(1, -1);
  const go = (s: string): string => json(s).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const forms = [
    secret,
    json(secret),
    json(json(secret)),
    go(secret),
    go(go(secret)),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
  ];
  // Text from the server is printed escaped (a backslash doubled), and in quotes with `"` escaped:
  // a secret must not survive that either.
  const shown = forms.map((form) => form.replaceAll('\\', '\\\\'));
  return [...forms, ...shown, ...shown.map((form) => form.replaceAll('"', '\\"'))];
}

/**
 * What a Go server's jsoniter error looks like when it quotes the request: the addition JSON (a
 * string inside the body, so escaped twice there), and, for good measure, the login it came with.
 */
function echoingMessage(): string {
  const addition = JSON.stringify({ client_id: '3f2a9c1e-0000-4000-8000-00000000fab0', client_secret: CLIENT_SECRET, tenant_id: 'fabrikam.onmicrosoft.com' });
  const goAddition = addition.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const body = JSON.stringify({ addition: goAddition });
  return (
    `onedrive_app.Addition.ClientSecret: ReadString: invalid escaped char, error found in #10 byte of ...|${goAddition}|..., ` +
    `bigger context ...|${body}|... (signed in with ${JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })}, ` +
    `referer /login?password=${encodeURIComponent(ADMIN_PASSWORD)})`
  );
}

/** The standard config.yaml, with the Fabrikam tenant's client secret the hostile one (single-quoted YAML keeps `\` and `"` as they are). */
function configWithHostileSecret(): string {
  return configYaml().replace(CLIENT_SECRET_2, `'${CLIENT_SECRET}'`);
}

function expectNoSecretForm(result: CliResult): void {
  for (const secret of [CLIENT_SECRET, ADMIN_PASSWORD, CLIENT_SECRET_1, REFRESH_TOKEN]) {
    for (const form of formsOf(secret)) {
      expect(result.stdout).not.toContain(form);
      expect(result.stderr).not.toContain(form);
    }
  }
}

describe('secrets a server echoes back in escaped form', () => {
  it('prints none of their forms in text output, --json output or stderr (built CLI and in-process)', async () => {
    const emu = await startEmulator({
      users: [{ username: 'admin', password: ADMIN_PASSWORD }],
      initFailures: [{ addition: { email: 'carol@fabrikam.onmicrosoft.com' }, message: echoingMessage() }],
    });
    const ws = await workspace();
    await ws.write({ 'config.yaml': configWithHostileSecret() });
    const env = { E2E_ADMIN_PASSWORD: ADMIN_PASSWORD };

    // The message really reaches the output (redacted), so the absence of the secrets means something.
    const apply = await ws.runBuilt(emu, ['apply'], { env });
    expect(apply.code).toBe(1);
    // Eight creates go out at once: Carol's id is whichever the server gave her.
    const carol = emu.row('/Teams/Fabrikam/Carol')?.id;
    expect(apply.stdout).toContain(`/Teams/Fabrikam/Carol (create, id ${carol}): failed init storage but storage is already created: `);
    expect(apply.stdout).toContain('"client_secret":"********","tenant_id":"fabrikam.onmicrosoft.com"');
    expect(apply.stdout).toContain('"password":"********"');
    expect(apply.stdout).toContain('referer /login?password=********)');
    expect(apply.stderr).toContain('FAILED create /Teams/Fabrikam/Carol: failed init storage');
    expectNoSecretForm(apply);

    const plan = await ws.run(emu, ['plan', '--json'], { env });
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout) as { not_working: { mount_path: string; status: string }[] };
    expect(doc.not_working).toEqual([expect.objectContaining({ mount_path: '/Teams/Fabrikam/Carol' })]);
    expect(doc.not_working[0]?.status).toContain('\\"client_secret\\":\\"********\\"');
    expectNoSecretForm(plan);

    const retry = await ws.run(emu, ['apply', '--retry-broken', '--json'], { env });
    expect(retry.code).toBe(1);
    const retried = JSON.parse(retry.stdout) as { changes: { result: string; error: string }[] };
    expect(retried.changes).toEqual([expect.objectContaining({ result: 'failed' })]);
    expect(retried.changes[0]?.error).toContain('ReadString: invalid escaped char');
    expectNoSecretForm(retry);

    const text = await ws.run(emu, ['plan'], { env });
    expect(text.stdout).toContain(`/Teams/Fabrikam/Carol (OnedriveAPP, id ${carol}): onedrive_app.Addition.ClientSecret`);
    expectNoSecretForm(text);
  });
});
