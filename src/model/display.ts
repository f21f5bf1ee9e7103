/**
 * Text from outside (a name from the server, a value from the files) shown in a terminal line. A
 * raw control character there is not just ugly: `\r` or ESC[2K rewrites the line before it, `\n`
 * fakes a line of the plan, a bidi override reverses what is read, a zero-width space hides. So
 * every such character is shown as an escape (`\r`, `\n`, `\t`, `\u001b`, `\u202e`), and a backslash as `\\` so that an
 * escape and the same text typed literally cannot be confused.
 */

/**
 * Characters that change how the text around them is drawn rather than drawing themselves:
 * C0 and C1 controls and DEL, the line and paragraph separators, the bidi embeddings, overrides
 * and isolates, and UTF-16 halves without their partner (not a character at all).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Zero-width characters: invisible, so two names that look the same differ by one. */
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;
/** What escapeText escapes: the above, and `\` itself. */
const ESCAPED = new RegExp(`${UNSAFE.source}|${ZERO_WIDTH.source}|\\\\`, 'g');

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/** Printable ASCII but `\`: nothing in it to escape. */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;

/** The text with every control, bidi and lone-surrogate character escaped, and `\` doubled. */
export function escapeText(text: string): string {
  // Most names and values are plain ASCII: one simple test instead of the replace's alternation, run for every line of a plan.
  if (PLAIN.test(text)) return text;
  return text.replace(ESCAPED, (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many characters of a value from the files a message echoes at most. */
export const ECHO_LIMIT = 120;

/**
 * A value from the files (or the environment) inside a message: in double quotes, escaped, and cut
 * after ECHO_LIMIT characters with `…` (a 10 MB value is not printed back whole).
 */
export function quote(text: string, limit = ECHO_LIMIT): string {
  // No more UTF-16 units than the limit: no more characters either, and nothing to cut (no array of them made).
  const chars = text.length <= limit ? undefined : Array.from(text);
  const cut = chars !== undefined && chars.length > limit ? `${chars.slice(0, limit).join('')}…` : text;
  return `"${escapeText(cut).replaceAll('"', '\\"')}"`;
}

/** The first character that must not be in a name, with its code point and what it is; undefined if none. */
export function unsafeCharacter(text: string): { readonly kind: 'control' | 'zero-width'; readonly label: string } | undefined {
  const control = UNSAFE.exec(text);
  const zeroWidth = ZERO_WIDTH.exec(text);
  const first = [control, zeroWidth].filter((m) => m !== null).sort((a, b) => a.index - b.index)[0];
  if (!first) return undefined;
  const code = first[0].charCodeAt(0);
  const label = `U+${code.toString(16).toUpperCase().padStart(4, '0')}${CHARACTER_NAMES[code] ? ` ${CHARACTER_NAMES[code]}` : ''}`;
  return { kind: first === zeroWidth ? 'zero-width' : 'control', label };
}

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x09: 'TAB',
  0x0a: 'LF',
  0x0d: 'CR',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};
