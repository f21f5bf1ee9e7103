import {
  Alias,
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  visit,
  type ErrorCode,
  type Node,
  type Pair,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';

/**
 * Reading one YAML file with positions: the document, a way to turn offsets into line:col, and
 * the problems found while reading (blank lines, tab indentation, YAML syntax, duplicate keys).
 * Shapes and meanings are checked later (schema.ts, resolve.ts).
 */
export interface YamlFile {
  /** The file as the user named it (used in every diagnostic). */
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly diagnostics: Diagnostic[];
  /** What each alias names: the last node before it with that anchor (undefined: none). */
  readonly aliasTargets: ReadonlyMap<Alias, Node | undefined>;
}

export function parseYamlText(text: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const tabLines = checkLines(text, file, diagnostics);
  for (const error of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    // A tab in the indentation is already reported, more plainly, by checkLines.
    if (error.code === 'TAB_AS_INDENT' || tabLines.has(line)) continue;
    diagnostics.push({ file, line, col, message: yamlErrorMessage(error, lineText(text, lineCounter, line)) });
  }
  const yamlFile: YamlFile = { file, text, doc, lineCounter, diagnostics, aliasTargets: aliasTargets(doc) };
  if (doc.errors.length === 0) checkDuplicateKeys(yamlFile, doc.contents);
  diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
  return yamlFile;
}

/**
 * Blank lines and tabs in indentation: the old tools' users were told never to leave a blank line,
 * and alist-batch keeps that rule so that files stay valid for both. Returns the lines with tabs.
 */
export function checkLines(text: string, file: string, diagnostics: Diagnostic[]): Set<number> {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const tabLines = new Set<number>();
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') {
      diagnostics.push({
        file,
        line: index + 1,
        col: 1,
        message: 'blank line (blank lines are not allowed; delete it, or start it with # to keep it as a comment)',
      });
      return;
    }
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const tab = indent.indexOf('\t');
    if (tab >= 0) {
      tabLines.add(index + 1);
      diagnostics.push({ file, line: index + 1, col: tab + 1, message: 'tab character in indentation (indent with spaces)' });
    }
  });
  return tabLines;
}

/** What the user wrote at the start of a value, for telling them to quote it. */
export const SPECIAL_CHARACTER = 'the value starts with a YAML special character (! & * | > % @ `): put it in quotes';

/**
 * Fixed wording per YAML error code. The library's own messages quote the offending text
 * ("Unresolved tag: !Secr3tPass"), which may be a password, so none of them is shown.
 */
