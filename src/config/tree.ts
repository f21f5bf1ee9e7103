import { Alias, isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { indicatorProblem, keyText, nodeStart, resolveAlias, SPECIAL_CHARACTER, valueStart, type YamlFile } from './read.js';

export type PathSegment = string | number;

/** Where a value sits: its key (for maps) and the value itself (the key again when it is empty). */
export interface Located {
  readonly key: SourceLocation;
  readonly value: SourceLocation;
}

/**
 * A YAML document as plain JS values (for zod) plus the position of every path in it (for
 * messages). Keys are kept as written, so zod and the messages see the same names.
 */
export interface PlainTree {
  readonly value: unknown;
  readonly file: string;
  /** Values YAML could not read as the user meant them (`*text`, `&text`): one diagnostic each. */
  readonly diagnostics: readonly Diagnostic[];
  /** Aliases that loop or copy too much were refused: the document means nothing, and nothing more is checked. */
  readonly aliasesRefused: boolean;
  at(path: readonly PathSegment[]): Located | undefined;
  /**
   * Paths whose problem is already reported (an unusable YAML value, an unset ${NAME}): the later
   * checks say nothing more about them, so one mistake makes one diagnostic.
   */
  markReported(path: readonly PathSegment[]): void;
  /** True for a reported path and everything below it (a reported `auth` covers `auth.password`). */
  isReported(path: readonly PathSegment[]): boolean;
}

/**
 * `stringKeys`: keys whose plain scalars are read as written, the way the old Go tools read them
 * into string fields (`password: 0123` is the string "0123", not the number 123).
 */
export function plainTree(yamlFile: YamlFile, stringKeys: ReadonlySet<string> = new Set()): PlainTree {
  const positions = new Map<string, Located>();
  const reported = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const start = { file: yamlFile.file, line: 1, col: 1 };
  positions.set('', { key: start, value: start });

  const aliases = aliasExpansion(yamlFile, diagnostics);
  const convert = (raw: unknown, path: PathSegment[], key: SourceLocation): unknown => {
    if (!aliases.allow(raw)) {
      reported.add(pathKey(path));
      positions.set(pathKey(path), { key, value: key });
      return null;
    }
    if (raw instanceof Alias && indicatorProblem(yamlFile, raw) === undefined) return aliases.expand(raw, () => convertNode(raw, path, key));
    return convertNode(raw, path, key);
  };
  const convertNode = (raw: unknown, path: PathSegment[], key: SourceLocation): unknown => {
    const problem = indicatorProblem(yamlFile, raw);
    if (problem) {
      reported.add(pathKey(path));
      const where = raw ? valueStart(yamlFile, raw as Node) : key;
      positions.set(pathKey(path), { key, value: where });
      if (problem !== 'tag') diagnostics.push({ ...where, message: SPECIAL_CHARACTER });
      return null;
    }
    const node = resolveAlias(yamlFile, raw) as Node | null | undefined;
    const valueIsEmpty = !node || (isScalar(node) && (node.value === null || node.value === undefined));
    positions.set(pathKey(path), { key, value: valueIsEmpty || !node ? key : nodeStart(yamlFile, node) });
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const name = keyText(pair) ?? '';
        const keyLoc = pair.key ? nodeStart(yamlFile, pair.key as Node) : key;
        Object.defineProperty(out, name, { value: convert(pair.value, [...path, name], keyLoc), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item, i) => convert(item, [...path, i], item ? nodeStart(yamlFile, item as Node) : key));
    if (isScalar(node)) {
      const last = path[path.length - 1];
      const asWritten = typeof last === 'string' && stringKeys.has(last) && node.type === Scalar.PLAIN && node.value !== null && typeof node.value !== 'string';
      return asWritten ? (node.source ?? String(node.value)) : (node.value ?? null);
    }
    return null;
  };

  const value = convert(yamlFile.doc.contents, [], start);
  return {
    value,
    file: yamlFile.file,
    diagnostics,
    aliasesRefused: aliases.refused(),
    at: (path) => positions.get(pathKey(path)),
    markReported: (path) => reported.add(pathKey(path)),
    isReported: (path) => path.some((_, i) => reported.has(pathKey(path.slice(0, i + 1)))) || reported.has(''),
  };
}

/**
 * Aliases in config.yaml are legal YAML and the old tools read them, so they are followed, but
 * within bounds: each one copies its anchor's value, and aliases of aliases multiply (a few hundred
 * bytes can stand for billions of values). Far more than any real config.yaml copies.
 */
export const MAX_ALIAS_VALUES = 10_000;

interface AliasExpansion {
  /** False once the budget is spent, or for an alias that would copy a value into itself. */
  allow(raw: unknown): boolean;
  expand(alias: Alias, convert: () => unknown): unknown;
  refused(): boolean;
}

function aliasExpansion(yamlFile: YamlFile, diagnostics: Diagnostic[]): AliasExpansion {
  const active = new Set<unknown>();
  let copied = 0;
  let outermost: Alias | undefined;
  let spent = false;
  let refused = false;
  return {
    refused: () => refused,
    allow(raw) {
      if (spent) return false;
      if (outermost !== undefined) copied += 1;
      if (raw instanceof Alias && active.has(resolveAlias(yamlFile, raw))) {
        refused = true;
        diagnostics.push({ ...nodeStart(yamlFile, raw), message: `alias *${raw.source} is inside the value it names (&${raw.source}): it would never end` });
        return false;
      }
      if (copied <= MAX_ALIAS_VALUES) return true;
      spent = true;
      refused = true;
      const at = nodeStart(yamlFile, outermost ?? (raw as Node));
      diagnostics.push({
        ...at,
        message: `aliases here copy more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values (aliases of aliases multiply): write the values out`,
      });
      return false;
    },
    expand(alias, convert) {
      const target = resolveAlias(yamlFile, alias);
      const outer = outermost === undefined;
      if (outer) outermost = alias;
      active.add(target);
      try {
        return convert();
      } finally {
        active.delete(target);
        if (outer) outermost = undefined;
      }
    },
  };
}

function pathKey(path: readonly PathSegment[]): string {
  return path.join('\u0000');
}

/** "auth.password", "onedrive_app.tenants[2].client_id" (1-based, as users count list items). */
export function dottedPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment + 1}]` : `${out ? '.' : ''}${segment}`;
  }
  return out;
}
