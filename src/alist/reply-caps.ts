/**
 * How much of a reply the client reads at most. A server (or something posing as one) could answer
 * with a body of any size; without a cap the client would hold all of it in memory, and then twice
 * more as text and as parsed JSON. The storage list is the one reply that grows with the server (a
 * few kB per storage: 256 MB is tens of thousands of storages); every other reply is a few kB.
 */

/** The kind of reply a request expects, which decides its cap. */
export type ReplySize = 'small' | 'list';

export type ReplyCaps = Readonly<Record<ReplySize, number>>;

const MB = 1024 * 1024;

/** The storage list: every row with its addition. */
export const MAX_LIST_REPLY_BYTES = 256 * MB;
/** Everything else: settings, login, /api/me, one storage, a driver's form, a write's reply. */
export const MAX_REPLY_BYTES = 1 * MB;

export const DEFAULT_REPLY_CAPS: ReplyCaps = { small: MAX_REPLY_BYTES, list: MAX_LIST_REPLY_BYTES };

/** A cap for messages: "256 MB", "64 kB", "1000 bytes". */
export function describeBytes(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} kB`;
  return `${bytes} bytes`;
}

/** Counts a reply's bytes as they arrive; `add` says when the cap is passed. */
export class ReplyMeter {
  private received = 0;

  constructor(readonly cap: number) {}

  /** A declared Content-Length above the cap: refuse before reading anything. */
  declaredTooLarge(contentLength: unknown): boolean {
    const declared = Number(typeof contentLength === 'string' ? contentLength : NaN);
    return Number.isFinite(declared) && declared > this.cap;
  }

  /** → false once more than `cap` bytes have arrived. */
  add(bytes: number): boolean {
    this.received += bytes;
    return this.received <= this.cap;
  }
}
