import { describe, expect, it } from 'vitest';
import { staticHash } from '../src/alist/auth.js';
import { scrub } from '../src/alist/call.js';
import { isLoopbackHost, parseBaseUrl, plainHttpWarning } from '../src/alist/base-url.js';
import { backoffDelay, decideRetry, finalOutcome, retriesFor, type FailureKind, type OperationKind } from '../src/alist/retry.js';
import { decodeAddition } from '../src/alist/schemas.js';
import { parseServerInfo } from '../src/alist/server-info.js';
import { UsageError } from '../src/errors.js';

describe('static password hash (alist-api.md §2.2 test vectors)', () => {
  it.each([
    ['admin', '6fcb57cd10b2c11d765dcf16148d99130afd895082af83725ee8bb181b1d2b0f'],
    ['password', '0ee0be47182acad90a4307dd35cc06d901875e870b2637955a1188637ee56675'],
    ['', '263d6a3a1bc3780769ef456641d81a41ea52b66dd25fe02b5959967fd852127d'],
  ])('%j → %s', (password, hash) => {
    expect(staticHash(password)).toBe(hash);
  });
});

describe('retry policy', () => {
  const failures: FailureKind[] = ['not-sent', 'loading', 'connection-lost', 'http-5xx', 'timeout', 'connect-timeout'];
  it.each(['read', 'login'] as OperationKind[])('%s: every transport failure is retried', (operation) => {
    for (const failure of failures) expect(decideRetry(operation, failure)).toEqual({ action: 'retry' });
  });
  it('idempotent-write: retried, except after a reply timeout (it may still be running on the server)', () => {
    for (const failure of failures.filter((f) => f !== 'timeout')) expect(decideRetry('idempotent-write', failure)).toEqual({ action: 'retry' });
    expect(decideRetry('idempotent-write', 'timeout')).toEqual({ action: 'give-up', outcome: 'unknown' });
  });
  it('slow failures (timeouts) get one retry, not the whole budget', () => {
    expect(retriesFor('timeout', 4)).toBe(1);
    expect(retriesFor('connect-timeout', 4)).toBe(1);
    expect(retriesFor('connect-timeout', 0)).toBe(0);
    expect(retriesFor('not-sent', 4)).toBe(4);
  });
  it('create: retried only where it certainly did not happen; "unknown" at once where it may have reached the server', () => {
    expect(decideRetry('create', 'not-sent')).toEqual({ action: 'retry' });
    expect(decideRetry('create', 'loading')).toEqual({ action: 'retry' });
    for (const failure of ['connection-lost', 'http-5xx', 'timeout'] as const) {
      expect(decideRetry('create', failure)).toEqual({ action: 'give-up', outcome: 'unknown' });
    }
  });
  it('outcome after the last attempt: reads "failed", writes "unknown" once any attempt may have acted', () => {
    expect(finalOutcome('read', true)).toBe('failed');
    expect(finalOutcome('login', true)).toBe('failed');
    expect(finalOutcome('idempotent-write', true)).toBe('unknown');
    expect(finalOutcome('idempotent-write', false)).toBe('failed');
    expect(finalOutcome('create', false)).toBe('failed');
  });
  it('backoff: exponential ceiling, capped, full jitter', () => {
    const options = { baseMs: 200, capMs: 5_000 };
    const top = (): number => 0.999999;
    expect(backoffDelay(1, options, top)).toBe(199);
    expect(backoffDelay(2, options, top)).toBe(399);
    expect(backoffDelay(3, options, top)).toBe(799);
    expect(backoffDelay(10, options, top)).toBe(4_999);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
  });
});

