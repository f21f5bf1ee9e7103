import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { AlistBatchError, ValidationError } from '../errors.js';

/**
 * Reading config.yaml and the list files as text, whatever the path turns out to be: only regular
 * files are read, at most MAX_FILE_BYTES of them, and only valid UTF-8. Everything else is an error
 * that names the file and says what is wrong, never a hang, a stack trace or a silent U+FFFD.
 */

/** Far above any real config (10,000 mounts take about 1 MB), far below what would exhaust memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export class FileNotFound extends Error {}

/** A file's text (without a byte-order mark); FileNotFound when it does not exist. */
export async function readText(fsPath: string, displayName: string): Promise<string> {
  return decodeUtf8(await readBytes(fsPath, displayName), displayName);
}

async function readBytes(fsPath: string, displayName: string): Promise<Buffer> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a plain open of a FIFO waits for a writer, forever; for a regular file it changes nothing.
    handle = await open(fsPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw await openError(error, fsPath, displayName);
  }
  try {
    // Checked on the open file, not the path: what is read is what was checked.
    const info = await handle.stat();
    if (!info.isFile()) throw notAFile(info, displayName);
    if (info.size > MAX_FILE_BYTES) throw tooLarge(displayName);
    const bytes = await readAtMost(handle, MAX_FILE_BYTES).catch((error: unknown) => {
      throw new AlistBatchError(`cannot read ${displayName}: ${errorCode(error)}`);
    });
    // The size in stat may be stale (a file still being written): the bytes read are what count.
    if (!bytes) throw tooLarge(displayName);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The file's bytes, or undefined when there are more than `limit`. */
async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(CHUNK_BYTES), 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > limit) return undefined;
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

async function openError(error: unknown, fsPath: string, displayName: string): Promise<Error> {
  const code = errorCode(error);
  // ENOTDIR: a path through a file (`config.yaml/`), which is as absent as a missing one.
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const dangling = await lstat(fsPath).then(
      (found) => found.isSymbolicLink(),
      () => false,
    );
    return dangling ? new AlistBatchError(`${displayName} is a symbolic link to a file that does not exist`) : new FileNotFound(displayName);
  }
  if (code === 'ELOOP') return new AlistBatchError(`${displayName} is a symbolic link loop (or a chain of too many links); it leads to no file`);
  if (code === 'EACCES' || code === 'EPERM')
    return new AlistBatchError(`${displayName}: permission denied (alist-batch cannot read it; check its permissions)`);
  if (code === 'EISDIR') return new AlistBatchError(`${displayName} is a directory, not a file`);
  // A socket, or a device with nothing behind it.
  if (code === 'ENXIO') return new AlistBatchError(`${displayName} is not a regular file; alist-batch reads only regular files`);
  return new AlistBatchError(`cannot read ${displayName}: ${code}`);
}

function notAFile(info: Stats, displayName: string): AlistBatchError {
  if (info.isDirectory()) return new AlistBatchError(`${displayName} is a directory, not a file`);
  const kind = info.isFIFO() ? 'a FIFO' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isSocket() ? 'a socket' : 'not a file';
  return new AlistBatchError(`${displayName} is not a regular file (${kind}); alist-batch reads only regular files`);
}

function tooLarge(displayName: string): AlistBatchError {
  return new AlistBatchError(`${displayName}: larger than 64 MB; alist-batch reads config and list files up to 64 MB`);
}

/** An error's errno code (ENOENT, …), or its message. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

// --- UTF-8 --------------------------------------------------------------------------------------

/** The text, without a byte-order mark; invalid UTF-8 is a problem at its line:col, not a U+FFFD. */
function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    // The default (ignoreBOM: false) drops a leading byte-order mark, as the old tools did.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    // (lastIndexOf with a negative start would search from the end.)
    const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
    const line = countNewlines(bytes, lineStart) + 1;
    // Columns count UTF-16 units of the decoded line, as every other position does (YAML's LineCounter).
    const col = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new ValidationError([{ file, line, col, message: `invalid UTF-8 (byte 0x${byte}; the file must be UTF-8 text: save it as UTF-8)` }]);
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count += 1;
  return count;
}

/**
 * Where the first ill-formed sequence starts (the rules of the Unicode standard's table 3-7, which
 * TextDecoder applies): no overlong forms, no surrogates, nothing above U+10FFFF, nothing cut off.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const length = sequenceLength(lead);
    if (length === 1) {
      i += 1;
      continue;
    }
    if (length === 0) return i;
    const [low, high] = secondByteRange(lead);
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const ok = next !== undefined && (k === 1 ? next >= low && next <= high : next >= 0x80 && next <= 0xbf);
      if (!ok) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** 1 for ASCII, 2–4 for a valid lead byte, 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
