/**
 * Redaction on every write: every secret the tool learns (password, token, client secrets,
 * refresh tokens) is registered here once, where it is read, and everything written to stdout or
 * stderr passes through it: a JSON document value by value before it is serialised
 * (`redactValues`), then every line as text (`redact`). This is a safety net under the rule that
 * messages are built without secrets in the first place.
 */
export const REDACTED = '********';

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Short values (e.g. "1", "true") would redact ordinary text, so they are not registered. */
  register(value: string | undefined | null): void {
    if (!value || value.length < 4 || this.secrets.has(value)) return;
    this.secrets.add(value);
    // Longest first, so a secret that contains another is replaced whole.
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
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
