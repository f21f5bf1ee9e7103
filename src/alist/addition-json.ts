/**
 * An update's addition, spliced into the text the server sent. The server's addition may hold what
 * alist-batch does not manage and cannot round-trip through JSON.parse: objects, arrays and nulls
 * (which the decoded addition leaves out), integers beyond 2^53 (which JSON.parse rounds), keys of a
 * newer driver version. So the update keeps the server's text and replaces only the values of the
 * members it patches; every other member goes back byte for byte as it came.
 */
import type { Addition } from '../model/storage.js';

/** Where one top-level member's value is in the text, and its (unescaped) key. */
interface MemberSpan {
  key: string;
  valueStart: number;
  valueEnd: number;
}

interface ObjectSpans {
  members: MemberSpan[];
  /** The index of the closing `}`. */
  closeAt: number;
}

/** The addition text with the patch's values replaced or appended; only the patched members change. */
export function spliceAddition(text: string, patch: Addition): string {
  const object = scanObject(text);
  // Not a JSON object: the server holds a zero-valued struct, so the patch is all there is.
  if (object === undefined) return JSON.stringify(patch);
  const edits: { start: number; end: number; text: string }[] = [];
  const present = new Set<string>();
  for (const member of object.members) {
    if (!Object.hasOwn(patch, member.key)) continue;
    // A key given twice is replaced every time: the server keeps the last, which must be ours.
    present.add(member.key);
    edits.push({ start: member.valueStart, end: member.valueEnd, text: JSON.stringify(patch[member.key]) });
  }
  const added = Object.entries(patch).filter(([key]) => !present.has(key));
  if (added.length > 0) {
    const members = added.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',');
    const separator = object.members.length > 0 ? ',' : '';
    edits.push({ start: object.closeAt, end: object.closeAt, text: separator + members });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** The top-level members of a JSON object text; undefined when the text is not one. */
function scanObject(text: string): ObjectSpans | undefined {
  if (!isJsonObject(text)) return undefined;
  // The text is valid JSON from here on, so the scanner only finds boundaries and checks no syntax.
  let at = skipSpace(text, skipSpace(text, 0) + 1);
  const members: MemberSpan[] = [];
  while (text[at] !== '}') {
    const keyEnd = stringEnd(text, at);
    const key = JSON.parse(text.slice(at, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = valueEndAt(text, valueStart);
    members.push({ key, valueStart, valueEnd });
    at = skipSpace(text, valueEnd);
    if (text[at] === ',') at = skipSpace(text, at + 1);
  }
  return { members, closeAt: at };
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** JSON's four whitespace characters. */
function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  return at;
}

/** `from` is at an opening quote: the index just after the closing one. */
function stringEnd(text: string, from: number): number {
  let at = from + 1;
  while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** `from` is at the first character of a value: the index just after its last. */
function valueEndAt(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return stringEnd(text, from);
  if (first !== '{' && first !== '[') {
    // A number or a literal: it runs until a delimiter.
    let at = from;
    while (at < text.length && !',}] \t\n\r'.includes(text.charAt(at))) at += 1;
    return at;
  }
  let depth = 0;
  let at = from;
  do {
    const c = text[at];
    if (c === '"') {
      at = stringEnd(text, at);
      continue;
    }
    if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') depth -= 1;
    at += 1;
  } while (depth > 0);
  return at;
}
