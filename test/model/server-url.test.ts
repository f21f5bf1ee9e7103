import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../src/alist/base-url.js';
import { parseServerUrl, urlForMessage, urlUserInfo, withoutUserInfo } from '../../src/model/server-url.js';

describe('parseServerUrl', () => {
  it('reads an http(s) URL into its origin and sub-path (without trailing slashes)', () => {
    expect(parseServerUrl('https://alist.example.com')).toEqual({
      url: { origin: 'https://alist.example.com', basePath: '', hostname: 'alist.example.com', protocol: 'https:' },
    });
    expect(parseServerUrl('http://127.0.0.1:5244/alist//')).toEqual({
      url: { origin: 'http://127.0.0.1:5244', basePath: '/alist', hostname: '127.0.0.1', protocol: 'http:' },
    });
  });

  it('says what is wrong: not a URL, another scheme', () => {
    expect(parseServerUrl('alist.example.com')).toEqual({ problem: { kind: 'not-a-url', shown: 'alist.example.com' } });
    expect(parseServerUrl('ftp://alist.example.com')).toEqual({ problem: { kind: 'not-http', shown: 'ftp://alist.example.com', protocol: 'ftp:' } });
  });

  it('refuses a user name or password in the URL without echoing them', () => {
    const result = parseServerUrl('https://admin:hunter2-secret@alist.example.com/alist');
    expect(result).toEqual({ problem: { kind: 'user-info', shown: 'https://***@alist.example.com/alist' } });
    expect(JSON.stringify(result)).not.toContain('hunter2-secret');
    // Blanked out even when the rest does not parse.
    expect(parseServerUrl('https://admin:hunter2-secret@alist example.com')).toEqual({
      problem: { kind: 'not-a-url', shown: 'https://***@alist example.com' },
    });
  });
});

describe('user-info in URL text', () => {
  it('finds it, and blanks it out, without parsing the URL', () => {
    expect(urlUserInfo('https://admin:pw@host/x')).toBe('admin:pw');
    expect(urlUserInfo('https://host/x@y')).toBeUndefined();
    expect(withoutUserInfo('admin:pw@host')).toBe('***@host');
    expect(withoutUserInfo('https://host/x')).toBe('https://host/x');
  });
});

describe('a URL in a message', () => {
  it('hides the query and the fragment, which may hold a token, and the user-info', () => {
    expect(urlForMessage('http//host/?token=Q-SECRET')).toBe('http//host/?…');
    expect(urlForMessage('https://u:p@host/a#access_token=Q-SECRET')).toBe('https://***@host/a#…');
    expect(urlForMessage('https://host/a?x=1#y')).toBe('https://host/a?…');
    expect(urlForMessage('https://host/alist')).toBe('https://host/alist');
    expect(parseServerUrl('ftp://host/?token=Q-SECRET')).toEqual({ problem: { kind: 'not-http', shown: 'ftp://host/?…', protocol: 'ftp:' } });
  });

  it('the client refuses such a URL without echoing its query', () => {
    expect(() => parseBaseUrl('http//host/?token=Q-SECRET')).toThrow('The server URL is not a valid URL: "http//host/?…".');
  });
});
