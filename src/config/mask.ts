import { driverModule } from '../drivers/index.js';
import { REDACTED } from '../model/secrets.js';
import type { DesiredStorage } from '../model/storage.js';

/** A copy of the storage with the driver's secret addition values replaced by "********". */
export function maskSecrets(storage: DesiredStorage): DesiredStorage {
  const secretKeys = driverModule(storage.driver).secretKeys;
  const addition = { ...storage.addition };
  for (const key of secretKeys) {
    if (key in addition && addition[key] !== '') addition[key] = REDACTED;
  }
  return { ...storage, addition };
}
