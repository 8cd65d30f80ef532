/** The paths the workspace glob gives: native and normalized, as `resolve` would make them; what the default workspace holds. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import type picomatchType from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILES, DEFAULT_IGNORES } from '../src/config/resolve.js';
import { globFiles, nativePath } from '../src/workspace/files.js';

const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType;

describe('paths from the glob', () => {
  it('are what `resolve` makes of them, whether or not it is called', () => {
    const segment = fc.constantFrom('a', 'b.yaml', '.', '..', '', '.hidden', '..b', 'c.', '...');
    fc.assert(fc.property(fc.boolean(), fc.array(segment, { maxLength: 6 }), (absolute, segments) => {
      const path = `${absolute ? '/' : ''}${segments.join('/')}`;
      expect(nativePath(path)).toBe(resolve(path));
    }), { numRuns: 5000, seed: 5 });
  });
});

describe('the default workspace', () => {
  it('leaves out dependencies, build output, git and Node.js project files, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-defaults-'));
    const kept = [
      'a.yaml', 'net/b.yml', 'net/deep/c.json', '.hidden/d.yaml', 'distx/e.yaml', 'x.node_modules/f.yaml',
      'package.jsonx.json', 'xpackage.json', 'tsconfig.yaml', '.pre-commit-x.yml', 'net/dist.yaml',
    ];
    const left = [
      'node_modules/a.yaml', 'net/node_modules/pkg/b.json', '.git/c.yaml', 'dist/d.json', 'net/dist/e.yaml',
      'package.json', 'net/package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'net/tsconfig.x.json',
      '.erlintrc.yaml', 'net/.erlintrc.json', '.pre-commit-config.yaml', '.pre-commit-hooks.yaml',
    ];
    try {
      for (const path of [...kept, ...left]) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), 'version: 1\n');
      }
      const found = await globFiles(dir, DEFAULT_FILES, DEFAULT_IGNORES);
      // Dot files and directories are left out by the `files` globs themselves (`.hidden/`, `.pre-commit-x.yml`).
      const expected = kept.filter((p) => !p.split('/').some((s) => s.startsWith('.')));
      expect(found.map((f) => relative(dir, f).split(sep).join('/')).sort()).toEqual(expected.sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores what each default pattern names, as eight separate patterns would', () => {
    const separate = picomatch([
      '**/node_modules/**', '**/.git/**', '**/dist/**', '**/package.json', '**/package-lock.json',
      '**/tsconfig*.json', '**/.erlintrc*', '**/.pre-commit-*.yaml',
    ], { dot: true });
    const merged = picomatch(DEFAULT_IGNORES, { dot: true });
    const name = fc.constantFrom('node_modules', '.git', 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.x.json', '.erlintrc', '.erlintrc.yaml', '.pre-commit-config.yaml', 'a.yaml', 'distx', 'xdist', 'git', 'node_modulesx', 'package.jsonx', '');
    fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), (segments, slash) => {
      const path = segments.join('/') + (slash ? '/' : '');
      expect(merged(path)).toBe(separate(path));
    }), { numRuns: 5000, seed: 8 });
  });
});
