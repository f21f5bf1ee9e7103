import { z } from 'zod';
import type { ServerStorage } from '../model/storage.js';
import type { Selection } from '../sync/select.js';
import { secretValuesOf } from '../sync/server-secrets.js';
import type { CommandContext } from './context.js';
import type { Session } from './server-options.js';

/**
 * What the commands that read the server's storages share (plan, apply, status, export): the
 * --only / --driver options, reading the list (its secrets registered at once, before anything
 * about it is printed), and the `server` block of their JSON documents.
 */
export const selectionOptionsShape = {
  only: z.array(z.string().min(1, 'expected a glob such as /Movies/**')).default([]),
  driver: z.array(z.string().min(1, 'expected a driver name such as PikPakShare')).default([]),
};

export function selectionOf(options: { only: string[]; driver: string[] }): Selection {
  return { only: options.only, drivers: options.driver };
}

/** Every storage on the server; the secrets they hold (tokens, client secrets) go to the redactor first. */
export async function readServerStorages(session: Session, ctx: CommandContext): Promise<ServerStorage[]> {
  const listed = await session.client.listStorages();
  for (const secret of secretValuesOf(listed)) ctx.output.redactor.register(secret);
  return listed;
}

/** Where a command ran, for its JSON document. */
export function serverOf(session: Session): { url: string; version: string; flavor: string } {
  return { url: session.loaded.server.url, version: session.client.server.version, flavor: session.client.server.flavor };
}
