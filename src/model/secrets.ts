/**
 * Redaction on every write: every secret the tool learns (password, token, client secrets,
 * refresh tokens) is registered here as soon as it is read, and every line written to stdout or
 * stderr passes through `redact`. This is a safety net under the rule that messages are built
 * without secrets in the first place.
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
}
