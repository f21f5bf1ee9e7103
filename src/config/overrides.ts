/** The environment variables that override config.yaml, and the key each one replaces. */
export const SERVER_ENV_OVERRIDES = {
  ALIST_URL: 'url',
  ALIST_USERNAME: 'auth.username',
  ALIST_PASSWORD: 'auth.password',
  ALIST_TOKEN: 'token',
} as const;

export type ServerEnvName = keyof typeof SERVER_ENV_OVERRIDES;

/** An empty variable counts as unset (`ALIST_TOKEN= alist-batch ...`). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The dotted keys whose file values are not used: an ALIST_* variable, or --password-stdin, replaces them. */
export function overriddenKeys(env: NodeJS.ProcessEnv, passwordFromStdin: boolean): ReadonlySet<string> {
  const keys = new Set<string>(
    Object.entries(SERVER_ENV_OVERRIDES)
      .filter(([name]) => envValue(env, name) !== undefined)
      .map(([, key]) => key),
  );
  if (passwordFromStdin) keys.add(SERVER_ENV_OVERRIDES.ALIST_PASSWORD);
  return keys;
}
