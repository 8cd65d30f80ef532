/**
 * Layers point down: cli → index → engine → loader / schema / model; rules import only the rule
 * kit. The engine, the model, the loader and the rules never touch the file system.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/fixtures.js';

/** What each layer may import (first matching prefix wins; paths relative to the repository). */
const ALLOWED: [string, string[]][] = [
  ['src/types.ts', []],
  ['src/pointer.ts', []],
  ['src/char-codes.ts', []],
  ['src/sorted.ts', []],
  ['src/suggest.ts', []],
  ['src/package-info.ts', []],
  ['src/facts/', ['src/model/types.ts']],
  ['src/net/', ['src/net/', 'src/char-codes.ts', 'src/sorted.ts']],
  ['src/registry/', ['src/registry/', 'src/net/', 'src/loader/', 'src/types.ts']],
  // A document carries the entities made of it when the thread that read it made them (`modelFile`).
  ['src/loader/', ['src/loader/', 'src/model/types.ts', 'src/types.ts', 'src/pointer.ts', 'src/char-codes.ts', 'src/sorted.ts']],
  // A file's links hold the address ranges of its subnets (`model/links.ts`).
  ['src/model/', ['src/model/', 'src/net/', 'src/types.ts', 'src/pointer.ts']],
  ['src/schema/', ['src/schema/', 'src/net/', 'src/types.ts', 'src/pointer.ts', 'src/suggest.ts', 'src/package-info.ts']],
  ['src/engine/', ['src/engine/', 'src/loader/', 'src/schema/', 'src/model/', 'src/facts/', 'src/registry/', 'src/net/', 'src/types.ts', 'src/pointer.ts', 'src/suggest.ts']],
  ['src/config/', ['src/config/', 'src/schema/', 'src/loader/', 'src/engine/rule.ts', 'src/types.ts', 'src/suggest.ts', 'src/package-info.ts']],
  ['src/formatters/', ['src/formatters/', 'src/types.ts']],
  // Reading files in worker threads or from the cache includes the per-file schema check; the cache
  // keeps each file's links.
  ['src/workspace/', ['src/workspace/', 'src/loader/', 'src/engine/check-file.ts', 'src/model/links.ts', 'src/types.ts']],
  ['src/rule-kit.ts', ['src/types.ts', 'src/pointer.ts', 'src/model/', 'src/facts/', 'src/net/', 'src/registry/', 'src/suggest.ts']],
  // The command's starter runs before anything else is loaded: Node.js's modules only.
  ['src/cli/erlint.cts', []],
  ['src/cli/', ['src/cli/', 'src/index.ts']],
  ['src/index.ts', ['src/', 'rules/index.ts']],
  ['rules/index.ts', ['rules/', 'src/rule-kit.ts']],
  ['rules/', ['src/rule-kit.ts']],
];

/** Layers that must stay pure: no file system, no processes, no network. */
const PURE = ['src/types.ts', 'src/pointer.ts', 'src/char-codes.ts', 'src/sorted.ts', 'src/suggest.ts', 'src/facts/', 'src/net/', 'src/registry/', 'src/loader/', 'src/model/', 'src/engine/', 'src/formatters/', 'src/rule-kit.ts', 'src/schema/to-findings.ts', 'src/schema/formats.ts', 'rules/'];
const IMPURE_MODULES = /^node:(fs|fs\/promises|child_process|net|http|https|worker_threads)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(repoRoot, path)).isDirectory()) return sourceFiles(path);
    return entry.endsWith('.ts') || entry.endsWith('.cts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  // ES imports, dynamic imports, and CommonJS's `import x = require('...')` (the command's starter).
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

const files = [...sourceFiles('src'), ...sourceFiles('rules')];

describe('architecture', () => {
  it('finds the source files', () => {
    expect(files).toContain('src/engine/run.ts');
    expect(files).toContain('rules/topology-unique-names.ts');
    expect(files).toContain('src/cli/erlint.cts');
  });

  it.each(files)('%s imports only what its layer may', (file) => {
    const allowed = ALLOWED.find(([prefix]) => file === prefix || (prefix.endsWith('/') && file.startsWith(prefix)))?.[1];
    expect(allowed, `no layer declared for ${file}`).toBeDefined();
    const problems: string[] = [];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        if (PURE.some((p) => file === p || (p.endsWith('/') && file.startsWith(p))) && IMPURE_MODULES.test(spec)) problems.push(`${file} may not import ${spec} (a pure layer)`);
        continue;
      }
      const target = relative(repoRoot, resolve(repoRoot, dirname(file), spec)).replace(/\.js$/, '.ts');
      if (!allowed!.some((a) => target === a || (a.endsWith('/') && target.startsWith(a)))) problems.push(`${file} may not import ${target}`);
    }
    expect(problems).toEqual([]);
  });
});
