import type { Output } from './output.js';

/**
 * Progress of a long run. On an interactive terminal: an ora spinner on stderr ("12/120 applied").
 * Elsewhere (CI, pipes, --json): plain lines on stderr, one per finished item, no control codes.
 */
export interface Progress {
  /** An item finished; `line` is its log line (printed as is where there is no spinner). */
  tick(settled: number, total: number, line: string, important: boolean): void;
  stop(): void;
}

export async function startProgress(output: Output, label: string, total: number, options: { spinner: boolean }): Promise<Progress> {
  if (!options.spinner || !output.interactive) {
    return {
      tick: (_settled, _total, line) => output.info(line),
      stop: () => undefined,
    };
  }
  // Loaded only here: pipes and CI never need the spinner's code.
  const { default: ora } = await import('ora');
  const spinner = ora({
    text: `0/${total} ${label}`,
    stream: output.streams.stderr,
    // ora decides colour on its own (ignoring NO_COLOR): follow our decision instead.
    color: output.errColor.level > 0 ? 'cyan' : false,
    // ora's default puts stdin in raw mode, which turns Ctrl-C into a key nobody reads: keep it a signal.
    discardStdin: false,
  }).start();
  return {
    tick: (settled, total, line, important) => {
      // Failures stay on screen above the spinner; successes only move the counter.
      if (important) {
        spinner.clear();
        output.info(line);
      }
      spinner.text = `${settled}/${total} ${label}`;
      spinner.render();
    },
    stop: () => spinner.stop(),
  };
}
