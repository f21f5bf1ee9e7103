import type { Diagnostic, SourceLocation } from '../errors.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A `${NAME}` whose variable is unset or empty: the text keeps `${NAME}`. */
export interface UnsetVariable {
  readonly name: string;
  readonly empty: boolean;
}

const NONE_UNSET: readonly UnsetVariable[] = Object.freeze([]);

/** `${NAME}` in one text replaced from the environment; the variables that could not be. */
export function expandText(text: string, env: NodeJS.ProcessEnv): { text: string; unset: readonly UnsetVariable[] } {
  // Most texts name no variable: nothing to allocate for them (a list file has 10,000).
  if (!text.includes('${')) return { text, unset: NONE_UNSET };
  const unset: UnsetVariable[] = [];
  const expanded = text.replace(PLACEHOLDER, (whole, name: string) => {
    const replacement = env[name];
    if (replacement !== undefined && replacement !== '') return replacement;
    unset.push({ name, empty: replacement === '' });
    return whole;
  });
  return { text: expanded, unset };
}

/** The message for an unset variable; `usedIn` names the key or entry (never the value, which may be a secret). */
export function unsetMessage(variable: UnsetVariable, usedIn: string): string {
  return `environment variable ${variable.name} is ${variable.empty ? 'empty' : 'not set'} (used in ${usedIn})`;
}

/**
 * Replaces `${NAME}` in every string value of config.yaml from the environment, in place. An unset
 * variable is an error, except in a key that an ALIST_* variable overrides (its value is unused).
 */
export function expandEnvironment(tree: PlainTree, env: NodeJS.ProcessEnv, overridden: ReadonlySet<string>): Diagnostic[] {
  return expandWithin(tree, [], env, (path) => overridden.has(dottedPath(path)));
}

/**
 * Replaces `${NAME}` in the string values below `path` of a tree, in place (a list entry's settings),
 * leaving out the keys `skip` says (the entry's link, expanded with the entry). An unset variable is
 * reported at its value and the path marked reported, so the settings reader skips it.
 */
export function expandWithin(tree: PlainTree, path: readonly PathSegment[], env: NodeJS.ProcessEnv, skip: (path: PathSegment[]) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visit = (value: unknown, at: PathSegment[]): unknown => {
    if (typeof value === 'string') return expandString(value, at);
    if (Array.isArray(value)) {
      value.forEach((item, i) => (value[i] = visit(item, [...at, i])));
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = visit(record[key], [...at, key]);
    }
    return value;
  };
  const expandString = (text: string, at: PathSegment[]): string => {
    const { text: expanded, unset } = expandText(text, env);
    if (unset.length === 0 || skip(at)) return expanded;
    const where: SourceLocation = tree.at(at)?.value ?? { file: tree.file, line: 1, col: 1 };
    for (const variable of unset) diagnostics.push({ ...where, message: unsetMessage(variable, dottedPath(at)) });
    // The value still holds "${NAME}": nothing more is to be said about it.
    tree.markReported(at);
    return expanded;
  };
  let root: unknown = tree.value;
  for (const segment of path) root = root !== null && typeof root === 'object' ? (root as Record<PathSegment, unknown>)[segment] : undefined;
  visit(root, [...path]);
  return diagnostics;
}
