import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { chmod, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatText, listFileNames, type FormatFinding } from '../config/format.js';
import { configFileAt, readConfigText, readListFile } from '../config/load.js';
import { count } from '../ui/text.js';
import { configOption } from './cli-option.js';
import { ExitCode, type CommandContext } from './context.js';

interface FmtOptions {
  config: string;
  check?: boolean;
}

interface FileToFormat {
  /** As the user named it (config.yaml's folder joined with the name). */
  shown: string;
  text: string;
}

/**
 * `alist-batch fmt`: makes config.yaml and the list files pass the strict line rules (no blank
 * lines, no trailing whitespace), changing nothing else. `--check` only reports, for CI.
 */
export function fmtCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return new Command('fmt')
    .description('remove blank lines and trailing spaces from config.yaml and its list files (keeps comments, order and values)')
    .addOption(configOption())
    .option('--check', 'change nothing: list what would change and exit 1 if anything would (for CI)')
    .action(async (options: FmtOptions) => {
      const onDisk = (shown: string): string => resolve(ctx.cwd, shown);
      const files = await filesToFormat(options.config, onDisk);
      setExitCode(options.check ? check(files, ctx) : await rewrite(files, onDisk, ctx));
    });
}

async function filesToFormat(config: string, onDisk: (shown: string) => string): Promise<FileToFormat[]> {
  const { configPath, inFolder } = await configFileAt(config, onDisk);
  const files: FileToFormat[] = [{ shown: configPath, text: await readConfigText(configPath, onDisk, inFolder ? config : undefined) }];
  for (const shown of listFileNames(configPath)) {
    const text = await readListFile(shown, onDisk);
    if (text !== undefined) files.push({ shown, text });
  }
  return files;
}

function describe(finding: FormatFinding): string {
  return finding.problem === 'blank line' ? 'blank line (fmt removes it)' : 'trailing whitespace (fmt removes it)';
}

function check(files: readonly FileToFormat[], ctx: CommandContext): number {
  let changed = 0;
  for (const file of files) {
    const { findings } = formatText(file.text);
    if (findings.length > 0) changed += 1;
    for (const finding of findings) ctx.output.info(`${file.shown}:${finding.line}:1: ${describe(finding)}`);
  }
  if (changed === 0) {
    ctx.output.data(`${count(files.length, 'file')} checked: nothing to change.`);
    return ExitCode.ok;
  }
  ctx.output.error(`${count(changed, 'file')} would be changed; run \`alist-batch fmt\` (without --check) to fix ${changed === 1 ? 'it' : 'them'}.`);
  return ExitCode.failure;
}

async function rewrite(files: readonly FileToFormat[], onDisk: (shown: string) => string, ctx: CommandContext): Promise<number> {
  let changed = 0;
  for (const file of files) {
    const { text, findings } = formatText(file.text);
    if (findings.length === 0) continue;
    await replaceFile(onDisk(file.shown), text);
    changed += 1;
    const blank = findings.filter((f) => f.problem === 'blank line').length;
    const trimmed = findings.length - blank;
    const what = [blank > 0 ? `${count(blank, 'blank line')} removed` : '', trimmed > 0 ? `${count(trimmed, 'line')} trimmed` : ''].filter(Boolean);
    ctx.output.data(`formatted ${file.shown}: ${what.join(', ')}`);
  }
  ctx.output.data(changed === 0 ? `${count(files.length, 'file')} checked: nothing to change.` : `${count(changed, 'file')} of ${files.length} formatted.`);
  return ExitCode.ok;
}

/**
 * Writes the new text next to the file and renames it over the original (through a symbolic link,
 * to the file it names), keeping the file's mode: an interrupted fmt leaves the old file or the new
 * one, never half of one, and config.yaml stays readable by its owner only.
 */
async function replaceFile(path: string, text: string): Promise<void> {
  const target = await realpath(path);
  const { mode } = await stat(target);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { mode: mode & 0o777, flag: 'wx' });
    await chmod(temporary, mode & 0o777);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
