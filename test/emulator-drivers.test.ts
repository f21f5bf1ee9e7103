import { describe, expect, it } from 'vitest';
import type { DriverItem as Item } from './emulator/drivers.js';
import type { Emulator } from './emulator/index.js';
import { admin, create, emulatorLifecycle } from './emulator-support.js';

const start = emulatorLifecycle();

interface Info {
  common: Item[];
  additional: Item[];
  config: Record<string, unknown>;
}
const info = async (e: Emulator, driver: string): Promise<Info> =>
  (await admin(e).get(`/api/admin/driver/info?driver=${encodeURIComponent(driver)}`)).data as Info;
const names = (items: Item[]): string[] => items.map((i) => i.name);
// Sorted as Go sorts map keys (byte order): the digits of the share drivers come first.
const ALL = ['115 Share', '123PanShare', 'AliyundriveOpen', 'AliyundriveShare', 'OnedriveAPP', 'PikPak', 'PikPakShare'];

describe('driver endpoints', () => {
  it('lists the seven drivers (names in random order, list keyed by name) and 404s unknown ones', async () => {
    const e = await start();
    expect(((await admin(e).get('/api/admin/driver/names')).data as string[]).sort()).toEqual(ALL);
    expect(Object.keys((await admin(e).get('/api/admin/driver/list')).data as object)).toEqual(ALL);
    expect(await admin(e).get('/api/admin/driver/info?driver=Local')).toEqual({ code: 404, message: 'driver [Local] not found', data: null });
  });

  it('a server built without some drivers does not name them, 404s their info and refuses to create them', async () => {
    const e = await start({ withoutDrivers: ['PikPakShare'] });
    expect(((await admin(e).get('/api/admin/driver/names')).data as string[]).sort()).toEqual(ALL.filter((n) => n !== 'PikPakShare'));
    expect(Object.keys((await admin(e).get('/api/admin/driver/list')).data as object)).not.toContain('PikPakShare');
    expect(await admin(e).get('/api/admin/driver/info?driver=PikPakShare')).toEqual({ code: 404, message: 'driver [PikPakShare] not found', data: null });
    expect(await create(e, { mount_path: '/p', driver: 'PikPakShare', addition: '{"share_id":"s"}' })).toEqual({
      code: 500,
      message: 'failed get driver new: no driver named: PikPakShare',
      data: { id: 0 },
    });
  });

  it('builds OnedriveAPP info: common items by its Config, root_folder_path default/required from DefaultRoot', async () => {
    const e = await start();
    const od = await info(e, 'OnedriveAPP');
    expect(names(od.common)).toEqual([
      'mount_path',
      'order',
      'remark',
      'cache_expiration',
      'web_proxy',
      'webdav_policy',
      'down_proxy_url',
      'order_by',
      'order_direction',
      'extract_folder',
      'disable_index',
      'enable_sign',
    ]);
    expect(od.common.find((i) => i.name === 'webdav_policy')).toEqual({
      name: 'webdav_policy',
      type: 'select',
      default: '302_redirect',
      options: '302_redirect,use_proxy_url,native_proxy',
      required: true,
      help: '',
    });
    expect(od.additional[0]).toEqual({ name: 'root_folder_path', type: 'string', default: '/', options: '', required: true, help: '' });
    expect(names(od.additional)).toEqual(['root_folder_path', 'region', 'client_id', 'client_secret', 'tenant_id', 'email', 'chunk_size', 'custom_host']);
    expect(od.additional.find((i) => i.name === 'chunk_size')).toMatchObject({ type: 'number', default: '5', required: false });
    expect(od.config).toEqual({
      name: 'OnedriveAPP',
      local_sort: true,
      only_local: false,
      only_proxy: false,
      no_cache: false,
      no_upload: false,
      need_ms: false,
      default_root: '/',
      alert: '',
    });
  });

  it('gives PikPak a root_folder_id without default that is not required, and no LocalSort items to Aliyundrive drivers', async () => {
    const e = await start();
    expect((await info(e, 'PikPak')).additional[0]).toMatchObject({ name: 'root_folder_id', default: '', required: false });
    const share = await info(e, 'AliyundriveShare');
    expect(names(share.additional)).toEqual(['refresh_token', 'share_id', 'share_pwd', 'root_folder_id', 'order_by', 'order_direction']);
    expect(share.additional[3]).toMatchObject({ default: 'root', required: true });
    expect(names(share.common)).not.toContain('order_by');
    expect(share.config).toMatchObject({ no_upload: true, default_root: 'root', local_sort: false });
    const open = await info(e, 'AliyundriveOpen');
    expect(names(open.additional)).toContain('oauth_token_url');
    expect(names(open.additional)).not.toContain('AccessToken');
    expect(open.additional.find((i) => i.name === 'rapid_upload')).toMatchObject({ type: 'bool', required: false });
    expect(open.additional.find((i) => i.name === 'remove_way')).toMatchObject({ type: 'select', options: 'trash,delete', required: true, default: '' });
  });

  it('drops disable_index from the common items before AList v3.42.0', async () => {
    const e = await start({ version: 'v3.41.0' });
    expect(names((await info(e, 'PikPak')).common)).not.toContain('disable_index');
  });

  it('describes the OpenList variants (common items, OnedriveAPP keys, AliyundriveOpen fields)', async () => {
    const e = await start({ flavor: 'openlist' });
    const od = await info(e, 'OnedriveAPP');
    expect(names(od.common)).toEqual([
      'mount_path',
      'order',
      'remark',
      'cache_expiration',
      'custom_cache_policies',
      'web_proxy',
      'webdav_policy',
      'down_proxy_url',
      'disable_proxy_sign',
      'order_by',
      'order_direction',
      'extract_folder',
      'disable_index',
      'enable_sign',
    ]);
    expect(names(od.additional).slice(-2)).toEqual(['disable_disk_usage', 'enable_direct_upload']);
    expect(od.config).not.toHaveProperty('only_local');
    const open = await info(e, 'AliyundriveOpen');
    expect(names(open.additional)).toEqual([
      'drive_type',
      'root_folder_id',
      'refresh_token',
      'order_by',
      'order_direction',
      'use_online_api',
      'alipan_type',
      'api_url_address',
      'client_id',
      'client_secret',
      'remove_way',
      'rapid_upload',
      'internal_upload',
      'livp_download_format',
    ]);
    // The stored addition carries the OpenList keys, AccessToken included.
    await create(e, { mount_path: '/ali', driver: 'AliyundriveOpen', addition: '{"refresh_token":"r","oauth_token_url":"x"}' });
    const stored = Object.keys(JSON.parse(e.row('/ali')?.addition ?? '{}'));
    expect(stored).toEqual([...names(open.additional), 'AccessToken']);
    const alist = await start();
    await create(alist, { mount_path: '/ali', driver: 'AliyundriveOpen', addition: '{"refresh_token":"r"}' });
    expect(JSON.parse(alist.row('/ali')?.addition ?? '{}')).toMatchObject({ oauth_token_url: '', drive_type: 'default', livp_download_format: 'jpeg' });
  });
});
