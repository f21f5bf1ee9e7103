/** The word for a count: plural(1, 'storage') → "storage", plural(2, 'storage') → "storages". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 storage", "3 storages". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${plural(n, one, many)}`;
}

/** How many entries a list on screen shows before it is cut (plan notes, apply summary, prompts). */
export const LIST_SHOWN = 20;

/**
 * The one rule for long lists: the first LIST_SHOWN entries, then "… and N more; --json has them
 * all". Everything shown to people goes through this, so no list floods a terminal or a CI log.
 */
export function cutList<T>(items: readonly T[], line: (item: T) => string | readonly string[], indent = '  '): string[] {
  const lines = items.slice(0, LIST_SHOWN).flatMap((item) => line(item));
  if (items.length > LIST_SHOWN) lines.push(`${indent}… and ${items.length - LIST_SHOWN} more; --json has them all`);
  return lines;
}
