import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { cleanUpTemps, loadFiles, problems } from './fixture.js';

afterAll(cleanUpTemps);

// A copy of ../shared/reference/upstream-templates (MIT, unchanged), so the tests need nothing outside the repo.
const TEMPLATES = join(REPO_ROOT, 'test', 'fixtures', 'upstream-templates');
const BLANK_LINE = 'blank line (blank lines are not allowed; delete it, or start it with # to keep it as a comment)';

async function template(scheme: 'alist_batch-v0.11' | 'openlist_batch-v0.21', name: string): Promise<string> {
  return readFile(join(TEMPLATES, scheme, name), 'utf8');
}

/** The template's files, each edited by `edit` (name, text) -> text. */
async function templateSet(
  scheme: 'alist_batch-v0.11' | 'openlist_batch-v0.21',
  names: string[],
  edit: (name: string, text: string) => string = (_, t) => t,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = edit(name, await template(scheme, name));
  return out;
}

const V011 = ['config.yaml', 'ali_share.yaml', 'pik_share.yaml', 'onedrive_app.yaml'];
const V021 = ['config.yaml', 'aliyun_share.yaml', 'pikpak_share.yaml', 'onedrive_app.yaml'];

/** Filled-in values: what a user writes in place of the placeholders. */
const FILL: Readonly<Record<string, string>> = {
  ALIST_URL: 'https://alist.test',
  OPENLIST_URL: 'https://openlist.test/sub',
  USERNAME: 'admin',
  PASSWORD: 'admin-pass-123',
  ALIST_TOKEN: '""',
  OPENLIST_TOKEN: '""',
  ALI_YUNPAN_REFRESH_TOKEN: 'ali-refresh-token-abc',
};

function fillConfig(text: string): string {
  let out = text;
  for (const [placeholder, value] of Object.entries(FILL)) out = out.replace(new RegExp(`: ${placeholder}\\b`), `: ${value}`);
  let tenant = 0;
  out = out.replace(/client_id: CLIENT_ID/g, () => `client_id: 00000000-0000-4000-8000-00000000000${++tenant}`);
  tenant = 0;
  out = out.replace(/client_secret: CLIENT_SECRET/g, () => `client_secret: secret-of-tenant-${++tenant}`);
  tenant = 0;
  out = out.replace(/tenant_id: TENANT_ID/g, () => `tenant_id: tenant${++tenant}.onmicrosoft.com`);
  return out.replace(/enable: false/g, 'enable: true');
}

const withoutBlankLines = (text: string): string => text.replace(/\n\s*\n/g, '\n');

