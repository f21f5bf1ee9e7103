import type { Diagnostic } from '../errors.js';

const MISSING = /^missing required key "([^"]+)"(?: in (\S+))?/;
const UNKNOWN = /^(?:unknown top-level key|unknown key in ([^:]+):) .*; did you mean "([^"]+)"\?$/;

/**
 * One misspelt key is one mistake: `refresh_tokn:` is both an unknown key ("did you mean
 * refresh_token?") and a missing refresh_token. The unknown key says where and what to do, so the
 * "missing" report of the key it suggests, in the same section, is dropped.
 */
export function oneReportPerTypo(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const suggested = new Set<string>();
  for (const d of diagnostics) {
    const unknown = UNKNOWN.exec(d.message);
    if (unknown) suggested.add(`${unknown[1] ?? ''}\n${unknown[2] ?? ''}`);
  }
  return diagnostics.filter((d) => {
    const missing = MISSING.exec(d.message);
    return !missing || !suggested.has(`${missing[2] ?? ''}\n${missing[1] ?? ''}`);
  });
}
