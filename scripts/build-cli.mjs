#!/usr/bin/env node
// Part of `npm run build`, last: bundles the command line with erlint's own modules into one
// CommonJS file, `dist/src/cli/bundle.cjs`, which the `erlint` bin (`dist/src/cli/erlint.cjs`, from
// `src/cli/erlint.cts`) compiles with a V8 code cache made here (`scripts/write-code-cache.cjs`).
// Node.js 20 reads and compiles each of the ~80 ES modules of a start on its own; from one file the
// command starts about 60 ms sooner, a sixth of a warm pre-commit run. As CommonJS it skips Node.js's
// ES module loader as well: `erlint --version` took 206 ms against 225 ms as one ES module (medians
// of 25, interleaved). Packages stay outside the bundle (they load as installed), and so do the files
// erlint finds at run time: the validators compiled ahead of time and the worker thread's module,
// which the bundle finds at the same relative places as the modules it holds (`../schema/`,
// `../workspace/`), through the URL of its own file where the modules use `import.meta.url`. The
// library (`dist/src/index.js`) is not bundled and stays an ES module.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
  outfile: join(root, 'dist', 'src', 'cli', 'bundle.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  inject: [join(root, 'scripts', 'import-meta-url.mjs')],
  define: { 'import.meta.url': 'importMetaUrl' },
  logLevel: 'warning',
});
chmodSync(join(root, 'dist', 'src', 'cli', 'erlint.cjs'), 0o755);
const codeCache = spawnSync(process.execPath, [join(root, 'scripts', 'write-code-cache.cjs')], { stdio: 'inherit' });
if (codeCache.status !== 0) process.exit(1);
