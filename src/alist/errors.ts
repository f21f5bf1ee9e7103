import { ApiError } from '../errors.js';

/**
 * A create answered code 500 with data.id > 0 ("failed init storage but storage is already
 * created: …"): the row exists, in a broken state, with the driver's error as its status. The
 * caller continues with an update of `storageId` (a retried create would hit the UNIQUE mount path).
 */
export class StorageInitError extends ApiError {
  readonly storageId: number;
  constructor(cause: ApiError, storageId: number) {
    super({ code: cause.code, serverMessage: cause.serverMessage, method: cause.method, endpoint: cause.endpoint, data: cause.data, hint: cause.hint });
    this.storageId = storageId;
  }
}
