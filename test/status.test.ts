// The pure part of `status`: states from what the files describe and what the server lists, and
// the selection of --only / --driver.
import { describe, expect, it } from 'vitest';
import { SELECT_ALL, globPattern, selector } from '../src/sync/select.js';
import { computeStatus } from '../src/sync/status.js';
import { desired, onServer } from './helpers/storages.js';

const film = desired('/Movies/Film', 'AliyundriveShare', { share_id: 'S1' });
const alice = desired('/Teams/A/Alice', 'OnedriveAPP', { email: 'alice@contoso.onmicrosoft.com' });

describe('computeStatus', () => {
  it('reports two rows at one path, or a row stored under a path that is not clean, as a conflict and picks neither', () => {
    const first = onServer(film);
    const second = onServer(film, { mount_path: '/Movies/Film/' });
    const report = computeStatus([film], [first, second], { all: false, selection: SELECT_ALL });
    expect(report.entries).toEqual([
      expect.objectContaining({
        mount_path: '/Movies/Film',
        state: 'conflict',
        reason: expect.stringContaining(`2 storages on the server mount at this path (ids ${first.id}, ${second.id})`),
      }),
    ]);
    const alone = computeStatus([film], [second], { all: false, selection: SELECT_ALL });
    expect(alone.entries[0]).toMatchObject({
      state: 'conflict',
      id: second.id,
      reason: 'the server stores this path as "/Movies/Film/": correct it in the web UI',
    });
  });

  it('tells a disabled storage (flag or status) from a broken one, and gives no status text to a missing one', () => {
    const report = computeStatus([film, alice], [onServer(film, { disabled: true, status: 'disabled' })], { all: false, selection: SELECT_ALL });
    expect(report.entries.map((e) => [e.mount_path, e.state, e.status])).toEqual([
      ['/Movies/Film', 'disabled', 'disabled'],
      ['/Teams/A/Alice', 'missing', undefined],
    ]);
  });
});

describe('selection', () => {
  it('matches * within one segment and ** across segments, the whole path', () => {
    expect(globPattern('/Movies/*').test('/Movies/Film')).toBe(true);
    expect(globPattern('/Movies/*').test('/Movies/A/B')).toBe(false);
    expect(globPattern('/Teams/**').test('/Teams')).toBe(true);
    expect(globPattern('/Teams/**').test('/Teams/A/Alice')).toBe(true);
    expect(globPattern('/Teams/**').test('/TeamsX/A')).toBe(false);
    expect(globPattern('/a.b (1)/*').test('/a.b (1)/x')).toBe(true);
    expect(globPattern('/a.b (1)/*').test('/aXb (1)/x')).toBe(false);
  });

  it('takes a storage when any glob matches and its driver is among those named', () => {
    const take = selector({ only: ['/Movies/**', '/Music/**'], drivers: ['PikPakShare'] });
    expect(take('/Music/Live/R', 'PikPakShare')).toBe(true);
    expect(take('/Music/Live/R', 'AliyundriveShare')).toBe(false);
    expect(take('/TV/X', 'PikPakShare')).toBe(false);
    expect(selector(SELECT_ALL)('/anything', 'any')).toBe(true);
  });
});
