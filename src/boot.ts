/**
 * Start-up of the published CLI (bin/alist-batch.js): sets the V8 flags every run shares, then
 * compiles the bundle (dist/alist-batch.cjs) with a code cache kept between runs.
 *
 * Why our own cache: compiling ~1 MB of JavaScript, and then each function as it is first called,
 * is a large part of a run that lasts half a second. V8 can save what it compiled (a code cache)
 * and take it back in the next run; Node ≥ 22.1 offers that for modules (module.enableCompileCache)
 * but Node 20 does not, while vm.Script's cachedData works on every Node we support. Measured on
 * Node 20 (second run against the first): a no-op re-sync of 2,000 mounts ~70 ms less, validate of
 * 10,000 ~50 ms less, a cold apply of 1,000 ~70 ms less of CPU.
 *
 * The cache is one file per command (each compiles other functions), saved by the command's first
 * three runs, named after the bundle's build id, the Node version, the architecture and the
 * command, in a folder only this user may write to; any problem with it (missing, foreign, stale,
 * unwritable) only means compiling as without it. V8 itself refuses data made by another V8 version
 * or with other flags. Nothing here imports our modules.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** What the bundle exports (src/main.ts). */
export interface CliModule {
  runCli(argv: readonly string[]): Promise<number>;
}

export interface LoadedCli {
  readonly cli: CliModule;
  /** Saves the code compiled so far for the next runs, unless this run read the last generation. Never throws. */
  saveCodeCache(): void;
}

/** The commands of src/cli.ts (boot imports nothing of ours); one missing here would share the cache named `other`. */
const COMMANDS = new Set(['validate', 'plan', 'apply', 'status', 'export', 'init', 'fmt']);

/**
 * Flags for every run, set before anything is compiled: V8 accepts a code cache only from a process
 * with the same flags, and the HTTP client would otherwise set --liftoff-only halfway (dispatcher.ts).
 *
 * --interrupt-budget: in a run of a second or two V8's optimising compiler (TurboFan) compiled
 * dozens of functions on background threads that never paid back (with --trace-opt: 58 in a no-op
 * of 2,000 mounts, 184 in a cold apply of 1,000). With 16 times the default budget a function is
 * optimised only after 16 times the work: none in that no-op, 8 in that apply, while the long loops
 * of a validate of 100,000 still are (its time unchanged). CPU: no-op 60–90 ms, cold apply at 256
 * in flight 120–190 ms less.
 */
export function setRunFlags(): void {
  setFlagsFromString('--interrupt-budget=1081344');
  setFlagsFromString('--liftoff-only');
}

/**
 * How many runs of a command add to its cache. The first run's cache lacks what later runs of the
 * same command do differently (an apply that created everything, then one that finds everything in
 * place), so the next two runs save it again with what they compiled besides; from the third on it
 * is only read. Saving costs ~11 ms (V8 serialising ~0.6 MB), too much for every run.
 */
const LAST_GENERATION = 3;

/** The bundle compiled (from the cache where there is a usable one) and run up to its exports. */
export function loadCli(bundleFile: string, argv: readonly string[], env: NodeJS.ProcessEnv): LoadedCli {
  // Latin-1: the bundle is ASCII (esbuild escapes the rest; scripts/bundle.mjs checks), so this is
  // the same text, read without UTF-8 decoding into V8's compact one-byte strings (~3 ms of 1 MB).
  const source = readFileSync(bundleFile, 'latin1');
  const base = codeCacheBase(bundleFile, argv, env);
  const found = base === undefined ? undefined : readCache(base);
  // The CommonJS wrapper, as Node's own loader would add it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(found ? { cachedData: found.data } : {}),
  });
  const module = { exports: {} as CliModule };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  const generation = found !== undefined && script.cachedDataRejected !== true ? found.generation : 0;
  return {
    cli: module.exports,
    saveCodeCache: () => {
      if (base === undefined || generation >= LAST_GENERATION) return;
      writeQuietly(cacheFileOf(base, generation + 1), () => script.createCachedData());
    },
  };
}

