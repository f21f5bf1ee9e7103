/** The word for a count: plural(1, 'storage') → "storage", plural(2, 'storage') → "storages". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 storage", "3 storages". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${plural(n, one, many)}`;
}