describe('the unchanged upstream templates', () => {
  it('alist_batch v0.11: every unfilled placeholder is reported where it is', async () => {
    expect(await problems(await templateSet('alist_batch-v0.11', V011))).toEqual([
      'config.yaml:1:6: url is still the template placeholder "ALIST_URL": fill it in (or set ALIST_URL)',
      'config.yaml:3:15: auth.username is still the template placeholder "USERNAME": fill it in (or set ALIST_USERNAME)',
      'config.yaml:4:15: auth.password is still the template placeholder "PASSWORD": fill it in (or set ALIST_PASSWORD)',
      'config.yaml:5:8: token is still the template placeholder "ALIST_TOKEN": fill it in, or write token: "" to sign in with auth (or set ALIST_TOKEN)',
      'config.yaml:8:20: aliyun.refresh_token is still the template placeholder "ALI_YUNPAN_REFRESH_TOKEN": fill it in',
    ]);
  });

  it('alist_batch v0.11 with every section enabled: tenant placeholders and the xxx example mailboxes too', async () => {
    const files = await templateSet('alist_batch-v0.11', V011, (name, text) =>
      name === 'config.yaml' ? text.replace(/enable: false/g, 'enable: true') : text,
    );
    const found = await problems(files);
    expect(found.filter((l) => !/^config\.yaml:[1-8]:/.test(l))).toEqual([
      'config.yaml:19:22: onedrive_app.tenants[1].client_id is still the template placeholder "CLIENT_ID": fill it in',
      'config.yaml:20:26: onedrive_app.tenants[1].client_secret is still the template placeholder "CLIENT_SECRET": fill it in',
      'config.yaml:21:22: onedrive_app.tenants[1].tenant_id is still the template placeholder "TENANT_ID": fill it in',
      'config.yaml:23:22: onedrive_app.tenants[2].client_id is still the template placeholder "CLIENT_ID": fill it in',
      'config.yaml:24:26: onedrive_app.tenants[2].client_secret is still the template placeholder "CLIENT_SECRET": fill it in',
      'config.yaml:25:22: onedrive_app.tenants[2].tenant_id is still the template placeholder "TENANT_ID": fill it in',
      'onedrive_app.yaml:2:10: "挂载1" still has the template\'s example email "user1@xxx.onmicrosoft.com": fill in a real one',
      'onedrive_app.yaml:3:10: "挂载2" still has the template\'s example email "user2@xxx.onmicrosoft.com": fill in a real one',
      'onedrive_app.yaml:4:10: "挂载3" still has the template\'s example email "user2@xxx.onmicrosoft.com": fill in a real one',
    ]);
  });

  it('openlist_batch v0.21: placeholders and every blank line, in config.yaml and (enabled) list files', async () => {
    const files = await templateSet('openlist_batch-v0.21', V021, (name, text) =>
      name === 'config.yaml' ? text.replace(/enable: false/g, 'enable: true') : text,
    );
    expect(await problems(files)).toEqual([
      'config.yaml:2:6: url is still the template placeholder "OPENLIST_URL": fill it in (or set ALIST_URL)',
      `config.yaml:3:1: ${BLANK_LINE}`,
      'config.yaml:6:13: auth.username is still the template placeholder "USERNAME": fill it in (or set ALIST_USERNAME)',
      'config.yaml:7:13: auth.password is still the template placeholder "PASSWORD": fill it in (or set ALIST_PASSWORD)',
      `config.yaml:8:1: ${BLANK_LINE}`,
      'config.yaml:9:8: token is still the template placeholder "OPENLIST_TOKEN": fill it in, or write token: "" to sign in with auth (or set ALIST_TOKEN)',
      `config.yaml:10:1: ${BLANK_LINE}`,
      'config.yaml:14:18: aliyun_share.refresh_token is still the template placeholder "ALI_YUNPAN_REFRESH_TOKEN": fill it in',
      `config.yaml:15:1: ${BLANK_LINE}`,
      `config.yaml:21:1: ${BLANK_LINE}`,
      'config.yaml:28:18: onedrive_app.tenants[1].client_id is still the template placeholder "CLIENT_ID": fill it in',
      'config.yaml:29:22: onedrive_app.tenants[1].client_secret is still the template placeholder "CLIENT_SECRET": fill it in',
      'config.yaml:30:18: onedrive_app.tenants[1].tenant_id is still the template placeholder "TENANT_ID": fill it in',
      `aliyun_share.yaml:8:1: ${BLANK_LINE}`,
      'aliyun_share.yaml:10:9: "示例剧集" still has the template\'s example share_id "xxx": fill in a real one',
      `aliyun_share.yaml:11:1: ${BLANK_LINE}`,
      'aliyun_share.yaml:13:9: "示例电影" still has the template\'s example share_id "xxx": fill in a real one',
      `pikpak_share.yaml:7:1: ${BLANK_LINE}`,
      'pikpak_share.yaml:9:9: "示例剧集" still has the template\'s example share_id "xxx": fill in a real one',
      `pikpak_share.yaml:10:1: ${BLANK_LINE}`,
      'pikpak_share.yaml:12:9: "示例电影" still has the template\'s example share_id "xxx": fill in a real one',
      `onedrive_app.yaml:10:1: ${BLANK_LINE}`,
      'onedrive_app.yaml:12:9: "工作文件" still has the template\'s example email "user@example.com": fill in a real one',
      'onedrive_app.yaml:13:9: "学习资料" still has the template\'s example email "user@example.com": fill in a real one',
    ]);
  });
});

