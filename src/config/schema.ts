import { z } from 'zod';
import { quote } from '../model/display.js';
import type { Diagnostic } from '../errors.js';
import { SECTION_MODULES, type SectionModule } from '../drivers/index.js';
import { textSetting } from '../model/config-values.js';
import { fileSectionsShape } from './file-sections.js';
import { SETTINGS_STRING_KEYS } from './storage-settings.js';
import { didYouMean } from './suggest.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

/**
 * The shapes of config.yaml, both naming schemes at once: alist_batch v0.11 (`aliyun`, `pikpak`)
 * and openlist_batch v0.21 (`aliyun_share`, `pikpak_share`). The server settings are here; each
 * driver module brings its section (src/drivers). Every key is optional here; what an enabled
 * section requires, placeholders and cross-references are checked by the rules (validate.ts),
 * which have the environment at hand.
 */
const serverSettingsShape = {
  url: textSetting,
  auth: z
    .strictObject({
      username: textSetting,
      password: textSetting,
    })
    .optional(),
  token: textSetting,
  /** The set this folder's storages belong to (set-name.ts); absent: the unnamed set. */
  name: textSetting,
  /** Settings by driver name and `all`: each is read by defaults.ts. */
  defaults: z.record(z.string(), z.unknown()).optional(),
};

/** Each driver's section under each of its names, in the order the modules are registered. */
const sectionsShape: Readonly<Record<string, z.ZodOptional<z.ZodObject>>> = Object.fromEntries(
  SECTION_MODULES.flatMap((module) => Object.keys(module.section.files).map((key) => [key, module.section.schema.optional()])),
);

const configFileSchema = z.strictObject({
  ...serverSettingsShape,
  ...sectionsShape,
  ...fileSectionsShape,
});

/** config.yaml as the schema read it: the server settings typed; a section is read by its driver. */
export type ConfigFile = z.infer<z.ZodObject<typeof serverSettingsShape>> & { readonly [section: string]: unknown };

/** The driver whose section a key of config.yaml is, under either of its names. */
function sectionModule(key: PathSegment | undefined): SectionModule | undefined {
  return SECTION_MODULES.find((module) => typeof key === 'string' && Object.hasOwn(module.section.files, key));
}

/** String fields: a plain `1234` there is the text "1234" (Go's yaml read it so into a string). */
export const STRING_KEYS: ReadonlySet<string> = new Set([
  'url',
  'username',
  'password',
  'token',
  'name',
  ...SECTION_MODULES.flatMap((m) => m.section.stringKeys),
  // `defaults:` holds settings mappings.
  ...SETTINGS_STRING_KEYS,
]);

/** Keys whose values, and everything under them, are never echoed in a message. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['auth', 'password', 'token', ...SECTION_MODULES.flatMap((m) => m.section.secretKeys)]);

export interface ParsedConfigFile {
  /** Undefined only when config.yaml is not a mapping at all. */
  config?: ConfigFile;
  diagnostics: Diagnostic[];
  /** Where the problems are (an unknown key: its own path): values there are left out of `config`. */
  problemPaths: PathSegment[][];
}

/**
 * Checks config.yaml's shape. A value that does not fit is reported, then set aside (left out and
 * marked reported), and the rest is read again: one wrong key must not hide the other problems,
 * nor stop the list files from being checked. Every key is optional here, so the second reading fits.
 */
