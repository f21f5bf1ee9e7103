/**
 * Runs `worker` over `items` with at most `concurrency` in flight, starting them in array order
 * (so a run is reproducible). Once `stopped()` says so (Ctrl-C, a refused login), no further item
 * is started; those items get `onSkipped` instead. Resolves when every started item has settled.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
  options: { stopped?: () => boolean; onSkipped?: (item: T) => void } = {},
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      if (options.stopped?.()) {
        options.onSkipped?.(item);
        continue;
      }
      await worker(item);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane);
  await Promise.all(lanes);
}
