import { describe, expect, it } from 'vitest';
import { pan115Share } from '../../src/drivers/115-share.js';

const parse = (value: string) => pan115Share.parseListValue(value);

describe('115 Share list values', () => {
  it.each(['115.com', 'www.115.com', '115cdn.com', 'www.115cdn.com', 'anxia.com', 'www.anxia.com'])(
    'reads /s/<share code>?password=<receive code> on %s',
    (host) => {
      expect(parse(`https://${host}/s/sw3abc9?password=k9z1`)).toEqual({ addition: { share_code: 'sw3abc9', receive_code: 'k9z1' } });
    },
  );

  it('ignores a trailing # and other query keys', () => {
    expect(parse('https://115.com/s/sw3abc9?password=k9z1#')).toEqual({ addition: { share_code: 'sw3abc9', receive_code: 'k9z1' } });
    expect(parse('https://115cdn.com/s/sw3abc9?from=pc&password=k9z1&lang=zh#top')).toEqual({
      addition: { share_code: 'sw3abc9', receive_code: 'k9z1' },
    });
  });

  it('names what is wrong with a link', () => {
    expect(parse('https://115.com/s/sw3abc9')).toEqual({ error: 'the 115 share link has no ?password=<receive code>: "https://115.com/s/sw3abc9"' });
    expect(parse('https://115.com/s/sw3abc9/more?password=k9z1')).toEqual({
      error: 'malformed 115 share link (expected /s/<share code>?password=<receive code>): "https://115.com/s/sw3abc9/more?password=k9z1"',
    });
    expect(parse('https://mypikpak.com/s/VN1')).toEqual({
      error: 'not a 115 share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)',
    });
  });

  it('writes a link back for export', () => {
    expect(pan115Share.exporter.listValue({ share_code: 'sw3abc9', receive_code: 'k9 z' }, undefined)).toBe('https://115.com/s/sw3abc9?password=k9+z');
  });
});

describe('115 Share addition keys', () => {
  it('sends every key in the server struct order, with the driver defaults (qrcode_source linux, root 0)', () => {
    expect(Object.entries(pan115Share.defaults)).toEqual([
      ['cookie', ''],
      ['qrcode_token', ''],
      ['qrcode_source', 'linux'],
      ['page_size', 1000],
      ['limit_rate', 2],
      ['share_code', ''],
      ['receive_code', ''],
      ['root_folder_id', '0'],
    ]);
  });

  it('keeps the account secret, shows the receive code like other share codes, and needs an account', () => {
    expect(pan115Share.secretKeys).toEqual(['cookie', 'qrcode_token']);
    expect(pan115Share.serverRewrittenKeys).toEqual([]);
    expect(pan115Share.accountKeys).toEqual(['cookie', 'qrcode_token']);
    expect(pan115Share.section).toBeUndefined();
  });
});
