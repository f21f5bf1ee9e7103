import { describe, expect, it } from 'vitest';
import { decideColorLevel } from '../src/ui/color.js';
import { PassThrough } from 'node:stream';
import { SecretRedactor } from '../src/model/secrets.js';
import { FORMAT_VERSION, type JsonDocument } from '../src/ui/json-document.js';
import { Output } from '../src/ui/output.js';

describe('colour decision', () => {
  it('NO_COLOR beats FORCE_COLOR and a TTY', () => {
    expect(decideColorLevel({ colorFlag: true, env: { NO_COLOR: '1', FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
  });
  it('--no-color beats everything', () => {
    expect(decideColorLevel({ colorFlag: false, env: { FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
  });
  it('FORCE_COLOR colours a pipe; TERM=dumb and pipes stay plain', () => {
    expect(decideColorLevel({ colorFlag: true, env: { FORCE_COLOR: '2' }, isTTY: false })).toBe(2);
    expect(decideColorLevel({ colorFlag: true, env: { TERM: 'dumb' }, isTTY: true })).toBe(0);
    expect(decideColorLevel({ colorFlag: true, env: {}, isTTY: false })).toBe(0);
    expect(decideColorLevel({ colorFlag: true, env: { TERM: 'xterm' }, isTTY: true })).toBe(1);
  });
});

describe('secret redaction', () => {
  it('replaces every registered secret, longest first', () => {
    const r = new SecretRedactor();
    r.register('hunter22');
    r.register('hunter22-extended');
    r.register('ab'); // too short to register safely
    expect(r.redact('pw=hunter22-extended and hunter22, ab')).toBe('pw=******** and ********, ab');
  });
});

describe('structural redaction', () => {
  it('masks a secret inside any string of a value, where JSON escaping would hide it from the text', () => {
    const r = new SecretRedactor();
    r.register('pa"ss\\word');
    const value = { a: ['x pa"ss\\word y', 3, null], b: { c: 'pa"ss\\word' }, d: true };
    expect(r.redactValues(value)).toEqual({ a: ['x ******** y', 3, null], b: { c: '********' }, d: true });
    // The text pass knows the escaped form too (see the secret-forms tests).
    expect(r.redact(JSON.stringify(value))).not.toContain('pa\\"ss');
  });
});

describe('Output.result', () => {
  function capture(json: boolean): { output: Output; stdout: () => string } {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const output = new Output({ stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
    output.setMode({ color: false, json });
    return { output, stdout: () => text };
  }
  const document: JsonDocument = { format_version: FORMAT_VERSION, command: 'plan', error: { message: 'login as "a" with "s3cr\"et" failed' } };

  it('prints the document, pretty and with its secrets masked, in JSON mode', () => {
    const { output, stdout } = capture(true);
    output.redactor.register('s3cr"et');
    output.result(document, () => 'text for people');
    expect(JSON.parse(stdout())).toEqual({ format_version: 1, command: 'plan', error: { message: 'login as "a" with "********" failed' } });
    expect(stdout()).toBe(`${JSON.stringify(JSON.parse(stdout()), null, 2)}\n`);
  });

  it('prints the text otherwise, and nothing when there is none', () => {
    const { output, stdout } = capture(false);
    output.result(document);
    output.result(document, () => 'text for people');
    expect(stdout()).toBe('text for people\n');
  });
});
