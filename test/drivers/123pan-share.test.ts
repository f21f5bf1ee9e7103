import { describe, expect, it } from 'vitest';
import { pan123Share } from '../../src/drivers/123pan-share.js';

const parse = (value: string) => pan123Share.parseListValue(value);

describe('123PanShare list values', () => {
  it.each(['123pan.com', '123pan.cn', '123684.com', '123865.com', '123912.com'])('reads /s/<share key>[?pwd=] on %s, with or without www.', (host) => {
    expect(parse(`https://www.${host}/s/abcd-efgh?pwd=Q1x2`)).toEqual({ addition: { sharekey: 'abcd-efgh', sharepassword: 'Q1x2' } });
    expect(parse(`https://${host}/s/abcd-efgh`)).toEqual({ addition: { sharekey: 'abcd-efgh', sharepassword: '' } });
  });

  it('takes the key of a /s/<key>.html page, and ignores a fragment and other query keys', () => {
    expect(parse('https://www.123pan.com/s/abcd-efgh.html?from=web&pwd=Q1#')).toEqual({ addition: { sharekey: 'abcd-efgh', sharepassword: 'Q1' } });
  });

  it('names what is wrong with a link', () => {
    expect(parse('https://www.123pan.com/s/abcd/efgh')).toEqual({
      error: 'malformed 123 share link (expected /s/<share key>[?pwd=<password>]): "https://www.123pan.com/s/abcd/efgh"',
    });
    expect(parse('https://115.com/s/sw3?password=1')).toEqual({
      error: 'not a 123 share link: "https://115.com/s/sw3?password=1" (this is a 115 share link; list it in shares.yaml)',
    });
  });

  it('writes a link back for export', () => {
    expect(pan123Share.exporter.listValue({ sharekey: 'abcd-efgh', sharepassword: 'Q1' }, undefined)).toBe('https://www.123pan.com/s/abcd-efgh?pwd=Q1');
  });
});

describe('123PanShare addition keys', () => {
  it('sends every key in the server struct order, root 0', () => {
    expect(Object.entries(pan123Share.defaults)).toEqual([
      ['sharekey', ''],
      ['sharepassword', ''],
      ['root_folder_id', '0'],
      ['accesstoken', ''],
    ]);
  });

  it('keeps the access token secret and lets the server write it; the share password is shown; no account', () => {
    expect(pan123Share.secretKeys).toEqual(['accesstoken']);
    expect(pan123Share.serverRewrittenKeys).toEqual(['accesstoken']);
    expect(pan123Share.accountKeys).toEqual([]);
  });
});
