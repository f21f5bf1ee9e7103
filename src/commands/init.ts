import { Command } from 'commander';
import { access, chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { INIT_FILES } from '../config/templates.js';
import { AlistBatchError } from '../errors.js';
import { ExitCode, type CommandContext } from './context.js';

interface InitOptions {
  force?: boolean;
}

/** `alist-batch init [dir]`: writes commented example files; never overwrites without --force. */
export function initCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return new Command('init')
    .description('write example config.yaml, ali_share.yaml, pik_share.yaml and onedrive_app.yaml')
    .argument('[dir]', 'the folder to write them to (created if missing)', '.')
    .option('-f, --force', 'overwrite files that already exist')
    .action(async (dir: string, options: InitOptions) => {
      // Paths are shown as the user named them, and resolved against the context's working directory.
      const at = (path: string): string => resolve(ctx.cwd, path);
      if (await isFile(at(dir)))
        throw new AlistBatchError(`${dir} is a file, not a folder; nothing was written`, { hint: 'name a folder (it is created if missing)' });
      const targets = INIT_FILES.map((f) => ({ ...f, path: join(dir, f.name) }));
      if (!options.force) {
        const existing = (await Promise.all(targets.map(async (t) => ((await exists(at(t.path))) ? t.path : undefined)))).filter((p) => p !== undefined);
        if (existing.length > 0) {
          throw new AlistBatchError(`not overwriting existing ${existing.join(', ')}; nothing was written`, {
            hint: 'use --force to overwrite them, or name another folder',
          });
        }
      }
      await mkdir(at(dir), { recursive: true });
      for (const target of targets) {
        // 'wx' fails if the file appeared since the check: still never overwrites without --force.
        await writeFile(at(target.path), target.text, { mode: target.mode, flag: options.force ? 'w' : 'wx' });
        // `mode` applies only when a file is created: an overwritten config.yaml keeps its old mode
        // unless set here, and it holds the admin password (owner-only modes are enforced).
        if (options.force && (target.mode & 0o077) === 0) await chmod(at(target.path), target.mode);
        ctx.output.data(`wrote ${target.path}`);
      }
      const configPath = join(dir, 'config.yaml');
      ctx.output.info(`next: fill in ${configPath}, enable the sections you use, replace the example entries, then run: alist-batch validate -c ${configPath}`);
      setExitCode(ExitCode.ok);
    });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return !(await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
