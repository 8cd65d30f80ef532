/** Where erlint's own package lives (its schemas and rule docs) and what version it is. */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  // The same code runs from `src/` under vitest and from `dist/src/` when built: walk up to our package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'erlint') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('erlint: cannot find its own package.json');
    dir = parent;
  }
}

/** Absolute path of the installed erlint package. */
export const packageRoot = findPackageRoot();
const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string; homepage: string; repository: { url: string } };

/** erlint's version, from its package.json. */
export const version: string = manifest.version;
/** Repository web address, used to derive documentation links. */
export const repositoryUrl: string = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Reads a JSON file shipped in the package (a schema), by path relative to the package root. */
export function readPackageJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(packageRoot, relativePath), 'utf8'));
}

/** Reads a text file shipped in the package (a rule doc), or undefined when it is missing. */
export function readPackageText(relativePath: string): string | undefined {
  const path = join(packageRoot, relativePath);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
