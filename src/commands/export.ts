import { Command } from 'commander';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AlistBatchError, ApiError, UsageError, ValidationError } from '../errors.js';
import type { DriverKeys } from '../config/export-storages.js';
import { exportFiles, inListFile, type ExportResult } from '../config/export-files.js';
import { validateConfig } from '../config/validate.js';
import { isMissingOrEmpty, writeFolder } from '../config/write-folder.js';
import { escapeText } from '../model/display.js';
import type { ServerStorage } from '../model/storage.js';
import { isFiltered, selector, selectsNothing } from '../sync/select.js';
import type { ExportDocument } from '../ui/export-document.js';
import { FORMAT_VERSION } from '../ui/json-document.js';
import { count, cutList } from '../ui/text.js';
import { addSelectionOptions } from './cli-option.js';
import { ExitCode, type CommandContext } from './context.js';
import { readServerStorages, selectionOf, selectionOptionsShape, serverOf } from './server-read.js';
import { addServerOptions, openSession, parseOptions, serverOptionsSchema, type Session } from './server-options.js';

const exportOptionsSchema = serverOptionsSchema.extend({
  out: z.string({ error: 'expected a folder to write the files to' }).min(1, 'expected a folder to write the files to'),
  force: z.boolean().default(false),
  includeSecrets: z.boolean().default(false),
  ...selectionOptionsShape,
});
type ExportOptions = z.infer<typeof exportOptionsSchema>;

/** How many times lines that do not validate are set aside before giving up (each pass removes some). */
const VALIDATION_PASSES = 3;

/**
 * `alist-batch export --out DIR`: writes config.yaml and the list files that describe the server's
 * storages, so that `plan` on them reports no changes. Reads only; writes nothing to the server.
 */
export function exportCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const command = new Command('export')
    .description("write config.yaml and list files that describe the server's storages (reads the server, changes nothing there)")
    .requiredOption('--out <dir>', 'the folder to write to (created; must be empty unless --force)')
    .option('-f, --force', 'write into a folder that is not empty, replacing files of the same names')
    .option('--include-secrets', 'write secrets into config.yaml instead of ${NAME} references (the files get mode 600)');
  addSelectionOptions(command);
  addServerOptions(command).action(async (raw: unknown) => {
    setExitCode(await runExport(parseOptions(exportOptionsSchema, raw), ctx));
  });
  return command;
}

async function runExport(options: ExportOptions, ctx: CommandContext): Promise<number> {
  const out = resolve(ctx.cwd, options.out);
  if (!options.force && !(await isMissingOrEmpty(out))) {
    throw new UsageError(`${options.out} is not an empty folder; nothing was written.`, {
      hint: 'name a new or empty folder, or add --force to replace files there',
    });
  }
  const session = await openSession(options, ctx);
  try {
    const listed = await readServerStorages(session, ctx);
    const selection = selectionOf(options);
    const take = selector(selection);
    const storages = listed.filter((s) => take(s.mount_path, s.driver));
    if (isFiltered(selection) && storages.length === 0) throw selectsNothing(selection, listed.length, false);
    const result = await validatedExport(session, storages, options);
    if (options.includeSecrets) ctx.output.warn('--include-secrets: config.yaml holds secrets in clear text (mode 600); keep it out of version control.');
    await writeFolder(
      out,
      result.files.map((f) => ({ ...f, mode: f.name === 'config.yaml' || options.includeSecrets ? 0o600 : 0o644 })),
    );
    ctx.output.result(exportDocument(result, session, options, listed.length - storages.length), () => summary(result, options));
    return ExitCode.ok;
  } finally {
    await session.client.close();
  }
}

/**
 * The files, checked by the same validation `plan` runs: a line that does not pass (a name the
 * strict rules refuse) is set aside with the reason, and the files are written again without it.
 */