/** The newest usable generation of a command's cache (the folder checked once, each file as it is tried). */
function readCache(base: string): { data: Buffer; generation: number } | undefined {
  if (!isPrivate(dirname(base), 'dir')) return undefined;
  for (let generation = LAST_GENERATION; generation >= 1; generation -= 1) {
    const file = cacheFileOf(base, generation);
    if (!isPrivate(file, 'file')) continue;
    try {
      return { data: readFileSync(file), generation };
    } catch {
      // Removed meanwhile (another run saved the next generation): an older one, or none.
    }
  }
  return undefined;
}

function cacheFileOf(base: string, generation: number): string {
  return `${base}.${generation}.bin`;
}

/** The path of this run's code cache without its generation, or undefined when there is to be none. */
function codeCacheBase(bundleFile: string, argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const dir = codeCacheDir(env);
  if (dir === undefined) return undefined;
  let buildId: string;
  try {
    buildId = readFileSync(join(dirname(bundleFile), 'build-id'), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!/^[0-9a-f]{8,64}$/.test(buildId)) return undefined;
  const command = argv.slice(2).find((arg) => COMMANDS.has(arg)) ?? 'other';
  return join(dir, `${buildId}-${process.version}-${process.arch}-${command}`);
}

/** ALIST_BATCH_CACHE_DIR, `off` for none; else the user's cache folder (XDG, macOS, Windows). */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const given = env.ALIST_BATCH_CACHE_DIR;
  if (given !== undefined && given !== '') return given === 'off' ? undefined : given;
  // As os.homedir() finds it, but from `env` (the tests give their own).
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homeOrUndefined();
  if (home === undefined) return join(tmpdir(), `alist-batch-cache-${process.getuid?.() ?? 'user'}`);
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'alist-batch', 'Cache');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'alist-batch');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'alist-batch');
}

function homeOrUndefined(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/**
 * Whether the path is a regular file (or folder) that only this user could have written: code from
 * a cache runs as this user's code. False for anything missing or unreadable.
 */
function isPrivate(path: string, kind: 'dir' | 'file'): boolean {
  try {
    return isOwnedPrivately(path, kind);
  } catch {
    return false;
  }
}

function isOwnedPrivately(path: string, kind: 'dir' | 'file'): boolean {
  const stat = lstatSync(path);
  if (kind === 'dir' ? !stat.isDirectory() : !stat.isFile()) return false;
  // Windows has no POSIX owner or mode bits here; the folder is the user's own profile.
  if (process.platform === 'win32' || process.getuid === undefined) return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * Written whole or not at all (a rename), in a private folder, and the caches of other builds
 * removed (each upgrade would otherwise leave ~1 MB per command behind); a failure leaves the run
 * unaffected.
 */
function writeQuietly(file: string, data: () => Buffer): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isOwnedPrivately(dir, 'dir')) return;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data(), { mode: 0o600 });
    renameSync(temporary, file);
    removeOthers(dir, basename(file));
  } catch {
    // No cache this time: the next run compiles again.
  }
}

/**
 * Cache files (ours by their name) of other builds or Node versions, and earlier generations of
 * this one; another run's temporary files are left alone.
 */
function removeOthers(dir: string, kept: string): void {
  const [buildId] = kept.split('-');
  const sameRun = `${buildId}-${process.version}-${process.arch}-`;
  const command = kept.replace(/\.\d+\.bin$/, '');
  for (const name of readdirSync(dir)) {
    if (!CACHE_FILE_NAME.test(name) || name === kept) continue;
    if (name.startsWith(sameRun) && name.replace(/\.\d+\.bin$/, '') !== command) continue;
    rmSync(join(dir, name), { force: true });
  }
}

const CACHE_FILE_NAME = /^[0-9a-f]{8,64}-v\d+\.\d+\.\d+-\w+-[a-z]+\.\d+\.bin$/;
