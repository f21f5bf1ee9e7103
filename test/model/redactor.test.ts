// The redactor's one pass over a text: every occurrence of every registered secret masked, in
// every form, overlapping secrets as one span, and what is no secret left exactly as it was.
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRedactor } from '../../src/model/secrets.js';

function redactorOf(...secrets: string[]): SecretRedactor {
  const redactor = new SecretRedactor();
  for (const secret of secrets) redactor.register(secret);
  return redactor;
}

/** The rule the one-pass redactor must keep: no registered secret left anywhere in the output. */
function leaks(redactor: SecretRedactor, secrets: readonly string[], text: string): string[] {
  const out = redactor.redact(text);
  return secrets.filter((s) => out.includes(s));
}

describe('SecretRedactor.redact', () => {
  it('masks every occurrence, at the start, the end, side by side, and leaves other text as is', () => {
    const r = redactorOf('s3cret-one', 'tok-2222');
    expect(r.redact('s3cret-one')).toBe(REDACTED);
    expect(r.redact('a s3cret-one b tok-2222 c s3cret-one')).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
    expect(r.redact('s3cret-onetok-2222')).toBe(`${REDACTED}${REDACTED}`);
    expect(r.redact('nothing here, s3cret-on almost')).toBe('nothing here, s3cret-on almost');
    expect(r.redact('')).toBe('');
    expect(new SecretRedactor().redact('s3cret-one')).toBe('s3cret-one');
  });

  it('masks a secret that contains another whole, and overlapping secrets as one span', () => {
    const r = redactorOf('abcdefgh', 'cdef', 'efghij');
    expect(r.redact('xabcdefghx')).toBe(`x${REDACTED}x`);
    // Longest first would leave "ij" of the second secret; one span covers both.
    expect(r.redact('xabcdefghijx')).toBe(`x${REDACTED}x`);
    expect(r.redact('xcdefx')).toBe(`x${REDACTED}x`);
  });

  it('masks the escaped forms a server echoes (JSON, twice JSON, URL-encoded)', () => {
    const secret = 'p"w/ü<x> &y';
    const r = redactorOf(secret);
    const once = JSON.stringify(secret).slice(1, -1);
    for (const form of [secret, once, JSON.stringify(once).slice(1, -1), encodeURIComponent(secret)]) {
      expect(r.redact(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
  });

  it('finds none of 3,000 secrets in a long text that holds them at random places', () => {
    const secrets = Array.from({ length: 3000 }, (_, i) => `refresh-${i.toString(36)}-${(i * 7919).toString(16)}`);
    const r = redactorOf(...secrets);
    const words: string[] = [];
    for (let i = 0; i < 20_000; i++) words.push(i % 7 === 0 ? (secrets[(i * 31) % secrets.length] as string) : `word${i}`);
    const text = words.join(' ');
    expect(leaks(r, secrets, text)).toEqual([]);
    expect(
      r
        .redact(text)
        .split(' ')
        .filter((w) => w === REDACTED),
    ).toHaveLength(words.filter((w) => w.startsWith('refresh-')).length);
  });
});
