// The fast checks of wire-check.ts against the zod schemas they stand in for: the same keys, and
// the same verdict on valid rows and on every key set to every kind of wrong value.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createdSchema,
  driverInfoSchema,
  loginDataSchema,
  meSchema,
  publicSettingsSchema,
  storagePageSchema,
  wireStorageSchema,
} from '../src/alist/schemas.js';
import {
  WIRE_ROW_KEYS,
  acceptCreated,
  acceptDriverInfo,
  acceptLogin,
  acceptMe,
  acceptSettings,
  acceptStoragePage,
  isWireStorage,
} from '../src/alist/wire-check.js';

const ROW: Record<string, unknown> = {
  id: 7,
  mount_path: '/Share/A',
  order: 0,
  driver: 'AliyundriveShare',
  cache_expiration: 30,
  custom_cache_policies: '',
  status: 'work',
  addition: '{"share_id":"x"}',
  remark: '',
  modified: '2026-11-30T00:00:00Z',
  disabled: false,
  disable_index: false,
  enable_sign: false,
  order_by: 'name',
  order_direction: 'asc',
  extract_folder: '',
  web_proxy: false,
  webdav_policy: '302_redirect',
  proxy_range: false,
  down_proxy_url: '',
  disable_proxy_sign: false,
};

const ODD_VALUES: readonly unknown[] = [undefined, null, 0, -3, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, '', 'x', '1', true, false, {}, [], [1]];

function variants(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [ROW, { ...ROW, extra: { nested: 1 } }];
  for (const key of Object.keys(ROW)) {
    for (const value of ODD_VALUES) {
      const row = { ...ROW };
      if (value === undefined) delete row[key];
      else row[key] = value;
      out.push(row);
    }
  }
  return out;
}

describe('isWireStorage', () => {
  it('knows exactly the keys of wireStorageSchema, each optional where the schema says so', () => {
    const shape = wireStorageSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    expect(Object.keys(WIRE_ROW_KEYS).sort()).toEqual(Object.keys(shape).sort());
    for (const [key, { optional }] of Object.entries(WIRE_ROW_KEYS)) expect([key, shape[key]?.safeParse(undefined).success]).toEqual([key, optional]);
  });

  it('agrees with the schema on a valid row and on every key missing or of every wrong kind', () => {
    const rows = variants();
    expect(rows.length).toBeGreaterThan(300);
    for (const row of rows) expect([row, isWireStorage(row)]).toEqual([row, wireStorageSchema.safeParse(row).success]);
    for (const notRow of [null, 1, 'row', [ROW]]) expect(isWireStorage(notRow)).toBe(false);
  });
});

describe('acceptStoragePage and acceptCreated', () => {
  it('accept what the schemas accept, with the same values, and leave everything else to them', () => {
    const pages: unknown[] = [
      { content: [ROW, ROW], total: 2 },
      { content: null, total: 0 },
      { content: [], total: 0, extra: 1 },
      { content: [ROW, { ...ROW, id: '7' }], total: 2 },
      { content: [ROW], total: 1.5 },
      { content: [ROW] },
      { total: 1 },
      { content: {}, total: 1 },
      [],
      null,
    ];
    for (const page of pages) {
      const parsed = storagePageSchema.safeParse(page);
      expect([page, acceptStoragePage(page)]).toEqual([page, parsed.success ? parsed.data : undefined]);
    }
    for (const data of [{ id: 1 }, { id: 9, extra: true }, { id: 0 }, { id: -1 }, { id: 1.5 }, { id: '1' }, {}, null, 3]) {
      const parsed = createdSchema.safeParse(data);
      expect([data, acceptCreated(data)]).toEqual([data, parsed.success ? parsed.data : undefined]);
    }
  });
});

/** A valid value, then each of its keys (at any depth) missing or set to every odd value. */
function deepVariants(value: Record<string, unknown>): unknown[] {
  const out: unknown[] = [value, { ...value, extra: { nested: 1 } }];
  for (const key of Object.keys(value)) {
    const inner = value[key];
    const replacements: unknown[] = [...ODD_VALUES];
    if (Array.isArray(inner) && inner.length > 0 && typeof inner[0] === 'object') {
      for (const item of deepVariants(inner[0] as Record<string, unknown>)) replacements.push([...inner, item]);
    } else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      replacements.push(...deepVariants(inner as Record<string, unknown>));
    }
    for (const replacement of replacements) {
      const copy = { ...value };
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      out.push(copy);
    }
  }
  return [...out, null, 1, 'x', [], [value]];
}

describe('the checks of the replies every run gets (settings, login, /api/me, driver/info)', () => {
  const ITEM = { name: 'share_id', type: 'string', default: '', options: '', required: true, help: '' };
  const cases: [string, (data: unknown) => unknown, z.ZodType, Record<string, unknown>][] = [
    ['settings', acceptSettings, publicSettingsSchema, { version: 'v3.45.0', site_title: 'AList' }],
    ['login', acceptLogin, loginDataSchema, { token: 'abc' }],
    ['me', acceptMe, meSchema, { id: 1, username: 'admin', role: 2, disabled: false, base_path: '/' }],
    ['me, roles as a list', acceptMe, meSchema, { id: 1, username: 'admin', role: [2, 0] }],
    [
      'driver/info',
      acceptDriverInfo,
      driverInfoSchema,
      {
        common: [ITEM],
        additional: [ITEM, { ...ITEM, name: 'x' }],
        config: { name: 'X', local_sort: false, no_cache: false, no_upload: true, default_root: '/' },
      },
    ],
  ];
  it.each(cases)('%s: accepts what the schema accepts, with the same value, and leaves everything else to it', (_name, accept, schema, valid) => {
    const all = deepVariants(valid);
    expect(all.length).toBeGreaterThan(20);
    for (const data of all) {
      const parsed = schema.safeParse(data);
      expect([data, accept(data)]).toEqual([data, parsed.success ? parsed.data : undefined]);
    }
  });
});
