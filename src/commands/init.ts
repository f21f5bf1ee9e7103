import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { INIT_FILES } from '../config/templates.js';
import { AlistBatchError } from '../errors.js';
import { ExitCode, type CommandContext } from './context.js';
import { targetState, writeTargets, type InitTarget, type TargetState } from './init-write.js';

interface InitOptions {
  force?: boolean;
}

/** `alist-batch init [dir]`: writes commented example files; never overwrites without --force. */
export function initCommand(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  return new Command('init')
    .description('write example config.yaml, ali_share.yaml, pik_share.yaml and onedrive_app.yaml')
    .argument('[dir]', 'the folder to write them to (created if missing)', '.')
    .option('-f, --force', 'overwrite files that already exist (a symbolic link is replaced, not followed)')
    .action(async (dir: string, options: InitOptions) => {
      // Paths are shown as the user named them, and resolved against the context's working directory.
      const at = (path: string): string => resolve(ctx.cwd, path);
      if (await isFile(at(dir)))
        throw new AlistBatchError(`${dir} is a file, not a folder; nothing was written`, { hint: 'name a folder (it is created if missing)' });
      const targets: InitTarget[] = INIT_FILES.map((f) => ({ shown: join(dir, f.name), path: at(join(dir, f.name)), text: f.text, mode: f.mode }));
      // Everything is checked before anything is written.
      const states = await Promise.all(targets.map(targetState));
      refuseUnwritable(targets, states, options.force === true);
      await writeTargets(dir, at(dir), targets, options.force === true);
      targets.forEach((target, i) =>
        ctx.output.data(`wrote ${target.shown}${states[i]?.kind === 'symlink' ? ' (replacing a symbolic link; the file it pointed to is unchanged)' : ''}`),
      );
      const configPath = join(dir, 'config.yaml');
      ctx.output.info(`next: fill in ${configPath}, enable the sections you use, replace the example entries, then run: alist-batch validate -c ${configPath}`);
      setExitCode(ExitCode.ok);
    });
}

/**
 * A directory, FIFO or device where a file would go is never replaced; an existing file or a
 * symbolic link (dangling or not) only with --force.
 */
function refuseUnwritable(targets: readonly InitTarget[], states: readonly TargetState[], force: boolean): void {
  const blocked = targets.flatMap((t, i) => {
    const state = states[i];
    return state?.kind === 'other' ? [`${t.shown} (${state.what})`] : [];
  });
  if (blocked.length > 0) {
    throw new AlistBatchError(`not replacing ${blocked.join(', ')} with a file, not even with --force; nothing was written`, {
      hint: 'move it away, or name another folder',
    });
  }
  if (force) return;
  const existing = targets.flatMap((t, i) => {
    const kind = states[i]?.kind;
    return kind === 'file' ? [t.shown] : kind === 'symlink' ? [`${t.shown} (a symbolic link)`] : [];
  });
  if (existing.length > 0) {
    throw new AlistBatchError(`not overwriting existing ${existing.join(', ')}; nothing was written`, {
      hint: 'use --force to overwrite them (a symbolic link is replaced by a new file; the file it points to is left as it is), or name another folder',
    });
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return !(await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
