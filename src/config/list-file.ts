import { isAlias, isMap, isScalar, visit, type Node, type Pair } from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';
import { MAX_NAME_LENGTH, mountNameProblem, nameProblem } from './names.js';
import { entryValue, locationOf, type ValueKey } from './list-entry-value.js';
import { checkLines, indicatorProblem, keyText, parseYamlText, resolveAlias, SPECIAL_CHARACTER, valueStart, type YamlFile } from './read.js';
import { SETTINGS_STRING_KEYS } from './storage-settings.js';
import { plainTree, type PathSegment, type PlainTree } from './tree.js';

/**
 * A list file (category -> { name -> value }) as entries with positions. Structural problems
 * (empty names, values that are not strings, ...) are diagnostics; what a value means is the
 * driver's business (resolve.ts).
 */
export interface ListEntry {
  readonly name: string;
  readonly source: SourceLocation;
  readonly value: string;
  readonly valueLocation: SourceLocation;
  /** An entry written as a mapping (`{link: ..., order: 5}`): where its settings are in the file's `tree`. */
  readonly settingsPath?: readonly PathSegment[];
}

export interface ListCategory {
  readonly name: string;
  readonly entries: ListEntry[];
}

export interface ListFileContent {
  readonly file: string;
  readonly categories: ListCategory[];
  readonly diagnostics: Diagnostic[];
  /** The file as plain values with positions, when an entry is a mapping (its settings are read from it). */
  tree?: PlainTree;
}

/**
 * Reads a list file's text. Files of the plain shape users write (one `Category:` per line at
 * column 1, `    name: value` below, plain or simply quoted strings, comment lines) are read
 * line by line, which is several times faster than building a YAML document for 10,000 entries;
 * anything else, including every file with a problem, goes through the full YAML parser.
 */
export function parseListFile(text: string, file: string, valueDescription: string, valueKey: ValueKey = 'link'): ListFileContent {
  // The fast reader refuses every line checkLines would report (blank, tab), so a file it reads
  // has none: the line check runs only for the files the full parser reads.
  const fast = fastListFile(text, file);
  if (fast) return fast;
  const lineDiagnostics: Diagnostic[] = [];
  const tabLines = checkLines(text, file, lineDiagnostics);
  if (tabLines.size === 0) return fullListFile(text, file, valueDescription, valueKey);
  // A tab makes the whole file invalid YAML: check the rest as if the tabs were the file's spaces,
  // so that one tab does not hide every other problem; the tabs themselves stay reported.
  const rest = fullListFile(withoutIndentTabs(text, tabLines), file, valueDescription, valueKey);
  const tabs = lineDiagnostics.filter((d) => tabLines.has(d.line) && d.message.startsWith('tab'));
  return { ...rest, diagnostics: [...tabs, ...rest.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col) };
}

/** The full YAML path alone (the fast path's reference: every file must read the same both ways). */
export function fullListFile(text: string, file: string, valueDescription: string, valueKey: ValueKey = 'link'): ListFileContent {
  const yamlFile = parseYamlText(text, file);
  if (yamlFile.doc.errors.length > 0) return { file, categories: [], diagnostics: yamlFile.diagnostics };
  return listFileFromDocument(yamlFile, valueDescription, valueKey);
}

/** The text with each tab-indented line indented like the file's first space-indented line. */
function withoutIndentTabs(text: string, tabLines: ReadonlySet<number>): string {
  const indent = /^( +)[^ \t\r\n#]/m.exec(text)?.[1] ?? '    ';
  return text
    .split('\n')
    .map((line, index) => (tabLines.has(index + 1) ? line.replace(/^[ \t]+/, indent) : line))
    .join('\n');
}

// --- The full path: a YAML document -----------------------------------------------------------

function listFileFromDocument(yamlFile: YamlFile, valueDescription: string, valueKey: ValueKey = 'link'): ListFileContent {
  const content: ListFileContent = { file: yamlFile.file, categories: [], diagnostics: [...yamlFile.diagnostics] };
  const anchors = anchorsAndAliases(yamlFile);
  if (anchors.aliases > 0) {
    content.diagnostics.push(...anchors.diagnostics, ...anchors.textLike);
    content.diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
    return content;
  }
  content.diagnostics.push(...anchors.diagnostics);
  const root = resolveAlias(yamlFile, yamlFile.doc.contents);
  // A file of comments only has no entries: legal, it mounts nothing.
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) return content;
  if (!isMap(root)) {
    content.diagnostics.push({ file: yamlFile.file, line: 1, col: 1, message: 'a list file must be a mapping: category -> { name: value }' });
    return content;
  }
  for (const pair of root.items) {
    const category = categoryFromPair(yamlFile, content, pair);
    if (!category) continue;
    content.categories.push(category.category);
    for (const entryPair of category.items) {
      const entry = entryFromPair(yamlFile, content, category.category.name, entryPair, { valueDescription, valueKey });
      if (entry) category.category.entries.push(entry);
    }
  }
  // A `*text` or `&text` inside an entry's settings: the tree reports it (once, where the entry checks did not).
  const seen = new Set(content.diagnostics.map((d) => `${d.line}:${d.col}:${d.message}`));
  content.diagnostics.push(...(content.tree?.diagnostics ?? []).filter((d) => !seen.has(`${d.line}:${d.col}:${d.message}`)));
  return content;
}

