/**
 * One API call, run to its end under the retry policy (retry.ts): reads and idempotent writes are
 * retried on network errors, timeouts, HTTP 5xx and "Loading storage"; a create only when it
 * certainly did not happen. Failures become ApiError (the server refused) or TransportError (no
 * usable reply, with whether the server may have acted), with known secrets scrubbed from the
 * server's messages. The session behind the token is not this module's: it asks its `Authority`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { ApiError, TransportError } from '../errors.js';
import { REDACTED } from '../model/secrets.js';
import { AttemptFailure, abortedError, type Envelope, type HttpRequest, type HttpTransport } from './http.js';
import { backoffDelay, decideRetry, finalOutcome, mayHaveActed, meansUnreachable, retriesFor, type BackoffOptions, type OperationKind } from './retry.js';

export interface CallSpec<T> {
  operation: OperationKind;
  method: HttpRequest['method'];
  endpoint: string;
  query?: HttpRequest['query'];
  body?: unknown;
  schema: z.ZodType<T>;
  /**
   * A fast check of the expected shape, tried before `schema` on every reply: its value, or
   * undefined to let the schema decide (and name what is wrong). For replies that come by the
   * thousand (creates) or hold thousands of rows (the storage list).
   */
  accept?: (data: unknown) => T | undefined;
  /** Send the session token, and log in again once on code 401 when credentials are known. */
  authenticated: boolean;
  /** A token to send instead (the token check at connect). */
  token?: string;
  /**
   * Whether a refusal means an earlier attempt, whose reply was lost, already did it: e.g. a delete
   * whose retry answers "record not found".
   */
  afterAmbiguous?: (error: ApiError) => boolean;
  /** Values to scrub from server messages (addition values the server might echo). */
  secrets?: readonly string[];
  /** Which cap the reply has; default 'small' (reply-caps.ts). */
  replySize?: HttpRequest['replySize'];
}

export type ApiCall = <T>(spec: CallSpec<T>) => Promise<T>;

export interface RetryInfo {
  method: string;
  endpoint: string;
  /** The number of the attempt about to be made (2 for the first retry). */
  attempt: number;
  reason: string;
  delayMs: number;
}

export interface RetryPolicy {
  /** Extra attempts for a retryable failure. */
  retries: number;
  backoff: BackoffOptions;
  /** Ctrl-C: no new backoff after it fires (the transport refuses new attempts). */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/** What the call loop needs from the session: the token, a fresh one after a 401, and the secrets it knows. */
export interface Authority {
  currentToken(): string | undefined;
  /** The server rejected `staleToken` (code 401): get a fresh token, or throw what to report. */
  renew(staleToken: string | undefined, rejection: ApiError): Promise<void>;
  /** Secrets a server message may echo: password, its hash, tokens, the 2FA code. */
  knownSecrets(): readonly string[];
}

/** The `call` that every endpoint goes through. */
export function createApiCall(http: HttpTransport, policy: RetryPolicy, authority: Authority): ApiCall {
  return (spec) => runCall(spec, http, policy, authority);
}

async function runCall<T>(spec: CallSpec<T>, http: HttpTransport, policy: RetryPolicy, authority: Authority): Promise<T> {
  let retriesDone = 0;
  let anyMayHaveActed = false;
  let reloggedIn = false;
  for (;;) {
    const token = spec.authenticated ? authority.currentToken() : spec.token;
    let envelope: Envelope;
    try {
      envelope = await http.attempt({ method: spec.method, endpoint: spec.endpoint, query: spec.query, body: spec.body, token, replySize: spec.replySize });
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      if (mayHaveActed(error.kind)) anyMayHaveActed = true;
      const decision = decideRetry(spec.operation, error.kind);
      if (decision.action === 'give-up') throw transportError(spec, error.description, decision.outcome);
      if (retriesDone >= retriesFor(error.kind, policy.retries)) {
        const outcome = finalOutcome(spec.operation, anyMayHaveActed);
        throw transportError(spec, `${error.description}, after ${retriesDone + 1} attempts`, outcome, undefined, meansUnreachable(error.kind));
      }
      retriesDone += 1;
      await waitBeforeRetry(spec, retriesDone, error.description, policy);
      continue;
    }
    if (envelope.code === 200) return parseData(spec, envelope.data);
    const apiError = new ApiError({
      code: envelope.code,
      serverMessage: scrub(envelope.message, [...authority.knownSecrets(), ...(spec.secrets ?? [])]),
      method: spec.method,
      endpoint: spec.endpoint,
      data: envelope.data,
    });
    if (envelope.code === 401 && spec.authenticated) {
      if (reloggedIn) throw apiError;
      // The token expired or the server restarted: one fresh login, then this request once more.
      reloggedIn = true;
      await authority.renew(token, apiError);
      continue;
    }
    if (anyMayHaveActed && spec.afterAmbiguous?.(apiError)) return spec.schema.parse(null);
    throw apiError;
  }
}

async function waitBeforeRetry<T>(spec: CallSpec<T>, retry: number, reason: string, policy: RetryPolicy): Promise<void> {
  const delayMs = backoffDelay(retry, policy.backoff);
  policy.onRetry?.({ method: spec.method, endpoint: spec.endpoint, attempt: retry + 1, reason, delayMs });
  const signal = policy.signal;
  try {
    await delay(delayMs, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw abortedError(signal);
    throw error;
  }
}

function parseData<T>(spec: CallSpec<T>, data: unknown): T {
  const accepted = spec.accept?.(data);
  if (accepted !== undefined) return accepted;
  const parsed = spec.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  // Zod's issue texts name paths and types, never the values.
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`)
    .join('; ');
  const outcome = spec.operation === 'read' || spec.operation === 'login' ? 'failed' : 'unknown';
  throw transportError(
    spec,
    `the reply has an unexpected shape (${issues})`,
    outcome,
    'Is this an AList v3 / OpenList v4 server? Please report the server version.',
  );
}

function transportError<T>(spec: CallSpec<T>, description: string, outcome: 'failed' | 'unknown', hint?: string, unreachable = false): TransportError {
  const consequence = outcome === 'unknown' ? ' The server may have acted on it: re-read before trying again.' : '';
  return new TransportError({
    message: `${spec.method} ${spec.endpoint} failed: ${description}.${consequence}`,
    outcome,
    method: spec.method,
    endpoint: spec.endpoint,
    unreachable,
    ...(hint ? { hint } : {}),
  });
}

/** Server messages can echo request bytes (JSON decode errors quote the body): remove known secrets. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
