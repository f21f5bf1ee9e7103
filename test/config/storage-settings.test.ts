import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseYamlText } from '../../src/config/read.js';
import { mergeSettings, readSettings, SETTINGS_STRING_KEYS, type SettingsOptions } from '../../src/config/storage-settings.js';
import { isSecretAdditionKey } from '../../src/drivers/secrets.js';
import { checkFieldValue } from '../../src/config/setting-values.js';
import { plainTree } from '../../src/config/tree.js';

/** Reads the mapping under `m:` of the text (line 1 is `m:`, so a key on line n is on line n). */
function read(lines: string[], options: Partial<SettingsOptions> = {}) {
  const tree = plainTree(parseYamlText(['m:', ...lines, ''].join('\n'), 's.yaml'), SETTINGS_STRING_KEYS);
  const result = readSettings(tree, ['m'], { label: '"Film"', ...options });
  return { ...result, messages: result.diagnostics.map(formatDiagnostic) };
}

describe('settings mapping: storage fields', () => {
  it('reads every kind of field, with where each value is', () => {
    const { settings, messages, secrets } = read([
      '    order: 5',
      '    remark: 0123',
      '    cache_expiration: 0',
      '    web_proxy: yes',
      '    webdav_policy: native_proxy',
      '    extract_folder: ""',
      '    order_by: size',
      '    order_direction: desc',
      '    disabled: off',
    ]);
    expect(messages).toEqual([]);
    expect(secrets).toEqual([]);
    expect(settings.fields).toEqual({
      order: 5,
      remark: '0123',
      cache_expiration: 0,
      web_proxy: true,
      webdav_policy: 'native_proxy',
      extract_folder: '',
      order_by: 'size',
      order_direction: 'desc',
      disabled: false,
    });
    expect(settings.at.fields.order).toEqual({ file: 's.yaml', line: 2, col: 12 });
    expect(settings.at.fields.webdav_policy).toEqual({ file: 's.yaml', line: 6, col: 20 });
    expect(settings.addition).toEqual({});
  });

  it('refuses wrong types and values outside a select, at the value', () => {
    const { messages, settings } = read([
      '    cache_expiration: 30m',
      '    order: 1.5',
      '    web_proxy: maybe',
      '    webdav_policy: proxy',
      '    extract_folder: middle',
      '    cache_expiration2: 1',
    ]);
    expect(messages).toEqual([
      's.yaml:2:23: cache_expiration must be a whole number ≥ 0 (got "30m") in "Film"',
      's.yaml:3:12: order must be a whole number (got 1.5) in "Film"',
      's.yaml:4:16: web_proxy must be true or false (or yes/no, on/off) (got "maybe") in "Film"',
      's.yaml:5:20: webdav_policy must be one of 302_redirect, use_proxy_url, native_proxy (got "proxy") in "Film"',
      's.yaml:6:21: extract_folder must be one of front, back (or "" for the server\'s default) (got "middle") in "Film"',
      's.yaml:7:5: unknown setting "cache_expiration2" in "Film"; did you mean "cache_expiration"?',
    ]);
    expect(settings.fields).toEqual({});
  });

  it('a negative cache expiration, an empty value, a mapping where a value goes', () => {
    const { messages } = read(['    cache_expiration: -1', '    remark:', '    order:', '        x: 1']);
    expect(messages).toEqual([
      's.yaml:2:23: cache_expiration must be a whole number ≥ 0 (got -1) in "Film"',
      's.yaml:3:5: empty value for remark in "Film" (write "" for empty text, or delete the line)',
      's.yaml:5:9: order must be a whole number (got {"x":1}) in "Film"',
    ]);
  });

  it('own keys (link, account, driver) are skipped and offered by "did you mean"', () => {
    const { messages, settings } = read(['    link: https://x', '    lnk: 1'], { ownKeys: ['link'] });
    expect(messages).toEqual(['s.yaml:3:5: unknown setting "lnk" in "Film"; did you mean "link"?']);
    expect(settings).toEqual({ fields: {}, addition: {}, at: { fields: {}, addition: {} } });
  });
});

