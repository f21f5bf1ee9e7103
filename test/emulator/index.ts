// Entry of the AList/OpenList admin-API emulator (test support; see emulator-api.md).
// Imports only node built-ins: it is compiled on its own to dist-test/ for the demo and benchmarks.
import { EmulatorServer } from './server.js';
import type { Emulator, EmulatorOptions } from './types.js';

export type { Emulator, EmulatorOptions, EmulatorUser, FaultKind, FaultRule, InitFailureRule, RequestLogEntry, StorageRow } from './types.js';
export { staticHash } from './auth.js';
export { goPathClean, fixAndCleanPath } from './paths.js';
export { mulberry32 } from './random.js';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorServer(options);
  await emulator.listen(options.port ?? 0);
  return emulator;
}
