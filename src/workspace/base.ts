/**
 * The previous version of the workspace, for change-aware rules: from a git revision (`--base REF`,
 * read with git itself, no checkout, so it works in a shallow CI clone once the base is fetched) or
 * from a copy on disk (`--baseline PATH`).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve, sep } from 'node:path';
import { formatOf, loadSource, type SourceFile } from '../loader/load.js';
import { globFiles } from './files.js';

/** The base workspace: parsed files, and where each one lives in the current workspace. */
export interface BaseWorkspace {
  /** `HEAD~1` or `baseline`: how messages name the base. */
  label: string;
  /** Base files; their `path` is the label form `REF:relative/path` that messages quote. */
  files: SourceFile[];
  /** Base file path to the absolute path the same file has (or had) in the current workspace. */
  currentPathOf: Map<string, string>;
}

/** Why the base could not be read (exit 2). */
export class BaseError extends Error {}

const requireHere = createRequire(import.meta.url);

function git(cwd: string, args: string[], input?: string): Buffer {
  // Loaded here: most runs have no base, and child_process (with net) costs about 10 ms to load.
  const { spawnSync } = requireHere('node:child_process') as typeof import('node:child_process');
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.error) throw new BaseError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new BaseError(result.stderr.toString().trim().split('\n')[0] || `git ${args[0]} failed`);
  return result.stdout;
}

/**
 * Reads the workspace as it is at git revision `ref`. `inWorkspace` decides, by current absolute
 * path, which files of that revision belong to the workspace.
 */
export function readGitBase(ref: string, cwd: string, inWorkspace: (absolutePath: string) => boolean): BaseWorkspace {
  let root: string;
  try {
    root = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
  } catch (error) {
    throw new BaseError(`\`--base ${ref}\` needs a git repository: ${(error as Error).message}`);
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new BaseError(`\`--base ${ref}\`: no such commit in this repository (in a shallow CI clone, fetch it first: \`git fetch --depth=1 origin ${ref.replace(/^origin\//, '')}\`)`);
  }
  const paths = git(root, ['ls-tree', '-r', '-z', '--name-only', ref]).toString().split('\0')
    .filter((p) => p !== '' && formatOf(p) !== undefined && inWorkspace(resolve(root, p)));
  const base: BaseWorkspace = { label: ref, files: [], currentPathOf: new Map() };
  if (paths.length === 0) return base;

  // One git process for every blob: `cat-file --batch` answers "<sha> blob <size>\n<bytes>\n" per line asked.
  const output = git(root, ['cat-file', '--batch'], paths.map((p) => `${ref}:${p}\n`).join(''));
  let offset = 0;
  for (const path of paths) {
    const headerEnd = output.indexOf(10, offset);
    const header = output.subarray(offset, headerEnd).toString();
    const size = Number(header.split(' ')[2]);
    if (!/ blob \d+$/.test(header)) throw new BaseError(`git could not read \`${ref}:${path}\`: ${header}`);
    const text = output.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8');
    offset = headerEnd + 1 + size + 1;
    const label = `${ref}:${path}`;
    base.files.push(loadSource(label, text, formatOf(path)));
    base.currentPathOf.set(label, resolve(root, path));
  }
  return base;
}

/**
 * Reads a previous copy of the workspace from disk: a directory (its topology files, with paths
 * relative to it standing for the same paths relative to `workspaceDir`) or a single file (standing
 * for the current file of the same name).
 */
export async function readBaselineBase(path: string, cwd: string, workspaceDir: string, patterns: { files: readonly string[]; ignores: readonly string[] }, currentFiles: readonly string[]): Promise<BaseWorkspace> {
  const absolute = resolve(cwd, path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new BaseError(`\`--baseline ${path}\` does not exist`);
  }
  const base: BaseWorkspace = { label: 'baseline', files: [], currentPathOf: new Map() };
  const add = (file: string, current: string) => {
    const label = `baseline:${relative(cwd, file).split(sep).join('/')}`;
    base.files.push(loadSource(label, readFileSync(file, 'utf8')));
    base.currentPathOf.set(label, current);
  };
  if (stats.isDirectory()) {
    for (const file of await globFiles(absolute, patterns.files, patterns.ignores)) add(file, join(workspaceDir, relative(absolute, file)));
  } else {
    add(absolute, currentFiles.find((f) => basename(f) === basename(absolute)) ?? join(workspaceDir, basename(absolute)));
  }
  return base;
}
