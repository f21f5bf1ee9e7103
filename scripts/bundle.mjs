// `npm run build`, after the type check: bundles the CLI (src/main.ts and everything it imports,
// dependencies included) into dist/ as minified ES modules. Why a bundle: loading ~50 modules of
// ours plus undici, commander, zod and yaml file by file cost ~0.3 s of start-up; one minified
// file parses and compiles in a fraction of that. `splitting` keeps each command in its own chunk
// (src/cli.ts imports them with `import()`), so `validate` never loads the HTTP client.
// Flat in dist/ on purpose: src/version.ts reads ../package.json relative to its own chunk.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { 'alist-batch': 'src/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Maps for `node --enable-source-maps` when a stack trace must be read; never loaded otherwise.
  sourcemap: 'linked',
  chunkNames: 'chunk-[hash]',
  // The dependencies' licence comments, once, in a file beside the bundle instead of inline.
  legalComments: 'linked',
  // undici and commander are CommonJS: their require() of Node built-ins needs a real require in ESM.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
writeLicenses(result.metafile);

/**
 * The dependencies are inside the bundle, so their licences go with it: dist/LICENSES.txt holds,
 * for every package the bundle took code from, its name, version and licence text.
 */
function writeLicenses(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join(ROOT, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${license}`;
    return `${name}@${version} (${license})\n\n${text}`;
  });
  const header = 'alist-batch bundles the following packages (scripts/bundle.mjs); their licences follow.';
  writeFileSync(join(OUT, 'LICENSES.txt'), `${header}\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`);
}
