import type { ChalkInstance } from 'chalk';
import { decideColorLevel, makeChalk, type ColorLevel } from './color.js';
import { SecretRedactor } from '../model/secrets.js';

export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * Everything the tool prints goes through one Output: data on stdout, diagnostics and progress on
 * stderr, each line redacted. Colour is decided once per stream, from the flags and environment.
 */
export class Output {
  readonly redactor = new SecretRedactor();
  /** Colour for stdout (data: plan, summaries). */
  readonly color: ChalkInstance;
  /** Colour for stderr (diagnostics, progress). */
  readonly errColor: ChalkInstance;
  readonly colorLevel: ColorLevel;

  constructor(
    readonly streams: OutputStreams,
    colorFlag = true,
  ) {
    const env = streams.env;
    this.colorLevel = decideColorLevel({ colorFlag, env, isTTY: streams.stdout.isTTY === true });
    this.color = makeChalk(this.colorLevel);
    this.errColor = makeChalk(decideColorLevel({ colorFlag, env, isTTY: streams.stderr.isTTY === true }));
  }

  get env(): NodeJS.ProcessEnv {
    return this.streams.env;
  }

  /**
   * True when stderr is an interactive terminal fit for a spinner. A terminal that reports no width
   * (`docker run -t` before a resize) makes a spinner redraw forever, so it counts as none.
   */
  get interactive(): boolean {
    const stderr = this.streams.stderr as OutputStreams['stderr'] & { columns?: number };
    return stderr.isTTY === true && (stderr.columns ?? 0) > 0 && this.env.TERM !== 'dumb' && !this.env.CI;
  }

  /** Writes data (one or more lines) to stdout. */
  data(text: string): void {
    this.streams.stdout.write(this.redactor.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Writes a diagnostic or progress line to stderr. */
  info(text: string): void {
    this.streams.stderr.write(this.redactor.redact(text.endsWith('\n') ? text : `${text}\n`));
  }

  warn(text: string): void {
    this.info(`${this.errColor.yellow('warning:')} ${text}`);
  }

  error(text: string): void {
    this.info(`${this.errColor.red('error:')} ${text}`);
  }
}