const ALIAS_IN_LIST = 'aliases (*name) are not allowed in list files: write the value out';
const ANCHOR_IN_LIST = 'anchors (&name) are not allowed in list files: delete it (put a value that starts with & in quotes)';

/**
 * Anchors and aliases in a list file. An alias copies its anchor's value, and a few KB of
 * `c<i>: *a` would name a million mounts: list files have no use for them, so every one is refused
 * (by position, never by name) and, when there is an alias, nothing else in the file is read.
 * `textLike`: a `*name` or `&name` the user meant as text (no such anchor, an anchor on nothing),
 * which the entry checks report as such when the file is read on.
 */
function anchorsAndAliases(yamlFile: YamlFile): { aliases: number; diagnostics: Diagnostic[]; textLike: Diagnostic[] } {
  const found = { aliases: 0, diagnostics: [] as Diagnostic[], textLike: [] as Diagnostic[] };
  visit(yamlFile.doc, {
    Node: (_key, node) => {
      if (!isAlias(node) && node.anchor === undefined) return;
      const at = valueStart(yamlFile, node);
      const problem = indicatorProblem(yamlFile, node);
      if (problem === 'alias' || problem === 'anchor') found.textLike.push({ ...at, message: SPECIAL_CHARACTER });
      else if (isAlias(node)) {
        found.aliases += 1;
        found.diagnostics.push({ ...at, message: ALIAS_IN_LIST });
      } else found.diagnostics.push({ ...at, message: ANCHOR_IN_LIST });
    },
  });
  return found;
}

function categoryFromPair(yamlFile: YamlFile, content: ListFileContent, pair: Pair): { category: ListCategory; items: Pair[] } | undefined {
  const keyLocation = locationOf(yamlFile, pair.key);
  const name = keyText(pair);
  if (name === undefined || name.trim() === '') {
    content.diagnostics.push({ ...keyLocation, message: 'empty category name' });
    return undefined;
  }
  const problem = nameProblem('category name', name);
  if (problem !== undefined) {
    content.diagnostics.push({ ...keyLocation, message: problem });
    return undefined;
  }
  const entries = resolveAlias(yamlFile, pair.value);
  if (entries === null || entries === undefined || (isScalar(entries) && entries.value === null)) {
    content.diagnostics.push({ ...keyLocation, message: `empty category ${quote(name)} (give it "name: value" entries indented below it)` });
    return undefined;
  }
  if (!isMap(entries)) {
    content.diagnostics.push({
      ...locationOf(yamlFile, entries),
      message: `category ${quote(name)} must hold "name: value" entries, one per line, indented below it`,
    });
    return undefined;
  }
  return { category: { name, entries: [] }, items: entries.items as Pair[] };
}

/** What an entry's value must be: the description for messages, and its key in a mapping entry. */
interface ValueKind {
  readonly valueDescription: string;
  readonly valueKey: ValueKey;
}

function entryFromPair(yamlFile: YamlFile, content: ListFileContent, category: string, pair: Pair, kind: ValueKind): ListEntry | undefined {
  const source = locationOf(yamlFile, pair.key);
  const name = keyText(pair);
  if (name === undefined || name.trim() === '') {
    content.diagnostics.push({ ...source, message: `empty mount name in category ${quote(category)}` });
    return undefined;
  }
  const nameWrong = mountNameProblem(category, name);
  if (nameWrong !== undefined) {
    content.diagnostics.push({ ...source, message: nameWrong });
    return undefined;
  }
  const problem = indicatorProblem(yamlFile, pair.value);
  if (problem) {
    // An unknown tag is reported by the parser already.
    if (problem !== 'tag') content.diagnostics.push({ ...valueStart(yamlFile, pair.value as Node), message: SPECIAL_CHARACTER });
    return undefined;
  }
  const value = entryValue(yamlFile, resolveAlias(yamlFile, pair.value), name, source, kind.valueKey, kind.valueDescription);
  if ('problem' in value) {
    content.diagnostics.push({ ...value.location, message: value.problem });
    return undefined;
  }
  if (!value.mapping) return { name, source, value: value.text, valueLocation: value.location };
  // Built once, for the first mapping entry: plain files never pay for it.
  content.tree ??= plainTree(yamlFile, SETTINGS_STRING_KEYS);
  return { name, source, value: value.text, valueLocation: value.location, settingsPath: [category, name] };
}

