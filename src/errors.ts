/**
 * The few error classes the CLI knows how to render. Everything thrown inside the tool that a user
 * may see is one of these; anything else is a bug and is rendered as such by the error boundary
 * (src/main.ts). None of them may carry a secret in its message: build messages from names,
 * paths and server messages only.
 */

/** Where in a user's file something is: 1-based line and column; the file as the user named it. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic extends SourceLocation {
  message: string;
  /** Absent means 'error'. A warning does not make the files invalid; it is shown next to the problems. */
  severity?: 'error' | 'warning';
}

/** `file:line:col: message`, or `file:line:col: warning: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

export function isWarning(d: Diagnostic): boolean {
  return d.severity === 'warning';
}

/** Base class: `hint` is an optional second line telling the user what to do. */
export class AlistBatchError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Wrong command-line usage: unknown option, bad option value, conflicting flags. */
export class UsageError extends AlistBatchError {}

/** The config or list files are invalid. Carries every problem found, not just the first. */
export class ValidationError extends AlistBatchError {
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The secret texts the loader saw (raw config values, resolved secrets). The files could not be
   * loaded, so nobody else has registered them: whoever prints the diagnostics registers these
   * with the redactor first, in case a message quotes one.
   */
  readonly secrets: readonly string[];
  /**
   * `against`: what the files were checked against, for problems found once the server was
   * reached (its driver schema): something was sent then, but nothing was changed.
   */
  constructor(diagnostics: readonly Diagnostic[], secrets: readonly string[] = [], options: { against?: string } = {}) {
    super(
      options.against === undefined
        ? `${countProblems(diagnostics)} found in the configuration; nothing was sent to the server.`
        : `${countProblems(diagnostics)} found checking the files against ${options.against}; nothing was changed on the server.`,
    );
    this.diagnostics = diagnostics;
    this.secrets = secrets;
  }
}

/** "2 problems", "2 problems (and 5 warnings)": warnings are listed with the problems but are not problems. */
function countProblems(diagnostics: readonly Diagnostic[]): string {
  const warnings = diagnostics.filter(isWarning).length;
  const errors = diagnostics.length - warnings;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'problem')}${warnings > 0 ? ` (and ${plural(warnings, 'warning')})` : ''}`;
}

/** The server answered with an envelope whose code is not 200. */
export class ApiError extends AlistBatchError {
  readonly code: number;
  readonly serverMessage: string;
  readonly method: string;
  readonly endpoint: string;
  readonly data: unknown;
  constructor(args: ApiErrorArgs) {
    super(`${args.method} ${args.endpoint} failed: ${args.serverMessage} (code ${args.code})`, { hint: args.hint });
    this.code = args.code;
    this.serverMessage = args.serverMessage;
    this.method = args.method;
    this.endpoint = args.endpoint;
    this.data = args.data;
  }
}

export interface ApiErrorArgs {
  code: number;
  serverMessage: string;
  method: string;
  endpoint: string;
  data?: unknown;
  hint?: string;
}

/** What an ApiError was built from: to raise the same refusal again, as a finer class or with a hint. */
export function refusalOf(error: ApiError): ApiErrorArgs {
  return { code: error.code, serverMessage: error.serverMessage, method: error.method, endpoint: error.endpoint, data: error.data, hint: error.hint };
}

/**
 * A create answered code 500 with data.id > 0 ("failed init storage but storage is already
 * created: …"): the row exists, in a broken state, with the driver's error as its status. The
 * caller must not create it again (that would hit the UNIQUE mount path): it is reported as
 * failed, and later runs see it as a storage that is not working.
 */
export class StorageInitError extends ApiError {
  readonly storageId: number;
  constructor(cause: ApiError, storageId: number) {
    super(refusalOf(cause));
    this.storageId = storageId;
  }
}

/**
 * A create whose row could not be inserted ("failed create storage in database"): in practice the
 * mount path is taken, possibly by an earlier attempt of the same create whose reply was lost, so
 * the caller looks at the storages before doing anything else.
 */
export class StorageInsertError extends ApiError {
  constructor(cause: ApiError) {
    super(refusalOf(cause));
  }
}

/**
 * The request could not be completed: connection refused, reset, timeout, an HTTP status other than
 * 200, or a reply that is not AList's JSON. `outcome` says whether the server may have acted on it:
 * "failed" = it certainly did not; "unknown" = it may have (the request was sent, the reply was lost).
 */
export class TransportError extends AlistBatchError {
  readonly outcome: 'failed' | 'unknown';
  readonly method: string;
  readonly endpoint: string;
  /** The server could not be reached at all (refused, reset, timed out after every retry; unknown host): later requests will fail the same way. */
  readonly unreachable: boolean;
  constructor(args: {
    message: string;
    outcome: 'failed' | 'unknown';
    method: string;
    endpoint: string;
    hint?: string;
    cause?: unknown;
    unreachable?: boolean;
  }) {
    super(args.message, { hint: args.hint, cause: args.cause });
    this.outcome = args.outcome;
    this.method = args.method;
    this.endpoint = args.endpoint;
    this.unreachable = args.unreachable ?? false;
  }
}

/** The user interrupted (Ctrl-C) or declined a confirmation. */
export class AbortedError extends AlistBatchError {}
