// The wire bodies the storage endpoints build from the model's intents (a create, a patch).
import { describe, expect, it } from 'vitest';
import { createBody, updateBody } from '../src/alist/storages.js';
import { parseServerInfo } from '../src/alist/server-info.js';
import { MANAGED_MARKER } from '../src/model/mark.js';
import { DEFAULT_STORAGE_FIELDS, type ServerStorage, type StorageCreate } from '../src/model/storage.js';

const create: StorageCreate = {
  mount_path: '/A',
  driver: 'PikPakShare',
  ...DEFAULT_STORAGE_FIELDS,
  remark: MANAGED_MARKER,
  addition: { share_id: 's', platform: 'android' },
};

const listed: ServerStorage = {
  id: 4,
  mount_path: '/A',
  order: 3,
  driver: 'PikPakShare',
  cache_expiration: 30,
  status: 'work',
  addition: { share_id: 'old', device_id: 'dev-1' },
  remark: 'note',
  modified: '2026-11-26T07:00:00Z',
  disabled: true,
  enable_sign: true,
  order_by: '',
  order_direction: '',
  extract_folder: '',
  web_proxy: false,
  webdav_policy: '302_redirect',
  proxy_range: false,
  down_proxy_url: '',
  mount_details: { total_space: 1 },
  future_key: 'kept',
};

describe('create body', () => {
  it('is the storage with its addition as a JSON string, enabled, in the key order the server has always been sent', () => {
    const body = createBody(create, parseServerInfo('v4.2.5').supports);
    const sentBefore = {
      mount_path: '/A',
      driver: 'PikPakShare',
      ...DEFAULT_STORAGE_FIELDS,
      remark: MANAGED_MARKER,
      addition: '{"share_id":"s","platform":"android"}',
      disabled: false,
    };
    expect(JSON.stringify(body)).toBe(JSON.stringify(sentBefore));
  });

  it('leaves out the optional fields the server version lacks', () => {
    const body = createBody({ ...create, custom_cache_policies: '*.mp4:60' }, parseServerInfo('v3.41.0').supports);
    expect(body).not.toHaveProperty('disable_index');
    expect(body).not.toHaveProperty('disable_proxy_sign');
    expect(body).not.toHaveProperty('custom_cache_policies');
    expect(body).toMatchObject({ mount_path: '/A', enable_sign: false, disabled: false });
    const newer = createBody({ ...create, custom_cache_policies: '*.mp4:60' }, parseServerInfo('v3.45.0').supports);
    expect(newer).toHaveProperty('disable_index', false);
    expect(newer).not.toHaveProperty('disable_proxy_sign');
    expect(newer).not.toHaveProperty('custom_cache_policies');
    expect(createBody({ ...create, custom_cache_policies: '*.mp4:60' }, parseServerInfo('v4.2.5').supports)).toHaveProperty(
      'custom_cache_policies',
      '*.mp4:60',
    );
  });
});

describe('update body', () => {
  it('is the row as listed with only the patch applied, every other key kept, mount_details dropped', () => {
    const body = updateBody(listed, { remark: `note\n${MANAGED_MARKER}`, order_by: 'name', addition: { share_id: 'new' } });
    const { mount_details: _dropped, ...row } = listed;
    expect(body).toEqual({ ...row, remark: `note\n${MANAGED_MARKER}`, order_by: 'name', addition: '{"share_id":"new","device_id":"dev-1"}' });
    expect(Object.keys(body)).toEqual(Object.keys(row));
  });

  it('sends a managed field the listed row lacks (an optional field of a newer version)', () => {
    const body = updateBody(listed, { disable_proxy_sign: true, addition: {} });
    expect(body).toMatchObject({ disable_proxy_sign: true, disabled: true, future_key: 'kept' });
  });
});