// --- The fast path: plain files, line by line -------------------------------------------------

/** A key or value the fast path takes as is: plain (no YAML indicator first, no ': ' or ' #'), or simply quoted. */
const PLAIN = String.raw`[^\s#'"&*!|>%@\x60{}\[\],?:\-][^#]*?`;
const QUOTED = String.raw`"[^"\\]*"|'[^']*'`;
const CATEGORY_LINE = new RegExp(String.raw`^(${PLAIN}|${QUOTED}):$`);
const ENTRY_LINE = new RegExp(String.raw`^( +)(${PLAIN}|${QUOTED}): +(${PLAIN}|${QUOTED}) *$`);
/** Plain scalars YAML would read as something other than a string (core schema): left to the full parser. */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

function fastListFile(text: string, file: string): ListFileContent | undefined {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const categories: ListCategory[] = [];
  const seenCategories = new Set<string>();
  let current: { category: ListCategory; indent: number; names: Set<string> } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isCommentLine(line)) continue;
    if (line.includes(' #') || line.includes('\t') || line.includes(': ', line.indexOf(': ') + 1)) return undefined;
    // An indented line is no category (CATEGORY_LINE starts with a non-space): one regex less per entry.
    const category = line.charCodeAt(0) === SPACE ? null : CATEGORY_LINE.exec(line);
    if (category) {
      // An empty category (no entries) is a problem: the full path reports it.
      if (current && current.category.entries.length === 0) return undefined;
      const keyToken = category[1] ?? '';
      const name = scalarText(keyToken);
      // Long keys, bad names, empty ones and duplicates: the full path reports them.
      if (keyToken.length > MAX_NAME_LENGTH || name === undefined || name.trim() === '' || seenCategories.has(name)) return undefined;
      if (nameProblem('category name', name) !== undefined) return undefined;
      seenCategories.add(name);
      current = { category: { name, entries: [] }, indent: -1, names: new Set() };
      categories.push(current.category);
      continue;
    }
    const entry = ENTRY_LINE.exec(line);
    if (!entry || !current) return undefined;
    const [, indentText = '', keyText = '', valueText = ''] = entry;
    const indent = indentText.length;
    if (current.indent >= 0 && indent !== current.indent) return undefined;
    current.indent = indent;
    const name = scalarText(keyText);
    const value = scalarText(valueText);
    // Duplicates, empty strings, names the rule refuses, keys YAML finds too long (its ':' more than
    // 1024 characters after the key's start) and a value ending in ':' (a YAML error) are left to the full parser.
    if (name === undefined || name.trim() === '' || current.names.has(name) || value === undefined || value.trim() === '' || valueText.endsWith(':'))
      return undefined;
    if (keyText.length > MAX_NAME_LENGTH || mountNameProblem(current.category.name, name) !== undefined) return undefined;
    current.names.add(name);
    // After the key's ':', the spaces ENTRY_LINE allows, then the value.
    let valueCol = indent + keyText.length + 1;
    while (line.charCodeAt(valueCol) === 32) valueCol += 1;
    valueCol += 1;
    current.category.entries.push({
      name,
      source: { file, line: i + 1, col: indent + 1 },
      value: value.trim(),
      valueLocation: { file, line: i + 1, col: valueCol },
    });
  }
  if (current && current.category.entries.length === 0) return undefined;
  return { file, categories, diagnostics: [] };
}

const SPACE = 0x20;
const HASH = 0x23;

/** Spaces, then '#' (what /^ *#/ matches), without a regex: this runs for every line. */
function isCommentLine(line: string): boolean {
  let at = 0;
  while (line.charCodeAt(at) === SPACE) at += 1;
  return line.charCodeAt(at) === HASH;
}

/** The string a fast-path scalar stands for; undefined when YAML would read it as a non-string. */
function scalarText(token: string): string | undefined {
  if (token.startsWith('"') || token.startsWith("'")) return token.slice(1, -1);
  // Spaces only: YAML keeps other trailing whitespace (a no-break space) as part of a plain scalar.
  const plain = token.endsWith(' ') ? token.replace(/ +$/, '') : token;
  return NOT_A_STRING.test(plain) ? undefined : plain;
}