describe('the templates filled in give the storages the old tools created', () => {
  it('alist_batch v0.11 naming', async () => {
    const files = await templateSet('alist_batch-v0.11', V011, (name, text) => {
      if (name === 'config.yaml') return fillConfig(text);
      return name === 'onedrive_app.yaml' ? text.replaceAll('@xxx.', '@contoso.') : text;
    });
    const { loaded } = await loadFiles(files);
    expect(loaded.server).toEqual({ url: 'https://alist.test', username: 'admin', password: 'admin-pass-123', token: undefined });
    expect(loaded.storages).toHaveLength(6 + 2 + 3);
    const byPath = new Map(loaded.storages.map((s) => [s.mount_path, s]));
    expect(byPath.get('/电视剧/西游记86版')).toMatchObject({
      driver: 'AliyundriveShare',
      addition: {
        refresh_token: 'ali-refresh-token-abc',
        share_id: 'MmMR3zaoXLf',
        share_pwd: '',
        root_folder_id: '61d259418d27bae8656f47aca23ee03b40275432',
        order_by: '',
        order_direction: '',
      },
      managed: { fields: [], addition: ['refresh_token', 'share_id', 'share_pwd', 'root_folder_id'] },
    });
    expect(Object.keys(byPath.get('/电视剧/西游记86版')?.addition ?? {})).toEqual([
      'refresh_token',
      'share_id',
      'share_pwd',
      'root_folder_id',
      'order_by',
      'order_direction',
    ]);
    // v0.11 names no platform: android, as the old tool always sent; stated use_transcoding_address is managed.
    expect(byPath.get('/电影/太空之城')).toMatchObject({
      driver: 'PikPakShare',
      addition: {
        root_folder_id: '',
        share_id: 'VNP2_7OhUCdC2aI3JSSnD--eo1',
        share_pwd: '',
        platform: 'android',
        device_id: '',
        use_transcoding_address: true,
      },
      managed: { fields: [], addition: ['root_folder_id', 'share_id', 'share_pwd', 'use_transcoding_address'] },
    });
    expect(byPath.get('/电影/阿飞正传')?.addition.root_folder_id).toBe('VNP2G0YUcYmtVw025fNVqgDdo1');
    expect(byPath.get('/分类1/挂载2')).toMatchObject({
      driver: 'OnedriveAPP',
      addition: {
        root_folder_path: '/folder1',
        region: 'global',
        client_id: '00000000-0000-4000-8000-000000000001',
        client_secret: 'secret-of-tenant-1',
        tenant_id: 'tenant1.onmicrosoft.com',
        email: 'user2@contoso.onmicrosoft.com',
        chunk_size: 5,
        custom_host: '',
      },
      managed: { fields: [], addition: ['root_folder_path', 'region', 'client_id', 'client_secret', 'tenant_id', 'email'] },
      source: { line: 3, col: 5 },
    });
    expect(byPath.get('/分类1/挂载1')?.addition.root_folder_path).toBe('/');
    expect(byPath.get('/分类1/挂载1')?.fields).toEqual({
      order: 0,
      remark: '',
      cache_expiration: 30,
      web_proxy: false,
      webdav_policy: '302_redirect',
      down_proxy_url: '',
      order_by: '',
      order_direction: '',
      extract_folder: '',
      enable_sign: false,
      disable_index: false,
      disable_proxy_sign: false,
      // Not sent to an AList (nor an OpenList before v4.1.9): the client leaves it out for them.
      custom_cache_policies: '',
      disabled: false,
    });
    expect(loaded.secrets).toEqual(expect.arrayContaining(['admin-pass-123', 'ali-refresh-token-abc', 'secret-of-tenant-1', 'secret-of-tenant-2']));
    expect(loaded.warnings).toEqual([]);
  });

  it('openlist_batch v0.21 naming (blank lines removed)', async () => {
    const files = await templateSet('openlist_batch-v0.21', V021, (name, text) => {
      // Both list templates use the same category and names: the PikPak ones get their own category.
      const own = name === 'pikpak_share.yaml' ? text.replace('电视剧:', 'PikPak剧集:').replace('电影:', 'PikPak电影:') : text;
      const filled =
        name === 'config.yaml'
          ? fillConfig(own)
          : own
              .replace(/\/s\/xxx\/folder\/xxx/g, '/s/Sh4re1/folder/F0lder1')
              .replace(/\/s\/xxx\/xxx/, '/s/VNshare2/VNfolder2')
              .replace(/\/s\/xxx/, '/s/VNshare1')
              .replaceAll('@example.com', '@contoso.onmicrosoft.com');
      return withoutBlankLines(filled);
    });
    const { loaded } = await loadFiles(files);
    expect(loaded.server.url).toBe('https://openlist.test/sub');
    expect(loaded.storages.map((s) => [s.mount_path, s.driver])).toEqual([
      ['/PikPak剧集/示例剧集', 'PikPakShare'],
      ['/PikPak电影/示例电影', 'PikPakShare'],
      ['/个人网盘/学习资料', 'OnedriveAPP'],
      ['/个人网盘/工作文件', 'OnedriveAPP'],
      ['/电影/示例电影', 'AliyundriveShare'],
      ['/电视剧/示例剧集', 'AliyundriveShare'],
    ]);
    expect(loaded.storages.find((s) => s.mount_path === '/个人网盘/工作文件')?.addition).toEqual({
      root_folder_path: '/Work',
      region: 'global',
      client_id: '00000000-0000-4000-8000-000000000001',
      client_secret: 'secret-of-tenant-1',
      tenant_id: 'tenant1.onmicrosoft.com',
      email: 'user@contoso.onmicrosoft.com',
      chunk_size: 5,
      custom_host: '',
    });
    expect(loaded.storages.find((s) => s.mount_path === '/电影/示例电影')?.addition).toEqual({
      refresh_token: 'ali-refresh-token-abc',
      share_id: 'Sh4re1',
      share_pwd: '',
      root_folder_id: 'F0lder1',
      order_by: '',
      order_direction: '',
    });
    const pik = loaded.storages.find((s) => s.driver === 'PikPakShare' && s.addition.share_id === 'VNshare2');
    expect(pik?.addition).toEqual({
      root_folder_id: 'VNfolder2',
      share_id: 'VNshare2',
      share_pwd: '',
      platform: 'android',
      device_id: '',
      use_transcoding_address: true,
    });
    expect(pik?.managed.addition).toEqual(['root_folder_id', 'share_id', 'share_pwd', 'platform', 'use_transcoding_address']);
  });
});
