import { z } from 'zod';
import type { Diagnostic } from '../errors.js';
import { ONEDRIVE_REGIONS } from '../drivers/onedrive-app.js';
import { didYouMean } from './suggest.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

/**
 * The shapes of config.yaml, both naming schemes at once: alist_batch v0.11 (`aliyun`, `pikpak`)
 * and openlist_batch v0.21 (`aliyun_share`, `pikpak_share`). Every key is optional here; what an
 * enabled section requires, placeholders and cross-references are checked in load.ts, which has
 * the environment at hand.
 */
export const PIKPAK_PLATFORMS = ['android', 'web', 'pc'] as const;

/** Why a user may have written a value the driver does not know. */
function valueNote(key: PathSegment | undefined, input: unknown): string {
  if (key === 'platform' && input === 'ios') return " (the openlist_batch template lists ios, but AList's PikPakShare driver has no such platform)";
  return '';
}

/**
 * A string setting. null (`key:` with nothing after it) passes here and is reported as an empty
 * value by load.ts, so that one empty value does not hide every other problem.
 */
const text = z.string().nullable().optional();

/**
 * A bool setting. Besides true/false, go-yaml (the old tools) read yes/no/on/off, in any case,
 * into a bool field, and real users' files have them.
 */
const GO_YAML_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['on', true],
  ['no', false],
  ['off', false],
]);
const flag = z.preprocess((value) => (typeof value === 'string' ? (GO_YAML_BOOLEANS.get(value.toLowerCase()) ?? value) : value), z.boolean());

const tenantSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  client_id: text,
  client_secret: text,
  tenant_id: text,
});

// enable is required, but checked in load.ts: a section whose enable is missing or wrong still has its list file checked.
const aliyunSectionSchema = z.strictObject({
  enable: flag.optional(),
  refresh_token: text,
});

const pikpakSectionSchema = z.strictObject({
  enable: flag.optional(),
  use_transcoding_address: flag.optional(),
  platform: z.enum(PIKPAK_PLATFORMS).optional(),
  // Left over in the old templates (PikPak shares need no account): accepted and ignored.
  username: z.unknown().optional(),
  password: z.unknown().optional(),
});

const onedriveSectionSchema = z.strictObject({
  enable: flag.optional(),
  region: z.enum(ONEDRIVE_REGIONS).optional(),
  tenants: z.array(tenantSchema).optional(),
});

export const configFileSchema = z.strictObject({
  url: text,
  auth: z
    .strictObject({
      username: text,
      password: text,
    })
    .optional(),
  token: text,
  aliyun: aliyunSectionSchema.optional(),
  aliyun_share: aliyunSectionSchema.optional(),
  pikpak: pikpakSectionSchema.optional(),
  pikpak_share: pikpakSectionSchema.optional(),
  onedrive_app: onedriveSectionSchema.optional(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;
export type AliyunSection = z.infer<typeof aliyunSectionSchema>;
export type PikpakSection = z.infer<typeof pikpakSectionSchema>;
export type OnedriveSection = z.infer<typeof onedriveSectionSchema>;
export type TenantEntry = z.infer<typeof tenantSchema>;

/** String fields: a plain `1234` there is the text "1234" (Go's yaml read it so into a string). */
export const STRING_KEYS: ReadonlySet<string> = new Set(['url', 'username', 'password', 'token', 'refresh_token', 'client_id', 'client_secret', 'tenant_id']);

/** Keys whose values, and everything under them, are never echoed in a message. */
const SECRET_KEYS = new Set(['auth', 'password', 'token', 'refresh_token', 'client_secret']);

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
    return { diagnostics: [{ file: tree.file, line: 1, col: 1, message: 'config.yaml must be a mapping of keys (url:, auth:, ...); run `alist-batch init` for an example' }], problemPaths: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const problemPaths: PathSegment[][] = [];
  for (let reading = 0; reading < 3; reading += 1) {
    const result = configFileSchema.safeParse(tree.value, { reportInput: true });
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
  const shown = (input: unknown): string => (secret ? '' : ` (got ${JSON.stringify(input)})`);

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const where = tree.at([...path, key])?.key ?? located?.value ?? { file: tree.file, line: 1, col: 1 };
      const scope = path.length === 0 ? 'unknown top-level key' : `unknown key in ${name}:`;
      return { ...where, message: `${scope} "${key}"; ${didYouMean(key, known)}` };
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
    return [{ ...where, message: `${name} must be one of ${issue.values.join(', ')}${shown(issue.input)}${valueNote(lastKey, issue.input)}` }];
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
