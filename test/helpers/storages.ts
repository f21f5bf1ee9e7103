// Desired storages and server rows for the tests of the plan and its execution, built directly.
import { driverModule } from '../../src/drivers/index.js';
import type { DriverName } from '../../src/drivers/types.js';
import { MANAGED_MARKER } from '../../src/model/mark.js';
import { DEFAULT_STORAGE_FIELDS, type Addition, type DesiredStorage, type ServerStorage } from '../../src/model/storage.js';

/** A storage the files want: the driver's defaults, with `fromFiles` as the managed addition keys. */
export function desired(mountPath: string, driver: DriverName, fromFiles: Addition): DesiredStorage {
  return {
    mount_path: mountPath,
    driver,
    fields: { ...DEFAULT_STORAGE_FIELDS },
    addition: { ...driverModule(driver).defaults, ...fromFiles },
    managed: { fields: [], addition: Object.keys(fromFiles) },
    source: { file: 'list.yaml', line: 1, col: 1 },
    at: { fields: {}, addition: {} },
    secretKeys: [...driverModule(driver).secretKeys],
    rewrittenKeys: [...driverModule(driver).serverRewrittenKeys],
  };
}

let nextId = 1;

/** The server's row for a desired storage, as alist-batch made it (marked, working), with overrides. */
export function onServer(want: DesiredStorage, overrides: Partial<ServerStorage> = {}): ServerStorage {
  return {
    id: nextId++,
    mount_path: want.mount_path,
    driver: want.driver,
    ...want.fields,
    remark: MANAGED_MARKER,
    addition: { ...want.addition },
    status: 'work',
    modified: '2026-11-26T07:00:00Z',
    disabled: false,
    proxy_range: false,
    ...overrides,
  };
}
