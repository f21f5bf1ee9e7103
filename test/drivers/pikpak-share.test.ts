import { describe, expect, it } from 'vitest';
import { pikpakShare } from '../../src/drivers/pikpak-share.js';
import { problems, SERVER, validate } from './support.js';

const parse = (value: string) => pikpakShare.parseListValue(value);

describe('PikPakShare list values', () => {
  it('reads a share link: the share root ("") without a folder, the code from ?pwd=', () => {
    expect(parse('https://mypikpak.com/s/VN1abc')).toEqual({ addition: { root_folder_id: '', share_id: 'VN1abc', share_pwd: '' } });
    expect(parse('https://www.mypikpak.com/s/VN1abc/VN2def?pwd=1234')).toEqual({
      addition: { root_folder_id: 'VN2def', share_id: 'VN1abc', share_pwd: '1234' },
    });
  });

  it('names what is wrong with a value', () => {
    expect(parse('VN1abc')).toEqual({ error: 'not a PikPak share link: "VN1abc"' });
    expect(parse('https://www.aliyundrive.com/s/AbC123')).toEqual({
      error: 'not a PikPak share link: "https://www.aliyundrive.com/s/AbC123" (this is an Aliyun share link; it belongs in another list file)',
    });
    expect(parse('ftp://mypikpak.com/s/VN1abc')).toEqual({ error: 'not a PikPak share link: "ftp://mypikpak.com/s/VN1abc"' });
    expect(parse('https://mypikpak.com/s')).toEqual({ error: 'malformed share link (expected mypikpak.com/s/<share id>...): "https://mypikpak.com/s"' });
    expect(parse('https://mypikpak.com/s/VN1abc/VN2def/more')).toEqual({
      error: 'malformed PikPak share link (expected /s/<share id>[/<folder id>]): "https://mypikpak.com/s/VN1abc/VN2def/more"',
    });
  });
});

describe('PikPakShare addition keys', () => {
  it('sends every key in the server struct order, with the old tool defaults (platform android)', () => {
    expect(Object.entries(pikpakShare.defaults)).toEqual([
      ['root_folder_id', ''],
      ['share_id', ''],
      ['share_pwd', ''],
      ['platform', 'android'],
      ['device_id', ''],
      ['use_transcoding_address', false],
    ]);
  });

  it('has no secret of its own, and lets the server generate the device id', () => {
    expect(pikpakShare.secretKeys).toEqual([]);
    expect(pikpakShare.serverRewrittenKeys).toEqual(['device_id']);
  });
});

describe('PikPakShare section', () => {
  const LIST = 'Docs:\n    Film: https://mypikpak.com/s/VN1abc\n';

  it.each([
    ['pikpak', 'pik_share.yaml'],
    ['pikpak_share', 'pikpak_share.yaml'],
  ])('section %s reads %s; platform and use_transcoding_address given there are managed', async (key, file) => {
    const section = [`${key}:`, '    enable: true', '    platform: web', '    use_transcoding_address: yes'];
    const loaded = await validate([...SERVER, ...section], { [file]: LIST });
    expect(loaded.storages[0]?.addition).toMatchObject({ platform: 'web', use_transcoding_address: true, share_id: 'VN1abc' });
    expect(loaded.storages[0]?.managed.addition).toEqual(['root_folder_id', 'share_id', 'share_pwd', 'platform', 'use_transcoding_address']);
  });

  it('leaves settings that are not given to their defaults, unmanaged', async () => {
    const loaded = await validate([...SERVER, 'pikpak:', '    enable: true'], { 'pik_share.yaml': LIST });
    expect(loaded.storages[0]?.addition).toMatchObject({ platform: 'android', use_transcoding_address: false });
    expect(loaded.storages[0]?.managed.addition).toEqual(['root_folder_id', 'share_id', 'share_pwd']);
  });

  it("accepts and ignores the old templates' account keys, whatever they hold", async () => {
    const loaded = await validate(
      [...SERVER, 'pikpak_share:', '    enable: true', '    username: PIKPAK_EMAIL', '    password:', '        - pik-secret-pass'],
      { 'pikpak_share.yaml': LIST },
    );
    expect(loaded.storages).toHaveLength(1);
    expect(Object.keys(loaded.storages[0]?.addition ?? {})).toEqual(Object.keys(pikpakShare.defaults));
  });

  it('explains the ios platform of the openlist_batch template', async () => {
    expect(await problems([...SERVER, 'pikpak_share:', '    enable: true', '    platform: ios'], { 'pikpak_share.yaml': LIST })).toEqual([
      'config.yaml:7:15: pikpak_share.platform must be one of android, web, pc (got "ios") (the openlist_batch template lists ios, but AList\'s PikPakShare driver has no such platform)',
    ]);
  });

  it('refuses both namings at once', async () => {
    const both = [...SERVER, 'pikpak:', '    enable: false', 'pikpak_share:', '    enable: false'];
    expect(await problems(both)).toEqual([
      'config.yaml:7:1: both "pikpak" (alist_batch naming) and "pikpak_share" (openlist_batch naming) are given; keep one',
    ]);
  });
});