async function validatedExport(session: Session, storages: readonly ServerStorage[], options: ExportOptions): Promise<ExportResult> {
  const skip = new Map<number, string>();
  const driverKeys = await driverSchemas(session, storages);
  const input = { url: session.loaded.server.url, username: session.loaded.server.username, storages, includeSecrets: options.includeSecrets, driverKeys };
  for (let pass = 1; ; pass++) {
    const result = exportFiles(input, skip);
    const problems = await validationProblems(result);
    if (problems.length === 0) return result;
    const entryAt = (d: { file: string; line: number }) => entryOf(result, d);
    const unplaced = problems.filter((d) => entryAt(d) === undefined);
    if (unplaced.length > 0 || pass >= VALIDATION_PASSES) {
      throw new AlistBatchError(
        `the exported files do not pass validation (a bug in alist-batch; please report it): ${unplaced.map((d) => d.message).join('; ')}`,
      );
    }
    for (const problem of problems) {
      const entry = entryAt(problem);
      const id = storages.find((s) => s.mount_path === entry?.mount_path)?.id;
      if (id !== undefined) skip.set(id, `its entry would not pass validation: ${problem.message}`);
    }
  }
}

/** The exported entry a problem's line falls in: the last one starting at or before it, in that file. */
function entryOf(result: ExportResult, at: { file: string; line: number }): ExportResult['exported'][number] | undefined {
  let found: ExportResult['exported'][number] | undefined;
  for (const entry of result.exported) {
    if (entry.file === at.file && entry.line <= at.line && (found === undefined || entry.line > found.line)) found = entry;
  }
  return found;
}

/**
 * The addition keys and defaults of each driver that has no list file, as the server describes it
 * (once per driver); a driver the server does not describe is left out (its storages are skipped).
 */
async function driverSchemas(session: Session, storages: readonly ServerStorage[]): Promise<Map<string, DriverKeys>> {
  const schemas = new Map<string, DriverKeys>();
  for (const driver of new Set(storages.filter((s) => !inListFile(s)).map((s) => s.driver))) {
    try {
      const info = await session.client.driverInfo(driver);
      schemas.set(driver, new Map(info.additional.map((item) => [item.name, item.default])));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
  return schemas;
}

async function validationProblems(result: ExportResult): Promise<{ file: string; line: number; message: string }[]> {
  const texts = new Map(result.files.map((f) => [f.name, f.text]));
  const env: NodeJS.ProcessEnv = { ALIST_PASSWORD: 'export-check', ALIST_TOKEN: 'export-check' };
  for (const variable of result.variables) env[variable.name] = variable.value;
  try {
    await validateConfig(
      { configPath: 'config.yaml', configText: texts.get('config.yaml') ?? '', readListFile: (name) => Promise.resolve(texts.get(name)) },
      env,
      {},
    );
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.diagnostics.filter((d) => d.severity !== 'warning');
  }
}

function exportDocument(result: ExportResult, session: Session, options: ExportOptions, leftOut: number): ExportDocument {
  return {
    format_version: FORMAT_VERSION,
    command: 'export',
    server: serverOf(session),
    out: options.out,
    files: result.files.map((f) => f.name),
    exported: result.exported,
    skipped: result.skipped,
    variables: variableNames(result, session),
    secrets_included: options.includeSecrets,
    left_out: leftOut,
  };
}

/** The variables to set before plan/apply: the admin password (or token) and each secret's. */
function variableNames(result: ExportResult, session: Session): string[] {
  return [session.loaded.server.username !== undefined ? 'ALIST_PASSWORD' : 'ALIST_TOKEN', ...result.variables.map((v) => v.name)];
}

function summary(result: ExportResult, options: ExportOptions): string {
  const lines = result.files.map((f) => {
    const n = result.exported.filter((e) => e.file === f.name).length;
    return `wrote ${options.out.replace(/\/+$/, '')}/${f.name}${f.name === 'config.yaml' ? '' : ` (${count(n, 'storage')})`}`;
  });
  lines.push('', `Exported ${count(result.exported.length, 'storage')}${result.skipped.length > 0 ? `; skipped ${result.skipped.length}:` : '.'}`);
  lines.push(...cutList(result.skipped, (s) => `  ${escapeText(s.mount_path)} (${escapeText(s.driver)}): ${escapeText(s.reason)}`));
  if (!options.includeSecrets && result.variables.length > 0) {
    lines.push('', `config.yaml reads its secrets from the environment: set ${result.variables.map((v) => v.name).join(', ')} before plan or apply.`);
  }
  return lines.join('\n');
}
