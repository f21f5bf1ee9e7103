// The layering of src/ as docs/architecture.md states it, checked on the source: which part may
// import which, no import cycles, and no source file over 300 lines.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const SRC = join(REPO_ROOT, 'src');

/** part -> the parts it may import (besides itself). Keep in step with docs/architecture.md. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  model: [],
  errors: ['model'],
  version: [],
  boot: [],
  drivers: ['model', 'errors'],
  config: ['model', 'errors', 'drivers'],
  alist: ['model', 'errors'],
  ui: ['model', 'errors'],
  sync: ['model', 'errors', 'drivers', 'ui'],
  commands: ['model', 'errors', 'drivers', 'config', 'alist', 'sync', 'ui', 'version'],
  cli: ['commands', 'ui', 'errors', 'version'],
  main: ['cli', 'commands', 'ui', 'errors', 'model'],
};

/** Files still over the limit while the structure issue is under way; must end up empty. */
const TOO_LONG_FOR_NOW: readonly string[] = [];
/** Imports that break the layering while the structure issue is under way; must end up empty. */
const CROSSINGS_FOR_NOW: readonly string[] = [];
/** Import cycles while the structure issue is under way; must end up empty. */
const CYCLES_FOR_NOW: readonly string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function partOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? (rel.split('/')[0] ?? '') : rel.replace(/\.ts$/, '');
}

/** The src files a file imports (static, dynamic and type-only imports alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f: string): string => relative(SRC, f);

describe('architecture', () => {
  it('every part imports only the parts docs/architecture.md allows', () => {
    const crossings: string[] = [];
    for (const [file, imports] of graph) {
      const from = partOf(file);
      for (const target of imports) {
        const to = partOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to)) crossings.push(`${name(file)} -> ${name(target)}`);
      }
    }
    expect(Object.keys(ALLOWED).sort()).toEqual(expect.arrayContaining([...new Set(files.map(partOf))].sort()));
    expect(crossings.sort()).toEqual([...CROSSINGS_FOR_NOW].sort());
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles.sort()).toEqual([...CYCLES_FOR_NOW].sort());
  });

  it('keeps every source file at 300 lines or fewer', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 301).map(name);
    expect(long.sort()).toEqual([...TOO_LONG_FOR_NOW].sort());
  });
});
