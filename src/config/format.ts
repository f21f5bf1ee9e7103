import { dirname, join } from 'node:path';
import { SECTION_MODULES } from '../drivers/index.js';
import { FILE_SECTIONS } from './file-sections.js';
/**
 * `alist-batch fmt`: what it changes in a file, as a pure function of the text. It removes what the
 * strict rules refuse and nothing else: blank and whitespace-only lines, and spaces or tabs at the
 * end of a line. Comments, order, quoting and values stay exactly as written, as do the line
 * endings (LF or CRLF) and whether the file ends with a newline.
 */
export interface FormatFinding {
  /** 1-based, in the file as it is now. */
  readonly line: number;
  readonly problem: 'blank line' | 'trailing whitespace';
}

export interface FormatResult {
  readonly text: string;
  readonly findings: readonly FormatFinding[];
}

export function formatText(text: string): FormatResult {
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  const kept: string[] = [];
  const findings: FormatFinding[] = [];
  lines.forEach((raw, index) => {
    const crlf = raw.endsWith('\r');
    const line = crlf ? raw.slice(0, -1) : raw;
    const trimmed = line.replace(/[ \t]+$/, '');
    if (trimmed === '') {
      findings.push({ line: index + 1, problem: 'blank line' });
      return;
    }
    if (trimmed !== line) findings.push({ line: index + 1, problem: 'trailing whitespace' });
    kept.push(crlf ? `${trimmed}\r` : trimmed);
  });
  const out = kept.join('\n') + (endsWithNewline && kept.length > 0 ? '\n' : '');
  return { text: out, findings };
}

/**
 * The files fmt looks at, shown as the user named them: config.yaml, then every list file a
 * driver's section can name (both namings) that exists next to it — enabled or not, since a
 * section may be enabled later and the old tools' files all share the one folder; then shares.yaml
 * and storages.yaml (the same no-blank-line rule).
 */
export function listFileNames(configPath: string): string[] {
  const folder = dirname(configPath);
  const names = [...SECTION_MODULES.flatMap((module) => Object.values(module.section.files)), ...Object.values(FILE_SECTIONS)];
  return names.map((name) => join(folder, name));
}
