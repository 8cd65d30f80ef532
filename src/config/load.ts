/**
 * Config discovery with cosmiconfig: `package.json#erlint`, `.erlintrc`, `.erlintrc.json`,
 * `.erlintrc.yaml`, `.erlintrc.yml`, from the working directory up to the project root. Only JSON
 * and YAML are read: linting must never execute code from the repository it lints.
 */
import type { Loader } from 'cosmiconfig';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadSource, type SourceFile } from '../loader/load.js';

/** Where the config files may be, in the order cosmiconfig checks each directory. */
export const CONFIG_FILE_NAMES = ['package.json', '.erlintrc', '.erlintrc.json', '.erlintrc.yaml', '.erlintrc.yml'];

/** A config file as read: its parsed source (for positions) and the config value inside it. */
export interface ConfigFile {
  filePath: string;
  source: SourceFile;
  /** The config value; undefined when the file does not parse. */
  data: unknown;
  /** Where the config sits in the file: `/erlint` in package.json, the root elsewhere. */
  pointerPrefix: string;
}

// A CommonJS package, loaded with `require`: imported as an ES module, Node.js 20 would first scan
// its source for exports, and that scan took about a tenth of a warm pre-commit run.
const { cosmiconfig } = createRequire(import.meta.url)('cosmiconfig') as typeof import('cosmiconfig');

const parsed = new Map<string, SourceFile>();
// Every loader parses with our own YAML/JSON loader, so errors keep their positions; a file that
// does not parse yields an empty marker and is reported from `parsed`.
const loader: Loader = (filePath, content) => {
  const source = loadSource(filePath, content, filePath.endsWith('.json') ? 'json' : 'yaml');
  parsed.set(filePath, source);
  const doc = source.documents[0];
  return source.syntax.some((d) => d.severity === 'error') || !doc ? {} : (doc.data ?? null);
};

const explorer = cosmiconfig('erlint', {
  searchPlaces: CONFIG_FILE_NAMES,
  searchStrategy: 'none',
  loaders: { '.json': loader, '.yaml': loader, '.yml': loader, noExt: loader, '.js': refuse, '.mjs': refuse, '.cjs': refuse, '.ts': refuse },
  cache: false,
});

function refuse(filePath: string): never {
  throw new Error(`${filePath}: erlint reads JSON and YAML configs only; it never runs code from the repository`);
}

/** The nearest directory at or above `cwd` that holds `.git` or `package.json`, else `cwd`. */
export function projectRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Finds the config for `cwd`, or loads `explicitPath`; undefined when there is none. */
export async function findConfigFile(cwd: string, explicitPath?: string): Promise<ConfigFile | undefined> {
  parsed.clear();
  let result;
  if (explicitPath) {
    result = await explorer.load(resolve(cwd, explicitPath));
  } else {
    const root = projectRoot(cwd);
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      result = await explorer.search(dir);
      if (result || dir === root || dirname(dir) === dir) break;
    }
  }
  if (!result) return undefined;
  const source = parsed.get(result.filepath) ?? loadSource(result.filepath, '');
  const inPackageJson = basename(result.filepath) === 'package.json';
  const broken = source.syntax.some((d) => d.severity === 'error');
  return { filePath: result.filepath, source, data: broken ? undefined : result.config, pointerPrefix: inPackageJson ? '/erlint' : '' };
}
