/**
 * The retry policy, as pure functions: what a failed attempt means for each kind of operation, and
 * how long to wait before the next one. The call loop (call.ts) runs it; this file decides.
 */

/**
 * What an operation does to the server, which is what makes a retry safe or not:
 * - read: changes nothing (list, get, settings, /api/me, driver info);
 * - login: changes nothing we care about (a success resets the server's failure counter);
 * - idempotent-write: doing it twice leaves the same state (update is a full-row replace;
 *   delete/enable/disable of one id);
 * - create: doing it twice would try to insert a second row.
 */
export type OperationKind = 'read' | 'login' | 'idempotent-write' | 'create';

/**
 * How one attempt failed, as far as the client can tell:
 * - not-sent: the connection could not be made (refused, DNS, unreachable), or
 *   it failed before undici started writing the request: the server never saw it;
 * - loading: AList answered "Loading storage, please wait": it did nothing;
 * - connection-lost: the request was sent and the connection closed without a reply (reset,
 *   "other side closed"): the server may have acted, but the exchange is over;
 * - http-5xx: a real HTTP 5xx (a reverse proxy, or the server crashing): it may have acted;
 * - timeout: no complete reply within timeoutMs of sending (or a proxy's 504): the server may
 *   still be acting;
 * - connect-timeout: no connection within the connect timeout: the server never saw the request.
 */
export type FailureKind = 'not-sent' | 'loading' | 'connection-lost' | 'http-5xx' | 'timeout' | 'connect-timeout';

/**
 * - retry: try again after a backoff;
 * - give-up: throw at once, with the outcome given.
 */
type RetryDecision = { action: 'retry' } | { action: 'give-up'; outcome: Outcome };
type Outcome = 'failed' | 'unknown';

/** Whether the server may have acted on a request that failed this way. */
export function mayHaveActed(failure: FailureKind): boolean {
  return failure !== 'not-sent' && failure !== 'loading' && failure !== 'connect-timeout';
}

/**
 * Retries allowed after a failure of this kind. Waiting is what a timeout costs: a server that
 * accepts and never answers (or a black hole) would cost every attempt's whole timeout, so slow
 * failures get one retry, not the full budget.
 */
export function retriesFor(failure: FailureKind, retries: number): number {
  return failure === 'timeout' || failure === 'connect-timeout' ? Math.min(1, retries) : retries;
}

/** Failures that, once the retries are spent, say the server cannot be reached at all (not that it refused one request). */
export function meansUnreachable(failure: FailureKind): boolean {
  return failure === 'not-sent' || failure === 'connection-lost' || failure === 'timeout' || failure === 'connect-timeout';
}

export function decideRetry(operation: OperationKind, failure: FailureKind): RetryDecision {
  // A write that timed out may still be running on the server: sending it again would race it.
  // Its outcome is unknown; the next plan (or apply's re-read, for a create) finds out.
  if (operation === 'idempotent-write' && failure === 'timeout') return { action: 'give-up', outcome: 'unknown' };
  if (operation !== 'create' || !mayHaveActed(failure)) return { action: 'retry' };
  // A create that may have reached the server is never sent again: a second one would insert a
  // second row or fail on the mount path. The caller re-reads the storages (once for all such
  // creates) to find out, and only later: one that timed out may still be running on the server.
  return { action: 'give-up', outcome: 'unknown' };
}

/**
 * The outcome to report once the attempts are exhausted. Reads and logins change nothing, so they
 * "failed"; a write is "unknown" as soon as any attempt may have reached the server.
 */
export function finalOutcome(operation: OperationKind, anyAttemptMayHaveActed: boolean): Outcome {
  if (operation === 'read' || operation === 'login') return 'failed';
  return anyAttemptMayHaveActed ? 'unknown' : 'failed';
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { baseMs: 200, capMs: 5_000 };

/**
 * Exponential backoff with full jitter (a uniform draw in [0, min(cap, base·2^(retry-1)))), so that
 * many clients failing together do not retry together. `retry` is 1 for the first retry.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