const YAML_ERROR_MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_DQ_ESCAPE: 'a backslash in a "double-quoted" value starts an escape YAML does not know: use \'single quotes\' instead',
  BAD_INDENT: 'wrong indentation, or a [ or { that is not closed: indent like the lines around it, and put a value that starts with [ or { in quotes',
  BLOCK_AS_IMPLICIT_KEY: '"key: value" inside a value: put the value in quotes if it contains ": ", or fix the indentation',
  BLOCK_IN_FLOW: 'a [ ] or { } value goes on over several lines: put the value in quotes',
  KEY_OVER_1024_CHARS: 'a name or key longer than 1024 characters (YAML allows at most 1024 before its ":", quotes included): shorten it',
  MISSING_CHAR: 'something is missing here: a closing quote or bracket, or ": " after a key',
  MULTILINE_IMPLICIT_KEY: 'a key without ": " after it: write "key: value", with a space after the colon',
  MULTIPLE_DOCS: 'a second YAML document (a "---" line): keep one document per file',
  NON_STRING_KEY: 'a key must be plain text',
};
/** Codes that mean a value began with an indicator (tag, anchor, alias, block scalar, reserved). */
const SPECIAL_CHARACTER_CODES: ReadonlySet<ErrorCode> = new Set([
  'ALIAS_PROPS',
  'BAD_ALIAS',
  'BAD_COLLECTION_TYPE',
  'BAD_DIRECTIVE',
  'BAD_PROP_ORDER',
  'BAD_SCALAR_START',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
  'TAG_RESOLVE_FAILED',
]);
/** The value after `key: ` or `- ` starts with one of YAML's indicators that are no use in these files. */
const VALUE_STARTS_WITH_INDICATOR = /^\s*(?:- +)?(?:[^\s:#][^:]*:\s+)?[!&*|>%@`]/;

function yamlErrorMessage(error: YAMLError, line: string): string {
  if (SPECIAL_CHARACTER_CODES.has(error.code) || VALUE_STARTS_WITH_INDICATOR.test(line)) return SPECIAL_CHARACTER;
  return YAML_ERROR_MESSAGES[error.code] ?? 'YAML syntax error: check the indentation, and put the value in quotes';
}

/**
 * Every alias's target, in one walk. The library's Alias.resolve walks the whole document on each
 * call, which makes a file of many aliases quadratic.
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor !== undefined) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

function lineText(text: string, lineCounter: LineCounter, line: number): string {
  const start = lineCounter.lineStarts[line - 1] ?? 0;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

function checkDuplicateKeys(yamlFile: YamlFile, node: unknown): void {
  if (isSeq(node)) {
    for (const item of node.items) checkDuplicateKeys(yamlFile, item);
    return;
  }
  if (!isMap(node)) return;
  const seen = new Map<string, Node>();
  for (const pair of node.items) {
    const key = keyText(pair);
    const keyNode = pair.key as Node | null;
    if (key !== undefined && keyNode) {
      const first = seen.get(key);
      if (first) {
        const at = nodeStart(yamlFile, first);
        yamlFile.diagnostics.push({ ...nodeStart(yamlFile, keyNode), message: `duplicate key ${quote(key)} (first at line ${at.line})` });
      } else {
        seen.set(key, keyNode);
      }
    }
    checkDuplicateKeys(yamlFile, pair.value);
  }
}

/**
 * A mapping key as the user wrote it: the source text of a plain scalar (so `2024:` stays "2024",
 * not a number), the value of a quoted one. Undefined for keys that are not scalars.
 */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  if (key.type === Scalar.PLAIN && typeof key.source === 'string') return key.source;
  return key.value === null || key.value === undefined ? '' : String(key.value);
}

/** The 1-based line and column where a node starts. */
export function nodeStart(yamlFile: Pick<YamlFile, 'file' | 'lineCounter'>, node: Node): SourceLocation {
  const offset = node.range?.[0] ?? 0;
  const { line, col } = yamlFile.lineCounter.linePos(offset);
  return { file: yamlFile.file, line, col };
}

/**
 * A value the user most likely meant as text but began with `*`, `&` or `!`: an alias to no anchor,
 * an anchor on an empty value, or an unknown tag. 'tag' is already reported by the parser (its
 * warning); the other two are not reported by anyone else.
 */
export function indicatorProblem(yamlFile: YamlFile, node: unknown): 'alias' | 'anchor' | 'tag' | undefined {
  if (node instanceof Alias) return yamlFile.aliasTargets.get(node) === undefined ? 'alias' : undefined;
  if (!isScalar(node) && !isMap(node) && !isSeq(node)) return undefined;
  if (node.tag !== undefined && !node.tag.startsWith('tag:yaml.org,2002:')) return 'tag';
  if (node.anchor !== undefined && isScalar(node) && (node.value === null || node.value === undefined)) return 'anchor';
  return undefined;
}

/** Where a value starts; for an anchor on an empty value (which YAML places after it), at the `&`. */
export function valueStart(yamlFile: YamlFile, node: Node): SourceLocation {
  const offset = node.range?.[0] ?? 0;
  const anchorAt = node.anchor === undefined ? -1 : yamlFile.text.lastIndexOf(`&${node.anchor}`, offset);
  const { line, col } = yamlFile.lineCounter.linePos(anchorAt >= 0 ? anchorAt : offset);
  return { file: yamlFile.file, line, col };
}

/** Follows an alias to the node it names (anchors are rare in these files, but legal YAML). */
export function resolveAlias(yamlFile: YamlFile, node: unknown): unknown {
  return node instanceof Alias ? yamlFile.aliasTargets.get(node) : node;
}
