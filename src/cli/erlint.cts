#!/usr/bin/env node
/**
 * The `erlint` command. It compiles the command's bundle (`bundle.cjs`, made by
 * `scripts/build-cli.mjs`) with the V8 code cache that the build made of it, when there is one and
 * it was made of this very bundle, and runs it. Compiling the bundle's functions anew on every start
 * took 3% to 5% of a warm pre-commit run's instructions. V8 refuses a cache made by another version of
 * V8 or under other V8 flags, and then compiles as usual; a cache made of another text is not even
 * offered, since V8 itself compares only the length of the text.
 *
 * Only Node.js's own modules here: this file is what every run loads first.
 */
import crypto = require('node:crypto');
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

/** Where the bundle is, and its code cache: the SHA-256 of the bundle's text, then V8's data. */
const bundlePath = path.join(__dirname, 'bundle.cjs');
const codeCachePath = path.join(__dirname, 'bundle.v8cache');
const DIGEST_BYTES = 32;

function digestOf(source: Buffer): Buffer {
  return crypto.createHash('sha256').update(source).digest();
}

/** The bundle compiled (with the code cache when it fits), and how to run it as a CommonJS module. */
function compileBundle(useCodeCache = true): { script: vm.Script; run(): void } {
  const bytes = fs.readFileSync(bundlePath);
  let cachedData: Buffer | undefined;
  if (useCodeCache) {
    try {
      const cache = fs.readFileSync(codeCachePath);
      if (cache.length > DIGEST_BYTES && cache.subarray(0, DIGEST_BYTES).equals(digestOf(bytes))) cachedData = cache.subarray(DIGEST_BYTES);
    } catch {
      // No cache (a build that could not make one): compiled as usual.
    }
  }
  const source = bytes.toString('utf8');
  // The bundle starts with `#!`; the wrapper keeps its lines where they are.
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new vm.Script(Module.wrap(body), { filename: bundlePath, ...(cachedData ? { cachedData } : {}) });
  return {
    script,
    run() {
      // The bundle requires through `createRequire`, which finds packages from the bundle's place.
      const bundle = new Module(bundlePath, module);
      bundle.filename = bundlePath;
      const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
      wrapper.call(bundle.exports, bundle.exports, Module.createRequire(bundlePath), bundle, bundlePath, __dirname);
      bundle.loaded = true;
    },
  };
}

if (require.main === module) {
  let bundle: ReturnType<typeof compileBundle> | undefined;
  try {
    bundle = compileBundle();
  } catch (error) {
    // An install that lost a file: say which, not how Node.js fell over it.
    process.stderr.write(`erlint: cannot load its own code \`${bundlePath}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall erlint\n`);
    process.exitCode = 2;
  }
  bundle?.run();
}

// For `scripts/write-code-cache.cjs`, which makes the cache at build time.
export = { bundlePath, codeCachePath, digestOf, compileBundle };
