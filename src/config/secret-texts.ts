import { isTemplatePlaceholder } from './placeholders.js';

/**
 * The secret texts of config.yaml as written, for the redactor: a safety net under messages that
 * are built without secrets. Read line by line from the raw text, so it works when the YAML
 * cannot be parsed at all (the case where a parser message might quote a value).
 */
const SECRET_LINE = /^[\s-]*["']?(?:password|token|refresh_token|client_secret|auth)["']?[ \t]*:(.*)$/;
const URL_LINE = /^\s*["']?url["']?[ \t]*:(.*)$/;
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Secrets given through the environment instead of the file. */
const SECRET_VARIABLES = ['ALIST_PASSWORD', 'ALIST_TOKEN'];

export function secretTexts(configText: string, env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const line of configText.split('\n')) {
    const secret = SECRET_LINE.exec(line)?.[1];
    if (secret !== undefined) for (const form of valueForms(secret, env)) found.add(form);
    const url = URL_LINE.exec(line)?.[1];
    const userInfo = url === undefined ? undefined : urlUserInfo(url.trim());
    // The whole user:password, and the password alone.
    if (userInfo !== undefined) for (const form of valueForms(userInfo, env)) found.add(form).add(form.slice(form.indexOf(':') + 1));
  }
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) found.add(value);
  }
  return [...found].filter((form) => form !== '' && !isTemplatePlaceholder(form));
}

/** The ways a raw value may show up in a message: as written, unquoted, without a leading indicator, expanded. */
function valueForms(raw: string, env: NodeJS.ProcessEnv): string[] {
  const written = raw.trim();
  const withoutComment = written.replace(/\s+#.*$/, '');
  const unquoted = withoutComment.replace(/^(["'])(.*)\1$/, '$2');
  const withoutIndicator = unquoted.replace(/^[!&*|>%@`]+/, '');
  const expanded = unquoted.replace(ENV_REFERENCE, (whole, name: string) => env[name] ?? whole);
  // A bare ${NAME} is the variable's name, not a secret: keep only what it expands to.
  return [written, withoutComment, unquoted, withoutIndicator, expanded].filter((form) => !/^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/.test(form));
}

/**
 * The `user:password` part of a URL, or undefined. Taken from the text (not `new URL`), so that it
 * is found in a URL that does not parse, too.
 */
export function urlUserInfo(url: string): string | undefined {
  const authority = authorityOf(url);
  const at = authority.text.lastIndexOf('@');
  return at < 0 ? undefined : authority.text.slice(0, at);
}

/** A URL for a message: any `user:password@` replaced by `***@`. */
export function withoutUserInfo(url: string): string {
  const authority = authorityOf(url);
  const at = authority.text.lastIndexOf('@');
  if (at < 0) return url;
  return `${authority.scheme}***${authority.text.slice(at)}${authority.rest}`;
}

function authorityOf(url: string): { scheme: string; text: string; rest: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/s.exec(url);
  return { scheme: match?.[1] ?? '', text: match?.[2] ?? '', rest: match?.[3] ?? '' };
}