export function parseConfigFile(tree: PlainTree): ParsedConfigFile {
  if (tree.value === null || typeof tree.value !== 'object' || Array.isArray(tree.value)) {
    return {
      diagnostics: [
        { file: tree.file, line: 1, col: 1, message: 'config.yaml must be a mapping of keys (url:, auth:, ...); run `alist-batch init` for an example' },
      ],
      problemPaths: [],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const problemPaths: PathSegment[][] = [];
  for (let reading = 0; reading < 3; reading += 1) {
    // jitless: zod would compile a fast parser for each object schema first (`new Function`), ~7 ms
    // of a validate's start-up, for the one reading a file gets.
    const result = configFileSchema.safeParse(tree.value, { reportInput: true, jitless: true });
    if (result.success) return { config: result.data, diagnostics, problemPaths };
    diagnostics.push(...result.error.issues.filter((issue) => !tree.isReported(issuePath(issue))).flatMap((issue) => issueDiagnostics(tree, issue)));
    for (const issue of result.error.issues) problemPaths.push(...setAside(tree, issue));
  }
  return { diagnostics, problemPaths };
}

/** Removes what an issue is about from the plain tree and marks it reported; returns the paths removed. */
function setAside(tree: PlainTree, issue: z.core.$ZodIssue): PathSegment[][] {
  const path = issuePath(issue);
  const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
  for (const each of paths) {
    const parent = valueAt(tree.value, each.slice(0, -1));
    const last = each[each.length - 1];
    // A list item becomes an empty mapping, so the items after it keep their positions.
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = {};
    else if (parent !== null && typeof parent === 'object' && last !== undefined) delete (parent as Record<PathSegment, unknown>)[last];
    tree.markReported(each);
  }
  return paths;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  return node;
}

function issuePath(issue: z.core.$ZodIssue): PathSegment[] {
  return issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
}

function issueDiagnostics(tree: PlainTree, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = issuePath(issue);
  const name = dottedPath(path) || 'config.yaml';
  const located = tree.at(path);
  const lastKey = path[path.length - 1];
  const secret = path.some((segment) => typeof segment === 'string' && SECRET_KEYS.has(segment));
  const shown = (input: unknown): string => (secret ? '' : ` (got ${typeof input === 'string' ? quote(input) : JSON.stringify(input)})`);

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const where = tree.at([...path, key])?.key ?? located?.value ?? { file: tree.file, line: 1, col: 1 };
      const scope = path.length === 0 ? 'unknown top-level key' : `unknown key in ${name}:`;
      return { ...where, message: `${scope} ${quote(key)}; ${didYouMean(key, known)}` };
    });
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    // A missing key is reported where its parent section starts (line 1 for a top-level key).
    const parent = path.length > 1 ? tree.at(path.slice(0, -1))?.key : undefined;
    const where = parent ?? { file: tree.file, line: 1, col: 1 };
    const parentName = path.length > 1 ? ` in ${dottedPath(path.slice(0, -1))}` : '';
    return [{ ...where, message: `missing required key "${String(lastKey)}"${parentName}` }];
  }
  const where = located?.value ?? { file: tree.file, line: 1, col: 1 };
  if (issue.code === 'invalid_type' && issue.input === null) {
    return [{ ...where, message: `empty value for ${name}` }];
  }
  if (issue.code === 'invalid_type') {
    return [{ ...where, message: `${name} must be ${describeExpected(issue.expected)}${shown(issue.input)}` }];
  }
  if (issue.code === 'invalid_value') {
    return [
      {
        ...where,
        message: `${name} must be one of ${issue.values.join(', ')}${shown(issue.input)}${sectionModule(path[0])?.section.valueNote(String(lastKey), issue.input) ?? ''}`,
      },
    ];
  }
  if (issue.code === 'too_small' && lastKey === 'id') {
    return [{ ...where, message: `${name} must be a positive whole number (1, 2, ...)${shown(issue.input)}` }];
  }
  return [{ ...where, message: `${name}: ${issue.message}` }];
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'boolean':
      return 'true or false (or yes/no, on/off)';
    case 'string':
      return 'a string';
    case 'number':
    case 'int':
      return 'a whole number';
    case 'object':
    case 'record':
      return 'a mapping of keys';
    case 'array':
      return 'a list (lines starting with "- ")';
    default:
      return expected;
  }
}

/** The keys the schema knows at a path, for "did you mean". */
function knownKeysAt(path: readonly PathSegment[]): string[] {
  let schema: z.ZodType = configFileSchema;
  for (const segment of path) {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject && typeof segment === 'string') {
      schema = inner.shape[segment] as z.ZodType;
    } else if (inner instanceof z.ZodArray) {
      schema = inner.element as z.ZodType;
    } else {
      return [];
    }
  }
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}
