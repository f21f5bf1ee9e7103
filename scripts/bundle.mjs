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
  plugins: [zodNamespace(), withoutHttp2()],
});
refuseWholeZod(result.metafile);
writeLicenses(result.metafile);

/**
 * `import { z } from 'zod'` binds zod's namespace as one value, and esbuild then keeps everything
 * the namespace holds: every locale, JSON Schema conversion, ~450 KB that each command compiled at
 * start-up. `import * as z from 'zod'` (what zod's own documentation writes) is the same binding
 * to the same exports, but esbuild sees each `z.object` as a use of that one export and leaves the
 * rest out (~85 KB). The sources keep the common spelling; the bundle reads it as the other.
 */
function zodNamespace() {
  const NAMED_Z = /^import \{ z \} from 'zod';$/gm;
  return {
    name: 'zod-namespace',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        return { contents: source.replace(NAMED_Z, "import * as z from 'zod';"), loader: 'ts' };
      });
    },
  };
}

/** A zod import the plugin did not rewrite would bring all of zod back: fail the build instead. */
function refuseWholeZod(metafile) {
  const bundled = Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0));
  const locales = bundled.filter(([path]) => /node_modules\/zod\/.*\/locales\/(?!en\.js)/.test(path));
  if (locales.length > 0) {
    throw new Error(`the bundle holds all of zod (${locales.length} locales): import zod as \`import { z } from 'zod';\` or \`import * as z from 'zod';\``);
  }
}

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

/**
 * undici's HTTP/2 client loads node:http2 (and with it tls) when the module is evaluated, ~10 ms of
 * every start-up, though alist-batch never asks for HTTP/2 (no dispatcher is made with allowH2).
 * undici itself handles a Node without http2: it catches the failed require and uses an empty
 * stand-in. The bundle gives it that stand-in from the start.
 */
function withoutHttp2() {
  return {
    name: 'without-http2',
    setup(build) {
      build.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
        /undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/.test(args.importer) ? { path: 'http2', namespace: 'without-http2' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'without-http2' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
    },
  };
}
