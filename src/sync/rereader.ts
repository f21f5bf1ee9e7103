import type { ServerStorage } from '../model/storage.js';

/** The one read a Rereader needs. */
export interface StorageLister {
  listStorages(): Promise<ServerStorage[]>;
}

/**
 * Re-reads the storage list for creates whose outcome is unknown. Many such creates can fail at
 * once (a flaky proxy); they share one list request. A list that had already started when a
 * failure happened may predate the write, so a failure only joins a list that has not started yet.
 */
export class Rereader {
  private scheduled: Promise<Map<string, ServerStorage>> | undefined;

  constructor(
    private readonly api: StorageLister,
    private readonly gatherMs = 25,
  ) {}

  async find(mountPath: string): Promise<ServerStorage | undefined> {
    this.scheduled ??= this.listSoon();
    return (await this.scheduled).get(mountPath);
  }

  private async listSoon(): Promise<Map<string, ServerStorage>> {
    await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
    this.scheduled = undefined; // from now on a new failure needs a new list
    const list = await this.api.listStorages();
    return new Map(list.map((s) => [s.mount_path, s]));
  }
}
