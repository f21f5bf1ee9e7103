import type { ChalkInstance } from 'chalk';
import { decideColorLevel, makeChalk, type ColorLevel } from './color.js';
import { SecretRedactor } from '../model/secrets.js';
import type { JsonDocument } from './json-document.js';
import type { ExportDocument } from './export-document.js';
import type { StatusDocument } from './status-document.js';

export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** What the command line says about output: `--no-color` turns colour off, `--json` prints documents. */
export interface OutputMode {
  color: boolean;
  json: boolean;
}

/**
 * Everything the tool prints goes through one Output: data on stdout, diagnostics and progress on
 * stderr, each value redacted. Colour is decided per stream, from the flags and environment; the
 * mode is set by the error boundary once commander has read the command line.
 */
export class Output {
  readonly redactor = new SecretRedactor();
  private palette: Palette;
  private mode: OutputMode = { color: true, json: false };

  constructor(readonly streams: OutputStreams) {
    this.palette = decidePalette(streams, this.mode.color);
  }

  setMode(mode: OutputMode): void {
    this.mode = { ...mode };
    this.palette = decidePalette(this.streams, mode.color);
  }

  /** Colour for stdout (data: plan, summaries). */
  get color(): ChalkInstance {
    return this.palette.color;
  }

  /** Colour for stderr (diagnostics, progress). */
  get errColor(): ChalkInstance {
    return this.palette.errColor;
  }

  get colorLevel(): ColorLevel {
    return this.palette.colorLevel;
  }

  /** With --json, stdout holds one JSON document and nothing else. */
  get json(): boolean {
    return this.mode.json;
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

  /**
   * The result of a command: with --json its document (secrets masked value by value, then
   * serialised as before), else the text for people. Without text, nothing is printed then. The
   * document may be given as a function: built only with --json (an entry per storage otherwise
   * made and dropped).
   */
  result(document: ResultDocument | (() => ResultDocument), text?: () => string): void {
    if (this.json) this.data(JSON.stringify(this.redactor.redactValues(typeof document === 'function' ? document() : document), null, 2));
    else if (text) this.data(text());
  }

  /** Text for people with no place in the JSON document: printed only without --json. */
  text(text: () => string): void {
    if (!this.json) this.data(text());
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

type ResultDocument = JsonDocument | StatusDocument | ExportDocument;

interface Palette {
  color: ChalkInstance;
  errColor: ChalkInstance;
  colorLevel: ColorLevel;
}

function decidePalette(streams: OutputStreams, colorFlag: boolean): Palette {
  const { env } = streams;
  const colorLevel = decideColorLevel({ colorFlag, env, isTTY: streams.stdout.isTTY === true });
  return { colorLevel, color: makeChalk(colorLevel), errColor: makeChalk(decideColorLevel({ colorFlag, env, isTTY: streams.stderr.isTTY === true })) };
}
