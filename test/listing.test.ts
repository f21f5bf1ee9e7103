// The paging of the storage list as a function of the replies (readWholeList): how many pages it
// asks for, and which lists it refuses. The end-to-end behaviour is in e2e-hostile-list.test.ts.
import { describe, expect, it } from 'vitest';
import { InconsistentListError, readWholeList, type ListPage, type PageQuery } from '../src/alist/listing.js';
import type { WireStorage } from '../src/alist/schemas.js';

function row(id: number): WireStorage {
  return { id, mount_path: `/m${id}` } as WireStorage;
}

function rows(from: number, to: number): WireStorage[] {
  return Array.from({ length: to - from + 1 }, (_, i) => row(from + i));
}

/** A server of `all` rows, paging by `pageSize` (the first reply too), its total `total`; records the queries. */
function pagingServer(all: WireStorage[], pageSize: number, total = all.length) {
  const queries: PageQuery[] = [];
  const fetchPage = (query: PageQuery): Promise<ListPage> => {
    queries.push(query);
    const page = query?.page ?? 1;
    const size = query?.per_page ?? pageSize;
    return Promise.resolve({ content: all.slice((page - 1) * size, page * size), total });
  };
  return { queries, fetchPage };
}

async function refusal(promise: Promise<unknown>): Promise<InconsistentListError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InconsistentListError);
  return error as InconsistentListError;
}

describe('readWholeList', () => {
  it('one request when the first reply holds every row (the real server without per_page)', async () => {
    const server = pagingServer(rows(1, 8), 100);
    expect((await readWholeList(server.fetchPage)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(server.queries).toEqual([undefined]);
  });

  it('an empty server: one request, no rows', async () => {
    const server = pagingServer([], 100);
    expect(await readWholeList(server.fetchPage)).toEqual([]);
    expect(server.queries).toHaveLength(1);
  });

  it('pages of the first reply size, ceil(total / size) requests', async () => {
    const server = pagingServer(rows(1, 10), 4);
    expect(await readWholeList(server.fetchPage)).toHaveLength(10);
    expect(server.queries).toEqual([undefined, { page: 2, per_page: 4 }, { page: 3, per_page: 4 }]);
  });

  it('a total far above the rows: stops at the first empty page', async () => {
    const server = pagingServer(rows(1, 10), 4, 1_000_000);
    const error = await refusal(readWholeList(server.fetchPage));
    expect(error.message).toBe("the server's storage list is inconsistent: it reported 1000000 storages but returned 10 (page 4 was empty)");
    expect(server.queries).toHaveLength(4);
  });

  it('a server that keeps sending new rows stops after ceil(total / size) requests', async () => {
    let next = 1;
    const queries: PageQuery[] = [];
    const endless = (query: PageQuery): Promise<ListPage> => {
      queries.push(query);
      const content = rows(next, next + 2);
      next += 3;
      return Promise.resolve({ content, total: 10 });
    };
    // 4 pages of 3 give 12 rows for a total of 10: refused, and no fifth request.
    const error = await refusal(readWholeList(endless));
    expect(error.detail).toBe('it reported 10 storages but returned 12');
    expect(queries).toHaveLength(4);
  });

  it('a total that changes between pages (a storage added meanwhile) is refused', async () => {
    let calls = 0;
    const error = await refusal(readWholeList((query) => Promise.resolve({ content: query ? rows(4, 6) : rows(1, 3), total: ++calls === 1 ? 6 : 7 })));
    expect(error.detail).toBe('it reported 6 storages but returned 3 (page 2 reported 7)');
  });

  it('the same id twice is refused', async () => {
    const error = await refusal(readWholeList(() => Promise.resolve({ content: [row(1), row(2), row(2)], total: 3 })));
    expect(error.detail).toBe('it reported 3 storages but returned 2 (some ids appear more than once)');
  });

  it('more rows than the total is refused', async () => {
    const error = await refusal(readWholeList(() => Promise.resolve({ content: rows(1, 5), total: 3 })));
    expect(error.detail).toBe('it reported 3 storages but returned 5');
  });

  it('a page that overlaps without repeating page 1 is named', async () => {
    const error = await refusal(readWholeList((query) => Promise.resolve({ content: query ? [row(3)] : rows(1, 3), total: 6 })));
    expect(error.detail).toBe('it reported 6 storages but returned 3 (page 2 added no new storage)');
  });

  it('says nothing was changed only when told it was read for the plan', async () => {
    const error = await refusal(readWholeList(() => Promise.resolve({ content: [], total: 2 })));
    expect(error.message).toBe("the server's storage list is inconsistent: it reported 2 storages but returned 0");
    expect(error.asBeforeChanges().message).toBe("the server's storage list is inconsistent: it reported 2 storages but returned 0; nothing was changed");
    expect(error.asBeforeChanges().endpoint).toBe('/api/admin/storage/list');
  });
});
