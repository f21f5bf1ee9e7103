/**
 * How alist-batch tells its own storages from those made by hand: a marker line in `remark`.
 * It goes last, because AList reads a first line `ref:/other/mount` as an instruction
 * (alist-api.md §3), and the user's own remark text is kept above it. The remark survives the
 * server round trip unchanged, so the mark does too.
 */
export const MANAGED_MARKER = 'managed-by: alist-batch';

function lines(remark: string): string[] {
  return remark === '' ? [] : remark.split(/\r?\n/);
}

export function isManaged(remark: string): boolean {
  return lines(remark).some((line) => line.trim() === MANAGED_MARKER);
}

/** The remark without our marker line: the user's own text. */
export function userRemark(remark: string): string {
  return lines(remark)
    .filter((line) => line.trim() !== MANAGED_MARKER)
    .join('\n');
}

/** The user's remark text with the marker appended (exactly once). */
export function withMarker(remark: string): string {
  const own = userRemark(remark);
  return own === '' ? MANAGED_MARKER : `${own}\n${MANAGED_MARKER}`;
}
