// The pure part of `export`: YAML text that reads back exactly, and which storages a section can hold.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportFiles } from '../src/config/export-files.js';
import { yamlText } from '../src/config/yaml-text.js';
import { desired, onServer } from './helpers/storages.js';

describe('yamlText', () => {
  it('reads back as the same string, quoting only what needs it', () => {
    const samples = [
      'Movies',
      'TV/Drama',
      'https://mypikpak.com/s/VN1?pwd=a%26b',
      '2024',
      'true',
      'no',
      ' lead',
      'trail ',
      'a: b',
      'a #b',
      '#x',
      '-x',
      '*x',
      '"q"',
      "it's",
      'tab\there',
      'new\nline',
      '雪国',
      '1:bob@x.com:/P',
      'x:',
    ];
    for (const sample of samples) expect(parse(`key: ${yamlText(sample)}`)).toEqual({ key: sample });
    expect(yamlText('Movies')).toBe('Movies');
    expect(yamlText('https://www.aliyundrive.com/s/Abc?pwd=k3y9')).toBe('https://www.aliyundrive.com/s/Abc?pwd=k3y9');
    expect(yamlText('2024')).toBe('"2024"');
  });
});

describe('exportFiles', () => {
  const share = (path: string, platform: string) =>
    onServer(desired(path, 'PikPakShare', { share_id: `S${path.length}` }), {
      addition: { share_id: `S${path.length}`, root_folder_id: '', share_pwd: '', platform, use_transcoding_address: false },
    });

  it('states the most common section value; a storage whose own value differs states it as its own, with its own fields', () => {
    const three = { ...share('/B/three', 'web'), order: 4, remark: 'ask first\nmanaged-by: alist-batch', webdav_policy: '' };
    const result = exportFiles({
      url: 'https://alist.test',
      username: 'admin',
      includeSecrets: false,
      storages: [share('/A/one', 'android'), share('/A/two', 'android'), three],
    });
    expect(result.files.find((f) => f.name === 'config.yaml')?.text).toContain('pikpak:\n    enable: true\n    platform: android\n');
    expect(result.exported.map((e) => [e.mount_path, e.line])).toEqual([
      ['/A/one', 3],
      ['/A/two', 4],
      ['/B/three', 6],
    ]);
    expect(result.skipped).toEqual([]);
    const list = result.files.find((f) => f.name === 'pik_share.yaml')?.text ?? '';
    // The remark without the mark; an empty webdav_policy (which the files cannot hold) left out, unmanaged.
    expect(list.split('\n').slice(4)).toEqual([
      'B:',
      '    three:',
      '        link: https://mypikpak.com/s/S8',
      '        order: 4',
      '        remark: ask first',
      '        addition:',
      '            platform: web',
      '',
    ]);
    expect(parse(list)).toMatchObject({ B: { three: { link: 'https://mypikpak.com/s/S8', order: 4, remark: 'ask first', addition: { platform: 'web' } } } });
  });

  it('puts drivers without a list file, and mounts without a category, in storages.yaml by the driver schema; skips a driver the server did not describe', () => {
    const open = {
      ...share('/Cloud/Open', 'android'),
      driver: 'AliyundriveOpen',
      addition: { refresh_token: 'rt-open-secret', remove_way: 'trash', drive_type: 'resource' },
    };
    const local = { ...share('/Local/Disk', 'android'), driver: 'Local', addition: { root_folder_path: '/srv' } };
    const result = exportFiles({
      url: 'https://alist.test',
      username: 'admin',
      includeSecrets: false,
      storages: [open, local, share('/Rooted', 'android')],
      driverKeys: new Map([
        [
          'AliyundriveOpen',
          new Map([
            ['refresh_token', ''],
            ['remove_way', ''],
            ['drive_type', 'resource'],
          ]),
        ],
        [
          'PikPakShare',
          new Map([
            ['share_id', ''],
            ['platform', 'android'],
            ['use_transcoding_address', 'false'],
          ]),
        ],
      ]),
    });
    expect(result.files.find((f) => f.name === 'storages.yaml')?.text).toBe(
      [
        '# Storages of any driver, written by alist-batch export: <mount path>: {driver:, storage fields, addition:}.',
        '/Cloud/Open:',
        '    driver: AliyundriveOpen',
        '    addition:',
        '        refresh_token: ${STORAGE_CLOUD_OPEN_REFRESH_TOKEN}',
        '        remove_way: trash',
        '/Rooted:',
        '    driver: PikPakShare',
        '    addition:',
        '        share_id: S7',
        '',
      ].join('\n'),
    );
    expect(result.variables).toEqual([{ name: 'STORAGE_CLOUD_OPEN_REFRESH_TOKEN', value: 'rt-open-secret' }]);
    expect(result.files.find((f) => f.name === 'config.yaml')?.text).toContain('storages:\n    enable: true\n');
    expect(result.skipped).toEqual([
      {
        mount_path: '/Local/Disk',
        driver: 'Local',
        reason: 'the server did not describe the Local driver (GET /api/admin/driver/info), so its keys are unknown',
      },
    ]);
  });

  it('signs in with a token reference when the files used a token', () => {
    const result = exportFiles({ url: 'https://alist.test', username: undefined, includeSecrets: false, storages: [] });
    expect(result.files).toEqual([
      {
        name: 'config.yaml',
        text: '# Written by alist-batch export from https://alist.test. Rules: no blank lines; indent with spaces.\nurl: https://alist.test\ntoken: ${ALIST_TOKEN}\n',
      },
    ]);
  });
});
