/**
 * Go's path.Clean: lexical cleanup, '//' collapsed (a leading '//' too, unlike posixpath.normpath),
 * '.' removed, '..' resolved, '..' above the root dropped, '' → '.'.
 */
export function goPathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') parts.push(segment);
    else if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (!rooted) parts.push('..');
  }
  const joined = parts.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** AList's utils.FixAndCleanPath: backslashes → '/', a leading '/' added, then path.Clean. */
export function fixAndCleanPath(p: string): string {
  let fixed = p.replaceAll('\\', '/');
  if (!fixed.startsWith('/')) fixed = '/' + fixed;
  return goPathClean(fixed);
}
