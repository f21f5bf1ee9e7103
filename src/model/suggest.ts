/** "did you mean ...?" for a misspelt key: the nearest known key, if it is near enough. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Close enough to be a typo, or one name contains the other (aliyun → aliyun_share).
  const limit = Math.max(2, Math.floor(word.length / 3));
  if (best !== undefined && (bestDistance <= limit || best.includes(word) || word.includes(best))) return best;
  return undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = nearest(word, candidates);
  return hit === undefined ? `known keys: ${candidates.join(', ')}` : `did you mean "${hit}"?`;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
