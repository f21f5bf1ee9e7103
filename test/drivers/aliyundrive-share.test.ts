import { describe, expect, it } from 'vitest';
import { aliyundriveShare } from '../../src/drivers/aliyundrive-share.js';
import { problems, SERVER, validate } from './support.js';

const parse = (value: string) => aliyundriveShare.parseListValue(value);

describe('AliyundriveShare list values', () => {
  it('reads a share link: the share root without a folder, the code from ?pwd=', () => {
    expect(parse('https://www.aliyundrive.com/s/AbC123')).toEqual({ addition: { share_id: 'AbC123', share_pwd: '', root_folder_id: 'root' } });
    expect(parse('https://www.alipan.com/s/AbC123/folder/64f0a1?pwd=x9y8')).toEqual({
      addition: { share_id: 'AbC123', share_pwd: 'x9y8', root_folder_id: '64f0a1' },
    });
    expect(parse('http://aliyundrive.com/s/AbC123')).toEqual({ addition: { share_id: 'AbC123', share_pwd: '', root_folder_id: 'root' } });
  });

  it('names what is wrong with a value', () => {
    expect(parse('AbC123')).toEqual({ error: 'not an Aliyun share link: "AbC123"' });
    expect(parse('https://example.com/s/AbC123')).toEqual({ error: 'not an Aliyun share link: "https://example.com/s/AbC123"' });
    expect(parse('https://mypikpak.com/s/VN1')).toEqual({
      error: 'not an Aliyun share link: "https://mypikpak.com/s/VN1" (this is a PikPak share link; it belongs in another list file)',
    });
    expect(parse('https://www.aliyundrive.com/t/AbC123')).toEqual({
      error: 'malformed share link (expected www.aliyundrive.com/s/<share id>...): "https://www.aliyundrive.com/t/AbC123"',
    });
    expect(parse('https://www.aliyundrive.com/s/AbC123/file/64f0a1')).toEqual({
      error: 'malformed Aliyun share link (expected /s/<share id>[/folder/<folder id>]): "https://www.aliyundrive.com/s/AbC123/file/64f0a1"',
    });
  });
});

describe('AliyundriveShare addition keys', () => {
  it('sends every key in the server struct order, with the old tool defaults', () => {
    expect(Object.entries(aliyundriveShare.defaults)).toEqual([
      ['refresh_token', ''],
      ['share_id', ''],
      ['share_pwd', ''],
      ['root_folder_id', 'root'],
      ['order_by', ''],
      ['order_direction', ''],
    ]);
  });

  it('keeps the refresh token secret, and lets the server rotate it', () => {
    expect(aliyundriveShare.secretKeys).toEqual(['refresh_token']);
    expect(aliyundriveShare.serverRewrittenKeys).toEqual(['refresh_token']);
  });
});

describe('AliyundriveShare section', () => {
  const LIST = 'Movies:\n    Film: https://www.aliyundrive.com/s/AbC123\n';

  it.each([
    ['aliyun', 'ali_share.yaml'],
    ['aliyun_share', 'aliyun_share.yaml'],
  ])('section %s reads %s and gives every entry its refresh token', async (key, file) => {
    const loaded = await validate([...SERVER, `${key}:`, '    enable: true', '    refresh_token: rt-secret-0123456789'], { [file]: LIST });
    expect(loaded.storages).toHaveLength(1);
    expect(loaded.storages[0]?.addition).toMatchObject({ refresh_token: 'rt-secret-0123456789', share_id: 'AbC123' });
    expect(loaded.storages[0]?.managed.addition).toEqual(['refresh_token', 'share_id', 'share_pwd', 'root_folder_id']);
    expect(loaded.secrets).toContain('rt-secret-0123456789');
  });

  it('requires a refresh token in an enabled section', async () => {
    expect(await problems([...SERVER, 'aliyun_share:', '    enable: true'], { 'aliyun_share.yaml': LIST })).toEqual([
      'config.yaml:5:1: missing required key "refresh_token" in aliyun_share',
    ]);
  });

  it('reads a refresh token written as a number as text, and never echoes one of the wrong type', async () => {
    const loaded = await validate([...SERVER, 'aliyun:', '    enable: true', '    refresh_token: 1234567890'], { 'ali_share.yaml': LIST });
    expect(loaded.storages[0]?.addition.refresh_token).toBe('1234567890');
    expect(await problems([...SERVER, 'aliyun:', '    enable: true', '    refresh_token: [rt-secret-0123456789]'], { 'ali_share.yaml': LIST })).toEqual([
      'config.yaml:7:20: aliyun.refresh_token must be a string',
    ]);
  });

  it('refuses both namings at once', async () => {
    const both = [...SERVER, 'aliyun:', '    enable: false', 'aliyun_share:', '    enable: false'];
    expect(await problems(both)).toEqual([
      'config.yaml:7:1: both "aliyun" (alist_batch naming) and "aliyun_share" (openlist_batch naming) are given; keep one',
    ]);
  });
});
