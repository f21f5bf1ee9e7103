/**
 * Redaction on every write: every secret the tool learns (password, token, client secrets,
 * refresh tokens) is registered here once, where it is read, and everything written to stdout or
 * stderr passes through it: a JSON document value by value before it is serialised
 * (`redactValues`), then every line as text (`redact`). This is a safety net under the rule that
 * messages are built without secrets in the first place.
 */
import { escapeText } from './display.js';

export const REDACTED = '********';

/** The shortest secret registered. */
const MIN_SECRET = 4;

interface SecretIndex {
  /**
   * The first characters of every secret, as one character class: the regex engine skips to the
   * next position that can start a secret in native code, where a loop over every character of a
   * 300 kB plan text ran in the interpreter for most of its length.
   */
  firsts: RegExp;
  /**
   * Secrets by their first MIN_SECRET characters, longest first: keyed by characters 0–1, then 2–3,
   * each pair as one number, so that looking a position up allocates nothing.
   */
  byPrefix: Map<number, Map<number, string[]>>;
}

/** Two UTF-16 code units at `at` as one number (exact: below 2^32). */
function pairAt(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

/** A code unit inside a character class, whatever it is (without the u flag \\uXXXX is one code unit). */
function classMember(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function indexSecrets(secrets: Iterable<string>): SecretIndex {
  const firsts = new Set<number>();
  const byPrefix = new Map<number, Map<number, string[]>>();
  for (const secret of secrets) {
    firsts.add(secret.charCodeAt(0));
    const head = pairAt(secret, 0);
    const tail = pairAt(secret, 2);
    let byTail = byPrefix.get(head);
    if (!byTail) byPrefix.set(head, (byTail = new Map()));
    const list = byTail.get(tail);
    if (list) list.push(secret);
    else byTail.set(tail, [secret]);
  }
  for (const byTail of byPrefix.values()) for (const list of byTail.values()) list.sort((a, b) => b.length - a.length);
  return { firsts: new RegExp(`[${[...firsts].map(classMember).join('')}]`, 'g'), byPrefix };
}

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private index: SecretIndex | undefined;

  /**
   * Registers a secret in every form it can take in output (see `secretForms`). Short values
   * (e.g. "1", "true") would redact ordinary text, so they are not registered.
   */
  register(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET || this.secrets.has(value)) return;
    // Every form is at least as long as the value (escaping only lengthens), so none is shorter than MIN_SECRET.
    for (const form of secretForms(value)) if (form.length >= MIN_SECRET) this.secrets.add(form);
    // Indexed when next used: the server's secrets come by the thousand, one register() each.
    this.index = undefined;
  }

  /**
   * Every occurrence of every secret masked; overlapping ones as one. One pass over the text,
   * looking secrets up by their first characters, not one scan of the text per secret: a plan
   * text is printed whole, and a server with thousands of storages gives thousands of secrets.
   */
  redact(text: string): string {
    if (this.secrets.size === 0 || text.length < MIN_SECRET) return text;
    const index = (this.index ??= indexSecrets(this.secrets));
    // Masked spans as [start, end) pairs, in order; a match that overlaps the last one extends it.
    const spans: number[] = [];
    const { firsts, byPrefix } = index;
    firsts.lastIndex = 0;
    // test() leaves lastIndex just after the character it found: the next search starts at i + 1.
    while (firsts.test(text)) {
      const i = firsts.lastIndex - 1;
      if (i + MIN_SECRET > text.length) break;
      // Longest first: the first that matches is the longest at this position.
      const match = byPrefix
        .get(pairAt(text, i))
        ?.get(pairAt(text, i + 2))
        ?.find((secret) => text.startsWith(secret, i));
      if (match === undefined) continue;
      const last = spans.length - 1;
      if (last > 0 && i < (spans[last] as number)) spans[last] = Math.max(spans[last] as number, i + match.length);
      else spans.push(i, i + match.length);
    }
    if (spans.length === 0) return text;
    let out = '';
    let from = 0;
    for (let k = 0; k < spans.length; k += 2) {
      out += `${text.slice(from, spans[k])}${REDACTED}`;
      from = spans[k + 1] as number;
    }
    return out + text.slice(from);
  }

  /**
   * A copy of a JSON-like value with every registered secret replaced inside its strings. Done
   * before serialising, so a secret is found even where JSON escaping would hide it from `redact`.
   */
  redactValues<T>(value: T): T {
    return this.redactValue(value) as T;
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item: unknown) => this.redactValue(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.redactValue(item)]));
    }
    return value;
  }
}

/**
 * The forms a secret takes where a server or a library quotes it back: raw; JSON-escaped, as a
 * server message quoting the request body shows it (`failed init storage: {"client_secret":"a\\"b"}`),
 * also the way Go escapes `<`, `>`, `&` and others escape non-ASCII; JSON-escaped twice (the addition is a JSON string inside
 * the JSON body); URL-encoded (a query string, a form body). Only forms that differ from the raw
 * value are added, so a plain secret costs one entry.
 */
function secretForms(value: string): string[] {
  const json = (text: string): string => JSON.stringify(text).slice(1, -1);
  const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const goJson = (text: string): string => json(text).replace(/[<>&\u2028\u2029]/g, escape);
  // Other servers (Python's json) escape every non-ASCII character.
  const asciiJson = (text: string): string => json(text).replace(/[\u007f-\uffff]/g, escape);
  const once = json(value);
  const url = encodeURIComponent(value);
  const forms = [value, once, json(once), goJson(value), goJson(goJson(value)), asciiJson(value), url, url.replace(/%20/g, '+')];
  // Text from the server is shown escaped (display.ts) before it is written, and in quotes with `"`
  // escaped too: each form is looked for as it then reads.
  const shown = forms.flatMap((form) => [escapeText(form), escapeText(form).replaceAll('"', '\\"')]);
  return [...new Set([...forms, ...shown])];
}
