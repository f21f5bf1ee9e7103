import { describe, expect, it } from 'vitest';
import { decideColorLevel } from '../src/ui/color.js';
import { SecretRedactor } from '../src/model/secrets.js';

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
