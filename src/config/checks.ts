import type { Diagnostic, SourceLocation } from '../errors.js';
import { quote } from '../model/display.js';
import { SERVER_ENV_OVERRIDES } from './overrides.js';
import { isTemplatePlaceholder } from './placeholders.js';
import { dottedPath, type PathSegment, type PlainTree } from './tree.js';

/**
 * What the rules on config.yaml share: the file's tree, where its shape was wrong, and what they
 * found (problems, and the secrets read, for the redactor). The rules check what needs more than
 * the shape: required keys of what is used, empty values, template placeholders.
 */
export class RuleContext {
  readonly diagnostics: Diagnostic[] = [];
  /** What does not make the files invalid but is likely a mistake (validate.ts shows them with the others). */
  readonly warnings: Diagnostic[] = [];
  readonly secrets: string[] = [];

  constructor(
    readonly tree: PlainTree,
    /** Dotted keys an ALIST_* variable or --password-stdin replaces (their file values are not used). */
    readonly overridden: ReadonlySet<string>,
    /** Where config.yaml's shape is wrong (schema.ts); those values are not in the parsed config. */
    private readonly problemPaths: readonly PathSegment[][],
  ) {}

  /** Whether schema.ts found a problem at this path or below it. */
  hasProblemWithin(path: readonly PathSegment[]): boolean {
    return this.problemPaths.some((problem) => path.every((segment, i) => problem[i] === segment));
  }

  /**
   * A string that will be sent or used: not empty, not a template placeholder. Messages never
   * echo the value itself unless it is a known placeholder (it may be a secret).
   */
  usedString(path: PathSegment[], value: string | null): string | undefined {
    if (this.tree.isReported(path)) return undefined;
    const where = this.tree.at(path);
    const name = dottedPath(path);
    if (value === null || value.trim() === '') {
      const hint = name === 'token' ? ' (write token: "" or remove the line when no token is used)' : '';
      this.report(where?.key, `empty value for ${name}${hint}`);
      return undefined;
    }
    if (isTemplatePlaceholder(value)) {
      const envName = Object.entries(SERVER_ENV_OVERRIDES).find(([, key]) => key === name)?.[0];
      // A password user keeps the template's token line: tell them what it must say instead.
      const fillIn = name === 'token' ? 'fill it in, or write token: "" to sign in with auth' : 'fill it in';
      this.report(where?.value, `${name} is still the template placeholder ${quote(value)}: ${fillIn}${envName ? ` (or set ${envName})` : ''}`);
      return undefined;
    }
    return value;
  }

  /** A required string: reported where its section starts when missing, else checked as a used string. */
  requiredString(path: PathSegment[], value: string | null | undefined): string | undefined {
    return value === undefined ? this.missing(path) : this.usedString(path, value);
  }

  /** A missing required key is reported where its parent section starts (unless its section is already reported). */
  missing(path: PathSegment[], hint?: string): undefined {
    if (this.tree.isReported(path)) return undefined;
    const parent = this.tree.at(path.slice(0, -1))?.key;
    const last = path[path.length - 1];
    this.report(parent, `missing required key "${String(last)}" in ${dottedPath(path.slice(0, -1))}${hint ? ` (${hint})` : ''}`);
    return undefined;
  }

  /** A warning at a place in config.yaml; without one, at its start. */
  warn(where: SourceLocation | undefined, message: string): void {
    this.warnings.push({ ...(where ?? { file: this.tree.file, line: 1, col: 1 }), severity: 'warning', message });
  }

  /** A problem at a place in config.yaml; without one, at its start. */
  report(where: SourceLocation | undefined, message: string): void {
    this.diagnostics.push({ ...(where ?? { file: this.tree.file, line: 1, col: 1 }), message });
  }
}
