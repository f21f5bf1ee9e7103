import { Command } from 'commander';
import { z } from 'zod';
import { isFiltered, selectsNothing } from '../sync/select.js';
import { computeStatus, countStates, needsAttention, type StatusReport } from '../sync/status.js';
import { renderStatus } from '../sync/status-render.js';
import { FORMAT_VERSION } from '../ui/json-document.js';
import type { StatusDocument } from '../ui/status-document.js';
import { addSelectionOptions } from './cli-option.js';
import { ExitCode, type CommandContext } from './context.js';
import { readServerStorages, selectionOf, selectionOptionsShape, serverOf } from './server-read.js';
import { addServerOptions, openSession, parseOptions, serverOptionsSchema, type Session } from './server-options.js';

const statusOptionsSchema = serverOptionsSchema.extend({ all: z.boolean().default(false), ...selectionOptionsShape });
type StatusOptions = z.infer<typeof statusOptionsSchema>;

/**
 * `alist-batch status`: is every mount working? Reads the files, logs in, lists the storages and
 * writes nothing. Exit 1 when a described storage is broken, missing or in conflict, so a cron job
 * or CI can alert on dead links.
 */
export function statusCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const command = new Command('status')
    .description('show whether every storage the files describe is working (writes nothing; exit 1 when any is broken, missing or in conflict)')
    .option('--all', 'also list the storages on the server that the files do not describe');
  addSelectionOptions(command);
  addServerOptions(command).action(async (raw: unknown) => {
    setExitCode(await runStatus(parseOptions(statusOptionsSchema, raw), ctx));
  });
  return command;
}

async function runStatus(options: StatusOptions, ctx: CommandContext): Promise<number> {
  const session = await openSession(options, ctx);
  try {
    const current = await readServerStorages(session, ctx);
    const selection = selectionOf(options);
    const report = computeStatus(session.loaded.storages, current, { all: options.all, selection });
    if (isFiltered(selection) && report.entries.length === 0) {
      throw selectsNothing(selection, session.loaded.storages.length, options.all);
    }
    ctx.output.result(statusDocument(report, session), () => renderStatus(report, ctx.output.color));
    return needsAttention(report.entries) ? ExitCode.failure : ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

function statusDocument(report: StatusReport, session: Session): StatusDocument {
  return {
    format_version: FORMAT_VERSION,
    command: 'status',
    server: serverOf(session),
    storages: report.entries,
    summary: countStates(report.entries),
    left_out: report.leftOut,
    warnings: session.loaded.warnings,
  };
}
