/**
 * How alist-batch tells its own storages from those made by hand: a marker line in `remark`.
 * It goes last, because AList reads a first line `ref:/other/mount` as an instruction
 * (alist-api.md §3), and the user's own remark text is kept above it. The remark survives the
 * server round trip unchanged, so the mark does too.
 *
 * Several config folders may provision one server. Each names its set with a top-level `name:`
 * in config.yaml, and its marker line carries it: `managed-by: alist-batch (home-media)`. A
 * folder without `name:` is the unnamed set, whose line is the bare `managed-by: alist-batch`
 * (what every earlier version wrote), so existing installations keep their storages.
 *
 * Directly above the marker line may stand the fingerprint of the secrets the storage was given
 * (`secrets-fingerprint: 1a2b3c4d`, sync/fingerprint.ts): how plan tells a secret changed in the
 * files from one the server rotated. It is a line of its own, not part of the marker line, so that
 * an earlier alist-batch still reads the storage as its own (it matches the marker line exactly) and
 * keeps the fingerprint line as remark text above its marker, where this version finds it again.
 */
export const MANAGED_MARKER = 'managed-by: alist-batch';

/** The unnamed set is null; a named set is its `name:` from config.yaml. */
export type SetName = string | null;

/** What a set name may hold: it goes into a remark line and a message, so nothing that needs quoting. */
export const SET_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const NAMED_MARKER = /^managed-by: alist-batch \(([A-Za-z0-9._-]{1,64})\)$/;

const FINGERPRINT_PREFIX = 'secrets-fingerprint: ';
/** Eight lower-case hex digits: the first 32 bits of a SHA-256. */
const FINGERPRINT_LINE = /^secrets-fingerprint: ([0-9a-f]{8})$/;

/** What a mark says: the set, and the fingerprint of the secrets (absent in marks of earlier versions, or without secrets). */
export interface Mark {
  set: SetName;
  fingerprint?: string;
}

/** The marker line of a set. */
function markerLine(set: SetName = null): string {
  return set === null ? MANAGED_MARKER : `${MANAGED_MARKER} (${set})`;
}

/** The fingerprint line (above the marker line). */
function fingerprintLine(fingerprint: string): string {
  return `${FINGERPRINT_PREFIX}${fingerprint}`;
}

function fingerprintOf(line: string | undefined): string | undefined {
  return line === undefined ? undefined : FINGERPRINT_LINE.exec(line.trim())?.[1];
}

function lines(remark: string): string[] {
  return remark === '' ? [] : remark.split(/\r?\n/);
}

/** The set a line marks, or undefined when it is no marker line (only the exact forms count). */
function markedSet(line: string): SetName | undefined {
  const text = line.trim();
  if (text === MANAGED_MARKER) return null;
  return NAMED_MARKER.exec(text)?.[1];
}

/**
 * The set that manages a storage, by its remark: undefined when it carries no marker line. Apply
 * writes exactly one, last; should a remark hold several (edited by hand), the last one counts.
 */
export function markOf(remark: string): Mark | undefined {
  // Plan asks several times about each storage in turn (whose it is, its fingerprint): read it once.
  if (remark === lastRemark) return lastMark;
  lastRemark = remark;
  lastMark = readMark(remark);
  return lastMark;
}

let lastRemark: string | undefined;
let lastMark: Mark | undefined;

/**
 * From the last line up, as the last marker line counts: apply writes it last, so one line is read
 * (and the fingerprint line above it) without splitting the whole remark, for every listed storage.
 * Lines end at '\n'; a '\r' before it is trimmed with the line, as `lines` drops it.
 */
function readMark(remark: string): Mark | undefined {
  if (remark === '') return undefined;
  let end = remark.length;
  for (;;) {
    const start = lineStart(remark, end);
    const set = markedSet(remark.slice(start, end));
    if (set !== undefined) {
      const fingerprint = start === 0 ? undefined : fingerprintOf(remark.slice(lineStart(remark, start - 1), start - 1));
      // Frozen: the same object answers every call about this remark.
      return Object.freeze(fingerprint === undefined ? { set } : { set, fingerprint });
    }
    if (start === 0) return undefined;
    end = start - 1;
  }
}

/** Where the line that ends at `end` (a '\n' or the end of the text) starts. */
function lineStart(text: string, end: number): number {
  return end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
}

/** Carries the marker line of exactly this set. */
export function isOwnedBy(remark: string, set: SetName = null): boolean {
  const mark = markOf(remark);
  return mark !== undefined && mark.set === set;
}

/** The remark without any marker line, nor a fingerprint line right above one: the user's own text. */
export function userRemark(remark: string): string {
  const all = lines(remark);
  return all.filter((line, i) => markedSet(line) === undefined && !(fingerprintOf(line) !== undefined && markedSet(all[i + 1] ?? '') !== undefined)).join('\n');
}

/**
 * The user's remark text with this set's marker appended (exactly one marker line in all), and
 * above it the fingerprint line when there is a fingerprint.
 */
export function withMarker(remark: string, set: SetName = null, fingerprint?: string): string {
  const own = userRemark(remark);
  const mark = fingerprint === undefined ? markerLine(set) : `${fingerprintLine(fingerprint)}\n${markerLine(set)}`;
  return own === '' ? mark : `${own}\n${mark}`;
}

/** How a set is named in messages. */
export function describeSet(set: SetName): string {
  return set === null ? 'the unnamed alist-batch set (a config.yaml without name:)' : `the alist-batch set "${set}"`;
}
