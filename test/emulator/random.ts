/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomSource {
  next(): number;
  hex(length: number): string;
  chars(length: number): string;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomSource(seed: number): RandomSource {
  const next = mulberry32(seed);
  const pick = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)] ?? '';
    return out;
  };
  return { next, hex: (length) => pick('0123456789abcdef', length), chars: (length) => pick(ALNUM, length) };
}

/**
 * Independent streams per purpose (faults, tokens, rotation, driver-name order), so that e.g. an extra
 * login does not shift which request a probabilistic fault hits.
 */
export function randomStreams(seed: number) {
  return {
    faults: randomSource(seed),
    tokens: randomSource(seed ^ 0x5bd1e995),
    rotation: randomSource(seed ^ 0x1b873593),
    order: randomSource(seed ^ 0x27d4eb2f),
  };
}
export type RandomStreams = ReturnType<typeof randomStreams>;
