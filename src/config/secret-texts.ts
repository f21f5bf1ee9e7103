import { urlUserInfo } from '../model/server-url.js';
import { isTemplatePlaceholder } from './placeholders.js';
import { SECRET_KEYS } from './schema.js';

/**
 * The secret texts of config.yaml as written, for the redactor: a safety net under messages that
 * are built without secrets. Read line by line from the raw text, so it works when the YAML
 * cannot be parsed at all (the case where a parser message might quote a value).
 */
const SECRET_LINE = new RegExp(String.raw`^[\s-]*["']?(?:${[...SECRET_KEYS].join('|')})["']?[ \t]*:(.*)$`);
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