describe('server identity', () => {
  it('AList v3: disable_index from 3.42.0, no OpenList-only fields', () => {
    expect(parseServerInfo('v3.45.0')).toEqual({
      version: 'v3.45.0',
      flavor: 'alist',
      supports: { disable_index: true, disable_proxy_sign: false, custom_cache_policies: false },
    });
    expect(parseServerInfo('v3.41.9').supports.disable_index).toBe(false);
    expect(parseServerInfo('v3.42.0').supports.disable_index).toBe(true);
  });
  it('OpenList v4: the long version string; disable_proxy_sign from 4.0.9, custom_cache_policies from 4.1.9', () => {
    const long = 'v4.2.5 (Commit: 0b1e9d09) - Frontend: v4.2.5 - Build at: 2026-08-19';
    expect(parseServerInfo(long)).toEqual({
      version: long,
      flavor: 'openlist',
      supports: { disable_index: true, disable_proxy_sign: true, custom_cache_policies: true },
    });
    expect(parseServerInfo('v4.0.8').supports).toEqual({ disable_index: true, disable_proxy_sign: false, custom_cache_policies: false });
    expect(parseServerInfo('v4.1.8').supports).toEqual({ disable_index: true, disable_proxy_sign: true, custom_cache_policies: false });
  });
  it.each(['dev', 'beta', '', 'v5.0.0', 'garbage'])('%j → unknown: every field is sent', (version) => {
    expect(parseServerInfo(version)).toEqual({
      version,
      flavor: 'unknown',
      supports: { disable_index: true, disable_proxy_sign: true, custom_cache_policies: true },
    });
  });
});

describe('base URL', () => {
  it.each([
    ['https://h.example', ''],
    ['https://h.example/', ''],
    ['https://h.example/alist', '/alist'],
    ['https://h.example/alist/', '/alist'],
    ['http://127.0.0.1:5244/a/b//', '/a/b'],
  ])('%s → base path %j', (url, basePath) => {
    expect(parseBaseUrl(url).basePath).toBe(basePath);
  });
  it('refuses other schemes and URLs with credentials, without echoing them', () => {
    expect(() => parseBaseUrl('ftp://h')).toThrow(UsageError);
    let caught: unknown;
    try {
      parseBaseUrl('https://admin:s3cret-pass@h.example');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect(String((caught as Error).message)).not.toContain('s3cret-pass');
    // The hint names only what the CLI has (there is no --username option).
    expect((caught as UsageError).hint).toBe(
      'Put the user name and password in config.yaml (auth.username, auth.password) or in ALIST_USERNAME and ALIST_PASSWORD (the password may also come from --password-stdin), or use a token (`token:` in config.yaml or ALIST_TOKEN).',
    );
  });
});

describe('plain-http warning', () => {
  it.each(['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'alist.localhost'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['192.168.1.2', 'alist.example.com', '10.0.0.1', '[fe80::1]'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
  it('warns for http to another host, not for https or loopback', () => {
    expect(plainHttpWarning(parseBaseUrl('http://nas.lan:5244/alist'), 'password')).toBe(
      'http://nas.lan:5244/alist uses plain http: the admin password (hashed, but the hash is enough to log in) will cross the network unencrypted. Use https:// if the server offers it.',
    );
    expect(plainHttpWarning(parseBaseUrl('http://nas.lan'), 'token')).toContain('the admin token will cross the network unencrypted');
    expect(plainHttpWarning(parseBaseUrl('https://nas.lan'), 'password')).toBeUndefined();
    expect(plainHttpWarning(parseBaseUrl('http://127.0.0.1:5244'), 'password')).toBeUndefined();
  });
});

describe('addition decoding and message scrubbing', () => {
  it('decodes the stored string; undecodable → {}; non-scalar values left out', () => {
    expect(decodeAddition('{"a":"x","n":5,"b":true}')).toEqual({ a: 'x', n: 5, b: true });
    expect(decodeAddition('not json')).toEqual({});
    expect(decodeAddition('[1]')).toEqual({});
    expect(decodeAddition('{"a":null,"o":{"x":1},"k":"v"}')).toEqual({ k: 'v' });
  });
  it('scrubs secrets from a server message, longest first, short values left alone', () => {
    expect(scrub('found near |{"refresh_token":"tok-12345-long"}|', ['tok-12345-long', 'tok-12345', 'ab'])).toBe('found near |{"refresh_token":"********"}|');
  });
});
