// `npm run build`, after the type check: bundles the CLI (src/main.ts and everything it imports,
// dependencies included) into one minified file, dist/alist-batch.cjs, and the start-up code that
// loads it (src/boot.ts) into dist/boot.js. Why one CommonJS file: bin/alist-batch.js compiles it
// through vm.Script with a V8 code cache kept between runs (src/boot.ts says why), which works for
// a classic script, not for ES modules; with the cache, what a command does not use costs nothing
// (its functions are never compiled), and without it (the first run) the whole file measured
// 10-25 ms slower than the ES-module chunks it replaced. Flat in dist/: src/version.ts reads
// ../package.json relative to the bundle. dist/build-id (a hash of the bundle) names its cache.
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const BUNDLE = join(OUT, 'alist-batch.cjs');

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/main.ts'],
  outfile: BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Maps for `node --enable-source-maps` when a stack trace must be read; never loaded otherwise.
  sourcemap: 'linked',
  // The dependencies' licence comments, once, in a file beside the bundle instead of inline.
  legalComments: 'linked',
  // src/version.ts finds package.json from import.meta.url, which a CommonJS file does not have.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'var __bundleUrl=require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
  metafile: true,
  plugins: [zodNamespace(), withoutHttp2()],
});
refuseWholeZod(result.metafile);
// src/boot.ts reads the bundle as Latin-1 (faster than UTF-8): that is the same text only for ASCII.
if (/[^\x00-\x7f]/.test(readFileSync(BUNDLE, 'latin1'))) throw new Error(`${BUNDLE} is not ASCII: src/boot.ts reads it as Latin-1`);
writeLicenses(result.metafile);
writeFileSync(join(OUT, 'build-id'), `${createHash('sha256').update(readFileSync(BUNDLE)).digest('hex').slice(0, 16)}\n`);

// The start-up code: an ES module of Node built-ins only, loaded by bin/alist-batch.js.
await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/boot.ts'],
  outfile: join(OUT, 'boot.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});

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
  // Every locale but English; the locales index alone is a few bytes of namespace (in a CommonJS bundle).
  const locales = bundled.filter(([path]) => /node_modules\/zod\/.*\/locales\/(?!en\.js|index\.js)/.test(path));
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
