// The fast checks of wire-check.ts against the zod schemas they stand in for: the same keys, and
// the same verdict on valid rows and on every key set to every kind of wrong value.
import { describe, expect, it } from 'vitest';
import { createdSchema, storagePageSchema, wireStorageSchema } from '../src/alist/schemas.js';
import { WIRE_ROW_KEYS, acceptCreated, acceptStoragePage, isWireStorage } from '../src/alist/wire-check.js';

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
