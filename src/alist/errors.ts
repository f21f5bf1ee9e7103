import { ApiError, refusalOf } from '../errors.js';

/**
 * How the server's message starts when a create's INSERT failed; in practice the mount path is
 * taken (UNIQUE constraint), possibly by an earlier attempt of the same create whose reply was lost.
 */
export const CREATE_IN_DATABASE_FAILED = 'failed create storage in database';

/** The same refusal, with a hint that tells the user what to do about it. */
export function withHint(error: ApiError, hint: string | undefined): ApiError {
  return new ApiError({ ...refusalOf(error), hint });
}