describe('settings mapping: addition', () => {
  it('keys of a driver with a module are checked against it, types by its defaults', () => {
    const { messages, settings } = read(['    addition:', '        chunk_size: 10', '        custom_host: 0123', '        region: cn'], {
      driver: 'OnedriveAPP',
    });
    expect(messages).toEqual([]);
    expect(settings.addition).toEqual({ chunk_size: 10, custom_host: '0123', region: 'cn' });
    expect(settings.at.addition.chunk_size).toEqual({ file: 's.yaml', line: 3, col: 21 });
  });

  it('a key of another driver, a typo, a storage field under addition, a wrong type', () => {
    const { messages } = read(
      ['    addition:', '        chunk_size: 5', '        order_byy: name', '        remark: x', '        share_pwd: 12', '        refresh_token: [s3cr3t]'],
      { driver: 'AliyundriveShare' },
    );
    expect(messages).toEqual([
      's.yaml:3:9: "chunk_size" is not a key of AliyundriveShare (it is OnedriveAPP\'s); its keys: refresh_token, share_id, share_pwd, root_folder_id, order_by, order_direction',
      's.yaml:4:9: "order_byy" is not a key of AliyundriveShare; did you mean "order_by"?',
      's.yaml:5:9: "remark" is a storage field, not a key of AliyundriveShare: put it at the top level of "Film", not under addition:',
      // A secret's value is never echoed.
      's.yaml:7:24: addition.refresh_token must be text in "Film"',
    ]);
  });

  it('a key the module does not send, but no other driver has and no typo: left to the server schema at plan time', () => {
    const { messages, settings } = read(['    addition:', '        enable_direct_upload: true', '        disable_disk_usage: no'], { driver: 'OnedriveAPP' });
    expect(messages).toEqual([]);
    expect(settings.addition).toEqual({ enable_direct_upload: true, disable_disk_usage: 'no' });
  });

  it('a number where the module has a number', () => {
    const { messages } = read(['    addition:', '        chunk_size: 5MB'], { driver: 'OnedriveAPP' });
    expect(messages).toEqual(['s.yaml:3:21: addition.chunk_size must be a number (got "5MB") in "Film"']);
  });

  it('a driver key at the top level belongs under addition:', () => {
    expect(read(['    chunk_size: 5'], { driver: 'OnedriveAPP' }).messages).toEqual([
      's.yaml:2:5: "chunk_size" in "Film" is a key of the driver: put it under addition:',
    ]);
    expect(read(['    chunk_size: 5']).messages).toEqual([
      's.yaml:2:5: "chunk_size" in "Film" is a key of the driver (of OnedriveAPP): put it under addition:',
    ]);
  });

  it('drivers without a module: any string, number or bool; secrets by name are registered, never echoed', () => {
    const { messages, settings, secrets } = read(
      [
        '    addition:',
        '        password: hunter2',
        '        root_folder_id: "0"',
        '        chunk: 3',
        '        ok: true',
        '        bad: [1]',
        '        cookie:',
      ],
      { driver: 'Doubao' },
    );
    expect(settings.addition).toEqual({ password: 'hunter2', root_folder_id: '0', chunk: 3, ok: true });
    expect(secrets).toEqual(['hunter2']);
    expect(messages).toEqual([
      's.yaml:7:14: addition.bad must be a string, a number or true/false (got [1]) in "Film"',
      's.yaml:8:9: empty value for addition.cookie in "Film" (write "" for empty text, or delete the line)',
    ]);
    expect(messages.join('\n')).not.toContain('hunter2');
  });

  it('a storage field under addition of a driver without a module is misplaced', () => {
    expect(read(['    addition:', '        webdav_policy: use_proxy_url'], { driver: 'PikPak' }).messages).toEqual([
      's.yaml:3:9: "webdav_policy" is a storage field, not a key of the driver: put it at the top level of "Film", not under addition:',
    ]);
  });

  it('addition: refused where it makes no sense, and when it is not a mapping', () => {
    expect(read(['    addition:', '        x: 1'], { label: 'defaults.all', additionAllowed: false }).messages).toEqual([
      's.yaml:2:5: defaults.all cannot have addition: (each driver has its own keys); put them under defaults.<driver name>.addition',
    ]);
    expect(read(['    addition: 5']).messages).toEqual([
      's.yaml:2:15: addition in "Film" must be a mapping of the driver\'s keys (key: value, indented below it)',
    ]);
  });

  it('secret keys: the module decides for its drivers, the name rule for the others', () => {
    expect(isSecretAdditionKey('AliyundriveShare', 'refresh_token')).toBe(true);
    expect(isSecretAdditionKey('AliyundriveShare', 'share_pwd')).toBe(false);
    expect(isSecretAdditionKey('115 Share', 'cookie')).toBe(true);
    expect(isSecretAdditionKey('115 Share', 'share_code')).toBe(false);
  });
});

describe('mergeSettings', () => {
  it('a later layer wins, with its location; keys stated in one layer only are kept', () => {
    const all = read(['    order: 1', '    remark: all']).settings;
    const entry = read(['    order: 7', '    addition:', '        order_by: name'], { driver: 'AliyundriveShare' }).settings;
    const merged = mergeSettings(all, entry);
    expect(merged.fields).toEqual({ order: 7, remark: 'all' });
    expect(merged.addition).toEqual({ order_by: 'name' });
    expect(merged.at.fields.order?.line).toBe(2);
    expect(merged.at.fields.remark).toEqual({ file: 's.yaml', line: 3, col: 13 });
  });
});

describe('checkFieldValue', () => {
  it('a huge mapping given for a value is cut in the message', () => {
    const problem = checkFieldValue('order', 'order', { list: Array.from({ length: 100_000 }, (_, i) => i) });
    expect('problem' in problem && problem.problem.length).toBeLessThan(200);
    expect(problem).toEqual({ problem: expect.stringMatching(/^order must be a whole number \(got \{"list":\[0,1,2,.*…\)$/) });
  });

  it('custom_cache_policies: lines of <glob>:<minutes>', () => {
    expect(checkFieldValue('custom_cache_policies', 'custom_cache_policies', '*.mp4:60\n/Docs/*: 5\n')).toEqual({ value: '*.mp4:60\n/Docs/*: 5\n' });
    expect(checkFieldValue('custom_cache_policies', 'custom_cache_policies', '*.mp4:60\n*.iso=5')).toEqual({
      problem: 'custom_cache_policies line 2 must be <glob>:<minutes>, e.g. *.mp4:60 (got "*.iso=5")',
    });
  });

  it('takes a plain number as text for a text field', () => {
    expect(checkFieldValue('remark', 'remark', 12)).toEqual({ value: '12' });
    expect(checkFieldValue('order_by', 'order_by', '')).toEqual({ value: '' });
    expect(checkFieldValue('webdav_policy', 'webdav_policy', '')).toHaveProperty('problem');
  });
});
