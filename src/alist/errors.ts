import { ApiError } from '../errors.js';

/**
 * How the server's message starts when a create's INSERT failed; in practice the mount path is
 * taken (UNIQUE constraint), possibly by an earlier attempt of the same create whose reply was lost.
 */
export const CREATE_IN_DATABASE_FAILED = 'failed create storage in database';

/** The same refusal, with a hint that tells the user what to do about it. */
export function withHint(error: ApiError, hint: string | undefined): ApiError {
  return new ApiError({ ...refusalOf(error), hint });
}

function refusalOf(error: ApiError): ConstructorParameters<typeof ApiError>[0] {
  return { code: error.code, serverMessage: error.serverMessage, method: error.method, endpoint: error.endpoint, data: error.data };
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
    super({ ...refusalOf(cause), hint: cause.hint });
    this.storageId = storageId;
  }
}
