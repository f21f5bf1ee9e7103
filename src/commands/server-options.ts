import { Command, Option } from 'commander';
import { z } from 'zod';
import { AlistClient, proxySettingsFrom, type ClientPhase, type RetryInfo } from '../alist/client.js';
import { displayUrl, parseBaseUrl } from '../alist/base-url.js';
import { startActivity, type Activity } from '../ui/progress.js';
import type { LoadedConfig } from '../config/load.js';
import { withHint } from '../alist/errors.js';
import { ApiError, TransportError, UsageError } from '../errors.js';
import { configOption, jsonOption } from './cli-option.js';
import type { CommandContext } from './context.js';
import { loadFiles } from './files.js';
import { quote } from '../model/display.js';
import { askSecret } from '../ui/prompt.js';

/** Bounded above because Node's timers hold at most 2^31-1 ms (24.8 days): a larger one fires at once. */
const TIMEOUT_RANGE = 'expected a number of seconds from 1 to 3600';

/**
 * What plan and apply share: the options that say how to reach the server, and the steps that
 * turn them into a validated configuration and a logged-in client.
 */
export const serverOptionsSchema = z.object({
  config: z.string().min(1),
  json: z.boolean().default(false),
  otp: z.string().optional(),
  passwordStdin: z.boolean().default(false),
  timeout: z.coerce.number({ error: TIMEOUT_RANGE }).min(1, TIMEOUT_RANGE).max(3600, TIMEOUT_RANGE).default(30),
});
export type ServerOptions = z.infer<typeof serverOptionsSchema>;

export function addServerOptions(command: Command): Command {
  return command
    .addOption(configOption())
    .addOption(jsonOption('print one JSON document on stdout (format_version 1) and nothing else there'))
    .addOption(new Option('--otp <code>', 'two-factor code of the admin account (or ALIST_OTP)'))
    .option('--password-stdin', 'read the admin password from standard input (as docker login does)')
    .addOption(new Option('--timeout <seconds>', 'timeout of each HTTP request, 1–3600').default(30));
}

/** Parses commander's options with a zod schema, so a bad value is a usage error that says which. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.map(String).join('.') ?? 'option';
  const flag = `--${name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`;
  throw new UsageError(`invalid value for ${flag}: ${issue?.message ?? 'invalid'}`);
}

export interface Session {
  loaded: LoadedConfig;
  client: AlistClient;
}

/**
 * Validates the files (no request is sent when they are invalid), then logs in. The admin check
 * after a login is still in flight when this returns: the commands' first reads go out with it, and
 * the client answers none of them before it passed (AlistClient.open).
 */
export async function openSession(options: ServerOptions, ctx: CommandContext, concurrency = 1): Promise<Session> {
  const { output } = ctx;
  const loaded = await loadFiles(options.config, ctx, { passwordFromStdin: options.passwordStdin });
  const password = options.passwordStdin ? await readPasswordFromStdin(ctx) : (loaded.server.password ?? (await askPassword(loaded, ctx)));
  const otp = options.otp ?? ctx.env.ALIST_OTP;
  const activity = connectActivity(ctx, loaded.server.url);
  const client = await AlistClient.open({
    url: loaded.server.url,
    username: loaded.server.username,
    password,
    token: loaded.server.token,
    otp,
    secrets: loaded.secrets,
    timeoutMs: options.timeout * 1000,
    // A connection for every request apply keeps in flight, so none waits in a queue on its timeout.
    connections: concurrency + 2,
    signal: ctx.signal,
    onWarning: (message) => activity.interrupt(() => output.warn(message)),
    onPhase: activity.onPhase,
    proxy: proxySettingsFrom(ctx.env),
    onRetry: (info) => activity.interrupt(() => retryLine(ctx)(info)),
  }).catch((error: unknown) => {
    activity.stop();
    throw withConnectionContext(error, loaded, passwordSource(options, loaded, ctx.env), ctx.env);
  });
  return { loaded, client };
}

/** Where the password came from, for a refused sign-in: a stale exported variable is a classic. */
function passwordSource(options: ServerOptions, loaded: LoadedConfig, env: NodeJS.ProcessEnv): string {
  if (options.passwordStdin) return 'standard input';
  if (loaded.server.password === undefined) return 'the prompt';
  return env.ALIST_PASSWORD ? 'ALIST_PASSWORD' : loaded.configPath;
}

