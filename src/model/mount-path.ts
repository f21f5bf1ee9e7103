/**
 * The mount path the server will store: AList's FixAndCleanPath (backslashes become '/', a
 * leading '/' is added) followed by Go's path.Clean. Duplicate detection must use exactly this,
 * or two entries that the server sees as one would slip through.
 */
export function cleanMountPath(raw: string): string {
  // Already clean (the common case): rooted, no backslash, no empty, "." or ".." segment, no trailing '/'.
  if (raw.startsWith('/') && !raw.endsWith('/') && !raw.includes('//') && !raw.includes('/.') && !raw.includes('\\')) return raw;
  const withSlashes = raw.replaceAll('\\', '/');
  return goPathClean(withSlashes.startsWith('/') ? withSlashes : `/${withSlashes}`);
}

/** Go's path.Clean: collapse '//', drop '.', resolve '..' lexically (never above the root). */
export function goPathClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Mount paths in plain code-point order: stable across locales, so outputs diff cleanly between machines. */
export function compareMountPaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
