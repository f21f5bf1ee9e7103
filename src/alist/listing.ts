/**
 * Reading the whole storage list, and refusing a list that is not whole. The real server returns
 * every row in one reply when `per_page` is missing; another server (or a future version) might
 * page. Its `total` is not trusted to drive the paging without a bound, and a list that does not
 * add up (fewer rows than announced, a page that repeats an earlier one) is refused: a plan on
 * half the rows would create storages that exist and prune the wrong ones.
 */
import { TransportError } from '../errors.js';
import type { WireStorage } from './schemas.js';

export const LIST_ENDPOINT = '/api/admin/storage/list';

export interface ListPage {
  content: WireStorage[];
  total: number;
}

export type PageQuery = { page: number; per_page: number } | undefined;

const HINT =
  'alist-batch plans only on the complete list, so that it never creates a storage twice or prunes on part of the list. ' +
  'Run again; if it persists, check the server version and any proxy or cache in front of /api/admin/storage/list.';

/** The list did not add up. Read before any change (plan) or during apply (a re-read): `beforeChanges` says which. */
export class InconsistentListError extends TransportError {
  constructor(
    readonly detail: string,
    readonly beforeChanges = false,
  ) {
    super({
      message: `the server's storage list is inconsistent: ${detail}${beforeChanges ? '; nothing was changed' : ''}`,
      outcome: 'failed',
      method: 'GET',
      endpoint: LIST_ENDPOINT,
      hint: HINT,
    });
  }

  /** The same error, saying that nothing was changed (the list was read for the plan). */
  asBeforeChanges(): InconsistentListError {
    return new InconsistentListError(this.detail, true);
  }
}

/**
 * Every row, by asking for the first reply and then, only if it holds fewer rows than its total,
 * for the following pages of the same size: at most ceil(total / page size) requests in all,
 * stopping at the first page that adds nothing new.
 */
export async function readWholeList(fetchPage: (query: PageQuery) => Promise<ListPage>): Promise<WireStorage[]> {
  const first = await fetchPage(undefined);
  const { total } = first;
  // The common case, the real server's: every row in one reply, each id once. The rows as they
  // came, without a map of them by id and a copy (what follows gives the same rows, in that order).
  if (first.content.length === total && idsAreUnique(first.content)) return first.content;
  const rows = new Map<number, WireStorage>();
  let received = first.content.length;
  addRows(rows, first.content);
  const pageSize = first.content.length;
  const inconsistent = (why?: string): InconsistentListError =>
    new InconsistentListError(`it reported ${count(total)} but returned ${rows.size}${why ? ` (${why})` : ''}`);

  if (rows.size < total && pageSize > 0) {
    const lastPage = Math.ceil(total / pageSize);
    for (let page = 2; page <= lastPage && rows.size < total; page += 1) {
      const next = await fetchPage({ page, per_page: pageSize });
      received += next.content.length;
      if (next.total !== total) throw inconsistent(`page ${page} reported ${next.total}`);
      if (addRows(rows, next.content) === 0) throw inconsistent(whyNothingNew(page, next.content, new Set(first.content.map((row) => row.id))));
    }
  }
  if (rows.size !== total) throw inconsistent(received > rows.size ? 'some ids appear more than once' : undefined);
  return [...rows.values()];
}

function idsAreUnique(content: readonly WireStorage[]): boolean {
  const ids = new Set<number>();
  for (let i = 0; i < content.length; i++) ids.add((content[i] as WireStorage).id);
  return ids.size === content.length;
}

/** → how many rows were new (by id). */
function addRows(rows: Map<number, WireStorage>, content: readonly WireStorage[]): number {
  const before = rows.size;
  for (const row of content) if (!rows.has(row.id)) rows.set(row.id, row);
  return rows.size - before;
}

function whyNothingNew(page: number, content: readonly WireStorage[], firstIds: ReadonlySet<number>): string {
  if (content.length === 0) return `page ${page} was empty`;
  if (content.length === firstIds.size && content.every((row) => firstIds.has(row.id))) return `page ${page} repeated page 1`;
  return `page ${page} added no new storage`;
}

function count(n: number): string {
  return `${n} storage${n === 1 ? '' : 's'}`;
}