/**
 * The spinner of the first minute (connecting, logging in, reading the storages), on a terminal
 * only; it ends for good once the first storage list is read, so that apply's own progress (and
 * its re-reads) never meet it.
 */
function connectActivity(ctx: CommandContext, url: string): Pick<Activity, 'interrupt' | 'stop'> & { onPhase: (phase: ClientPhase) => void } {
  const activity = startActivity(ctx.output, { spinner: !ctx.output.json });
  let done = false;
  const where = (): string => {
    try {
      return displayUrl(parseBaseUrl(url));
    } catch {
      return 'the server';
    }
  };
  const onPhase = (phase: ClientPhase): void => {
    if (done) return;
    if (phase.kind === 'connecting') activity.say(`connecting to ${where()}…`);
    else if (phase.kind === 'logging-in') activity.say(`logging in as ${quote(phase.username)}…`);
    else if (phase.kind === 'listing') activity.say('reading storages…');
    else {
      done = true;
      activity.stop();
    }
  };
  return { interrupt: (print) => (done ? print() : activity.interrupt(print)), stop: () => activity.stop(), onPhase };
}

/**
 * One line per request at most: its first retry is printed, later ones of the same request are
 * not (a server gone away would otherwise print a line per attempt per change).
 */
function retryLine(ctx: CommandContext): (info: RetryInfo) => void {
  const { output } = ctx;
  return (info) => {
    if (info.attempt !== 2) return;
    output.info(output.errColor.dim(`retrying ${info.method} ${info.endpoint} (${info.reason}); further retries of this request are not shown`));
  };
}

/**
 * A refused sign-in or an unreachable server, with what the user needs to find the cause: which
 * user signed in, and where the URL, user name and password came from (a stale exported variable
 * is a classic).
 */
function withConnectionContext(error: unknown, loaded: LoadedConfig, passwordFrom: string, env: NodeJS.ProcessEnv): unknown {
  const from = (variable: string): string => (env[variable] ? variable : loaded.configPath);
  if (error instanceof ApiError && error.endpoint.startsWith('/api/auth/login')) {
    const who = `Tried to sign in as ${quote(loaded.server.username ?? '')} (user name from ${from('ALIST_USERNAME')}, password from ${passwordFrom}).`;
    return withHint(error, error.hint ? `${who} ${error.hint}` : who);
  }
  if (error instanceof TransportError && error.outcome === 'failed' && error.endpoint === '/api/public/settings') {
    const urlFrom = `(The URL comes from ${from('ALIST_URL')}.)`;
    return new TransportError({
      message: error.message,
      outcome: error.outcome,
      method: error.method,
      endpoint: error.endpoint,
      unreachable: error.unreachable,
      hint: error.hint ? `${error.hint} ${urlFrom}` : `Is the server running and reachable at ${loaded.server.url}? ${urlFrom}`,
    });
  }
  return error;
}

async function readPasswordFromStdin(ctx: CommandContext): Promise<string> {
  if (ctx.stdin.isTTY) {
    throw new UsageError('--password-stdin reads the password from a pipe, e.g. `printf %s "$PASSWORD" | alist-batch apply --password-stdin`');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin: standard input was empty');
  // The one place this secret is read: the files' secrets were registered when they were loaded.
  ctx.output.redactor.register(password);
  return password;
}

/**
 * No password in the files, ALIST_PASSWORD or --password-stdin: on a terminal it is asked for
 * without echo (validation let it be missing only there). Not when a token signs in instead.
 */
async function askPassword(loaded: LoadedConfig, ctx: CommandContext): Promise<string | undefined> {
  const { username, token, url } = loaded.server;
  if (token !== undefined || username === undefined || ctx.stdin.isTTY !== true) return undefined;
  const password = await askSecret(ctx.output, `Password for ${quote(username)} at ${url}: `, ctx.signal);
  if (password === undefined || password === '') throw new UsageError('no password was typed; nothing was sent to the server.');
  ctx.output.redactor.register(password);
  return password;
}
