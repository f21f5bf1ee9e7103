import { ApiError, ValidationError } from '../errors.js';
import type { DriverInfo } from '../model/driver-info.js';
import type { DesiredStorage } from '../model/storage.js';
import { checkDriverSchemas, type CurrentStorage, type DriverSchemas } from '../sync/driver-schema.js';
import { runPool } from '../sync/pool.js';
import type { Session } from './server-options.js';

/** driver/info requests in flight at most: a folder names a handful of drivers, rarely dozens. */
const INFO_CONCURRENCY = 4;

/**
 * The server's schema of each driver the storages name: one driver/info request per distinct
 * driver, and the driver names only when one of them is not found (for "did you mean").
 */
export async function fetchDriverSchemas(session: Session, drivers: readonly string[]): Promise<DriverSchemas> {
  const infos = new Map<string, DriverInfo | null>();
  await runPool([...new Set(drivers)], INFO_CONCURRENCY, async (driver) => {
    infos.set(driver, await session.client.driverInfo(driver).catch(notFoundAsNull));
  });
  const missing = [...infos.values()].includes(null);
  return { infos, server: session.client.server, ...(missing ? { names: await session.client.driverNames() } : {}) };
}

/** `driver [X] not found` (code 404) means the server has no such driver; anything else is a real failure. */
function notFoundAsNull(error: unknown): null {
  if (error instanceof ApiError && error.code === 404) return null;
  throw error;
}

/**
 * The storages checked against the server's driver schemas and completed for creating; every
 * problem at once as a ValidationError (exit 1, nothing written: it is raised before the plan exists).
 */
export function checkedStorages(desired: readonly DesiredStorage[], current: readonly CurrentStorage[], schemas: DriverSchemas): DesiredStorage[] {
  const { problems, storages } = checkDriverSchemas(desired, current, schemas);
  if (problems.length > 0) throw new ValidationError(problems, [], { against: "the server's driver schema" });
  return storages;
}
