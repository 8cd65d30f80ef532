// Part of `npm run build`, after the bundle (`scripts/build-cli.mjs` runs it): makes V8's code cache
// of the command's bundle, `dist/src/cli/bundle.v8cache`. V8 keeps in it the functions compiled so
// far, so the bundle first runs here the way users run it, on a copy of the shipped example: a whole
// workspace with `--cache`, then one changed file against that cache (the pre-commit case). The
// cache starts with the SHA-256 of the bundle it was made of; the command uses it only for that text.
'use strict';
const { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { bundlePath, codeCachePath, compileBundle, digestOf } = require('../dist/src/cli/erlint.cjs');

const example = join(__dirname, '..', 'examples', 'hub-and-spoke');
const work = mkdtempSync(join(tmpdir(), 'erlint-code-cache-'));
cpSync(example, work, { recursive: true });
process.chdir(work);

const runs = [
  { args: ['-f', 'json', '-o', 'whole.json', '--cache', '--cache-location', 'erlint.cache'] },
  { before: () => appendFileSync('circuits.yaml', '# changed\n'), args: ['-f', 'json', '-o', 'one.json', '--cache', '--cache-location', 'erlint.cache', 'circuits.yaml'] },
];

rmSync(codeCachePath, { force: true });
const { script, run } = compileBundle(false);
let next = 0;
let failed = false;
let runCode;
function start() {
  const { before, args } = runs[next++];
  before?.();
  process.argv = [process.argv[0], bundlePath, ...args];
  run();
}
// The command ends its process once its output is flushed (`exitOnceFlushed` in `src/cli/main.ts`):
// here that ends a run, and the next one starts in the same process, so that the cache holds what
// every run compiled.
const exit = process.exit.bind(process);
process.exit = (code) => {
  runCode = code ?? process.exitCode;
  if (runCode !== undefined && runCode !== 0) failed = true;
  if (!failed && next < runs.length) setImmediate(start);
  else exit(failed ? 1 : 0);
};
process.on('exit', () => {
  rmSync(work, { recursive: true, force: true });
  if (failed || next < runs.length) {
    process.stderr.write(`write-code-cache: run ${next} of the bundle on the example ended with exit code ${runCode ?? process.exitCode}; no code cache written\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(codeCachePath, Buffer.concat([digestOf(readFileSync(bundlePath)), script.createCachedData()]));
});
start();
