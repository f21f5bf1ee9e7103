// `npm run build`, after the type check: bundles the CLI (src/main.ts and everything it imports,
// dependencies included) into dist/ as minified ES modules. Why a bundle: loading ~50 modules of
// ours plus undici, commander, zod and yaml file by file cost ~0.3 s of start-up; one minified
// file parses and compiles in a fraction of that. `splitting` keeps each command in its own chunk
// (src/cli.ts imports them with `import()`), so `validate` never loads the HTTP client.
// Flat in dist/ on purpose: src/version.ts reads ../package.json relative to its own chunk.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');

rmSync(OUT, { recursive: true, force: true });
await build({
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
});
