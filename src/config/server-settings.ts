import { quote } from '../model/display.js';
import { parseServerUrl, type ServerUrlProblem } from '../model/server-url.js';
import type { RuleContext } from './checks.js';
import { envValue, SERVER_ENV_OVERRIDES, type ServerEnvName } from './overrides.js';
import type { ConfigFile } from './schema.js';

export interface ServerSettings {
  url: string;
  username?: string;
  password?: string;
  token?: string;
}

/**
 * The rule for the server settings: url, and a way to sign in (auth's username and password, or a
 * token), each from the ALIST_* variable that overrides it, else from the file.
 */
export function serverSettings(rules: RuleContext, config: ConfigFile, env: NodeJS.ProcessEnv, passwordPrompt = false): ServerSettings {
  const { tree } = rules;
  /** The environment's value; else nothing when --password-stdin replaces the key; else the file's. */
  const overrideOr = (name: ServerEnvName, fromFile: () => string | undefined): string | undefined => {
    const fromEnv = envValue(env, name);
    if (fromEnv !== undefined || rules.overridden.has(SERVER_ENV_OVERRIDES[name])) return fromEnv;
    return fromFile();
  };
  const token = overrideOr('ALIST_TOKEN', () => (config.token === undefined || config.token === '' ? undefined : rules.usedString(['token'], config.token)));
  const url = overrideOr('ALIST_URL', () => (config.url === undefined ? undefined : rules.usedString(['url'], config.url)));
  if (url === undefined && tree.at(['url']) === undefined) {
    rules.report({ file: tree.file, line: 1, col: 1 }, 'missing required key "url" (the server\'s address; or set ALIST_URL)');
  }
  if (url !== undefined) checkUrl(rules, url, env);

  // The file has an auth: key, even when its value was wrong (already reported).
  const authGiven = tree.at(['auth']) !== undefined;
  const needAuth = token === undefined;
  const credential = (envName: 'ALIST_USERNAME' | 'ALIST_PASSWORD', key: 'username' | 'password', hint: string, optional = false): string | undefined =>
    overrideOr(envName, () => {
      const value = config.auth?.[key];
      if (value === undefined) {
        if (authGiven && !optional) rules.missing(['auth', key], hint);
        return undefined;
      }
      return rules.usedString(['auth', key], value);
    });
  const username = credential('ALIST_USERNAME', 'username', 'or set ALIST_USERNAME');
  // On a terminal a password left out is asked for (as gh and docker login do); elsewhere it is a problem.
  const password = credential('ALIST_PASSWORD', 'password', 'or set ALIST_PASSWORD, or pipe it to plan/apply --password-stdin', passwordPrompt);
  const passwordFromStdin = rules.overridden.has(SERVER_ENV_OVERRIDES.ALIST_PASSWORD);
  if (needAuth && !authGiven && (username === undefined || (password === undefined && !passwordFromStdin && !passwordPrompt))) {
    rules.report(
      { file: tree.file, line: 1, col: 1 },
      'missing required key "auth" (username and password; or a token, or ALIST_USERNAME and ALIST_PASSWORD, or ALIST_TOKEN)',
    );
  }
  for (const secret of [password, token]) if (secret) rules.secrets.push(secret);
  return { url: (url ?? '').replace(/\/+$/, ''), username, password, token };
}

function checkUrl(rules: RuleContext, url: string, env: NodeJS.ProcessEnv): void {
  const parsed = parseServerUrl(url);
  if (!('problem' in parsed)) return;
  const problem = urlProblemText(parsed.problem);
  if (envValue(env, 'ALIST_URL') !== undefined) {
    // Not from the file: a diagnostic needs a place, so it is config.yaml's start, and the message says where it really comes from.
    rules.report(undefined, `ALIST_URL (environment): ${problem}`);
  } else {
    rules.report(rules.tree.at(['url'])?.value, `url ${problem.replace(/^not /, 'is not ')}`);
  }
}

/** What is wrong with the URL, as the files' checks say it. The client says the same in its own words. */
function urlProblemText(problem: ServerUrlProblem): string {
  if (problem.kind === 'user-info') {
    return `must not contain a user name or password: ${quote(problem.shown)} (put them in auth.username and auth.password, or ALIST_USERNAME and ALIST_PASSWORD)`;
  }
  return `not an http:// or https:// URL: ${quote(problem.shown)}${schemeSuggestion(problem.shown)}`;
}

/** "127.0.0.1:5244" or "alist.example.net" (the scheme left out, as in a browser's address bar): say what works. */
function schemeSuggestion(shown: string): string {
  if (shown.includes('://') || !/^[\w.-]+(:\d+)?(\/\S*)?$/.test(shown)) return '';
  return ` (did you mean ${quote(`http://${shown}`)}, or https:// if the server has TLS?)`;
}
