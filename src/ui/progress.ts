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
  if (!options.spinner || !output.interactive) return lineLog(output);
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

/**
 * One line per finished item, written in batches: the items that settle in one turn of the event
 * loop (dozens at once with many requests in flight) go out in one write, not one write (and one
 * redaction pass) each. `stop` writes what is left, so nothing comes after the summary.
 */
function lineLog(output: Output): Progress {
  let pending: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const text = pending.join('\n');
    pending = [];
    output.info(text);
  };
  return {
    tick: (_settled, _total, line) => {
      pending.push(line);
      scheduled ??= setImmediate(flush);
    },
    stop: flush,
  };
}

/**
 * What the CLI is waiting for ("connecting to …", "logging in as …", "reading storages…"), on an
 * interactive terminal only: a one-line spinner on stderr. Elsewhere nothing at all, so logs and
 * pipes stay as they were. Lines printed meanwhile go through `interrupt`, above the spinner.
 */
export interface Activity {
  say(text: string): void;
  /** Prints something (a warning, a retry line) without the spinner's line getting in the way. */
  interrupt(print: () => void): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;

export function startActivity(output: Output, options: { spinner: boolean }): Activity {
  if (!options.spinner || !output.interactive) return { say: () => undefined, interrupt: (print) => print(), stop: () => undefined };
  const stderr = output.streams.stderr as Output['streams']['stderr'] & { columns?: number };
  let text: string | undefined;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const clear = (): void => void stderr.write('\r\x1b[K');
  const render = (): void => {
    if (text === undefined) return;
    // One line, never wrapped: a wrapped line could not be cleared with \r.
    const line = `${FRAMES[frame % FRAMES.length]} ${text}`.slice(0, Math.max(1, (stderr.columns ?? 80) - 1));
    stderr.write(`\r\x1b[K${output.errColor.cyan(line)}`);
    frame += 1;
  };
  return {
    say: (next) => {
      text = next;
      render();
      // Unref'd: a spinner left running by an error path never keeps the process alive.
      timer ??= setInterval(render, FRAME_MS).unref();
    },
    interrupt: (print) => {
      if (text !== undefined) clear();
      print();
      render();
    },
    stop: () => {
      clearInterval(timer);
      timer = undefined;
      if (text !== undefined) clear();
      text = undefined;
    },
  };
}
