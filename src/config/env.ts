import type { Diagnostic } from '../errors.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string value of config.yaml from the environment, in place. An unset
 * variable is an error, except in a key that an ALIST_* variable overrides (its value is unused).
 */
export function expandEnvironment(tree: PlainTree, env: NodeJS.ProcessEnv, overridden: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visit = (value: unknown, path: PathSegment[]): unknown => {
    if (typeof value === 'string') return value.includes('${') ? expandString(value, path) : value;
    if (Array.isArray(value)) {
      value.forEach((item, i) => (value[i] = visit(item, [...path, i])));
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = visit(record[key], [...path, key]);
    }
    return value;
  };
  const expandString = (text: string, path: PathSegment[]): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const replacement = env[name];
      if (replacement !== undefined && replacement !== '') return replacement;
      const dotted = dottedPath(path);
      if (!overridden.has(dotted)) {
        const where = tree.at(path)?.value ?? { file: tree.file, line: 1, col: 1 };
        diagnostics.push({ ...where, message: `environment variable ${name} is ${replacement === '' ? 'empty' : 'not set'} (used in ${dotted})` });
        // The value still holds "${NAME}": nothing more is to be said about it.
        tree.markReported(path);
      }
      return whole;
    });
  visit(tree.value, []);
  return diagnostics;
}
