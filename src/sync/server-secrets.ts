import type { ServerStorage } from '../model/storage.js';
import { secretAdditionValues } from '../drivers/secrets.js';

/** Every secret held by the storages on the server, for the redactor. */
export function secretValuesOf(storages: readonly ServerStorage[]): string[] {
  return storages.flatMap((s) => secretAdditionValues(s.addition));
}
