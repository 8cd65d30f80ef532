#!/usr/bin/env node
// Part of `npm run build`, last: bundles the command line into one CommonJS file,
// `dist/src/cli/bundle.cjs`, which the `erlint` bin (`dist/src/cli/erlint.cjs`, from
// `src/cli/erlint.cts`) compiles with a V8 code cache made here (`scripts/write-code-cache.cjs`).
// Node.js 20 reads and compiles each of the ~80 ES modules of a start on its own; from one file the
// command starts about 60 ms sooner, a sixth of a warm pre-commit run. As CommonJS it skips Node.js's
// ES module loader as well: `erlint --version` took 206 ms against 225 ms as one ES module (medians
// of 25, interleaved).
//
// The bundle holds erlint's own modules, the schema validators compiled ahead of time (worker
// threads load them from `../schema/`, as the library does) and the packages every run needs at
// start (cosmiconfig, picomatch, tinyglobby, ipaddr.js and what they load). Inside, they skip
// Node.js's module resolution and come out of the code cache compiled. The packages' licences go
// beside it, in `bundle.licenses.txt`. The packages a run loads only when it needs them stay outside
// and load as installed (`LOADED_WHEN_NEEDED`), and so does the worker thread's module, which the
// bundle finds at the same relative place as the modules it holds (`../workspace/`), through the URL
// of its own file where the modules use `import.meta.url`. The library (`dist/src/index.js`) is not
// bundled and stays an ES module.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'dist', 'src', 'cli');

/**
 * Packages a run loads only when it needs them, and those of cosmiconfig's loaders for JavaScript
 * and TypeScript, which erlint replaces with one that refuses: they are never loaded. (cosmiconfig
 * reads every `package.json` it meets with its own JSON loader, parse-json: that one is inside.)
 */
const LOADED_WHEN_NEEDED = ['yaml', 'js-yaml', 'ajv', 'ajv/*', 'ajv-formats', 'eslint-formatter-pretty', 'fastest-levenshtein', 'typescript', 'import-fresh'];
/**
 * The library loads these CommonJS packages with `createRequire` (as ES imports, Node.js 20 would
 * first scan each one's source for its exports); in the bundle they become plain `require`s, which
 * esbuild follows.
 */
const AT_START = /createRequire\(import\.meta\.url\)\('(cosmiconfig|picomatch|ipaddr\.js)'\)/g;
/** The schema validators compiled at build time, named in full in `src/schema/validator.ts`: inside too. */
const PREBUILT_VALIDATORS = /requireHere\('(\.\.\/schema\/(?:topology|config)-validator\.cjs)'\)/g;

const result = await build({
  entryPoints: [join(cliDir, 'main.js')],
  outfile: join(cliDir, 'bundle.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: LOADED_WHEN_NEEDED,
  inject: [join(root, 'scripts', 'import-meta-url.mjs')],
  define: { 'import.meta.url': 'importMetaUrl' },
  metafile: true,
  logLevel: 'warning',
  plugins: [{
    name: 'packages-at-start',
    setup(builder) {
      // Their CommonJS builds, as Node.js loads them for `require`: fdir's ES module build looks
      // picomatch up through `createRequire`, which a bundle can only do at run time.
      builder.onResolve({ filter: /^(tinyglobby|fdir)$/ }, (args) => args.kind === 'require-call' ? undefined
        : builder.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir }));
      builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => ({ contents: readFileSync(args.path, 'utf8').replace(AT_START, "require('$1')").replace(PREBUILT_VALIDATORS, "require('$1')"), loader: 'js' }));
    },
  }],
});

// The licence of every package inside the bundle, from its own package.json and licence file.
const packageDirs = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packageDirs.add(join(root, match[1]));
}
const notices = [...packageDirs].sort().map((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : `${pkg.license} (no licence file in the package)`;
  return `${pkg.name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
});
writeFileSync(join(cliDir, 'bundle.licenses.txt'), `The erlint command's bundle (bundle.cjs) holds these packages:\n\n${notices.join('\n---\n\n')}`);

chmodSync(join(cliDir, 'erlint.cjs'), 0o755);
const codeCache = spawnSync(process.execPath, [join(root, 'scripts', 'write-code-cache.cjs')], { stdio: 'inherit' });
if (codeCache.status !== 0) process.exit(1);
