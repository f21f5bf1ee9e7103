/**
 * Redaction on every write: every secret the tool learns (password, token, client secrets,
 * refresh tokens) is registered here once, where it is read, and everything written to stdout or
 * stderr passes through it: a JSON document value by value before it is serialised
 * (`redactValues`), then every line as text (`redact`). This is a safety net under the rule that
 * messages are built without secrets in the first place.
 */
import { escapeText } from './display.js';

export const REDACTED = '********';

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] | undefined = [];

  /**
   * Registers a secret in every form it can take in output (see `secretForms`). Short values
   * (e.g. "1", "true") would redact ordinary text, so they are not registered.
   */
  register(value: string | undefined | null): void {
    if (!value || value.length < 4 || this.secrets.has(value)) return;
    for (const form of secretForms(value)) this.secrets.add(form);
    // Sorted when next used: the server's secrets come by the thousand, one register() each.
    this.ordered = undefined;
  }

  redact(text: string): string {
    // Longest first, so a secret that contains another is replaced whole.
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
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
export function secretForms(value: string): string[] {
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
