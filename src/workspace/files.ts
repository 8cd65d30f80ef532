/** Turns command-line paths and config globs into file lists. The only module that globs. */
import { glob, isDynamicPattern } from 'tinyglobby';
import { statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { formatOf } from '../loader/load.js';

/** A `.` or `..` segment, a doubled `/`, or a `/` at the end. */
const NOT_NORMALIZED = /\/\.{1,2}(\/|$)|\/\/|.\/$/;

/** Files found, and why some paths gave none. */
export interface Collected {
  files: string[];
  problems: string[];
  /** Whether every path was a directory of the config's workspace: then every file found is the workspace's. */
  onlyWorkspaceDirectories: boolean;
}

/** Globs topology files below `baseDir`. */
export async function globFiles(baseDir: string, patterns: readonly string[], ignores: readonly string[]): Promise<string[]> {
  const found = await glob([...patterns], { cwd: baseDir, ignore: [...ignores], absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false, expandDirectories: false });
  // tinyglobby gives `/`-separated paths: on Windows they become native ones. On POSIX they are
  // already what `resolve` would make of them (unless a `.` or `..` segment or a doubled `/` slipped
  // in), and resolving the 2,000 paths of a workspace took 4% of a warm pre-commit run's instructions.
  return found.filter((f) => formatOf(f) !== undefined).map(nativePath);
}

/** An absolute `/`-separated path as `resolve` gives it, without calling it where it would change nothing. */
export function nativePath(path: string): string {
  return sep === '/' && path.startsWith('/') && !NOT_NORMALIZED.test(path) ? path : resolve(path);
}

/** A config's workspace: its directory, and its files (globbed once, when first asked for). */
export interface ConfiguredWorkspace {
  baseDir: string;
  files(): Promise<readonly string[]>;
}

/**
 * Expands the paths given on the command line: a file is taken as is, a directory means every
 * topology file below it, anything else is a glob. Each that yields nothing is a problem. With a
 * config's workspace, a directory means the workspace's files below it: the config's patterns are
 * written from the config's directory (`net/*.yaml`), not from the one given.
 */
export async function collectPaths(paths: readonly string[], cwd: string, defaults: { files: readonly string[]; ignores: readonly string[] }, workspace?: ConfiguredWorkspace): Promise<Collected> {
  const files = new Set<string>();
  const problems: string[] = [];
  let onlyWorkspaceDirectories = true;
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      stats = undefined;
    }
    if (stats?.isFile()) {
      onlyWorkspaceDirectories = false;
      if (formatOf(absolute)) files.add(absolute);
      else problems.push(`\`${path}\` is not a topology file; erlint reads \`.yaml\`, \`.yml\` and \`.json\` files`);
    } else if (stats?.isDirectory()) {
      // A directory outside the config's workspace is globbed on its own: its files are then noted as outside.
      const inWorkspace = workspace !== undefined && (absolute === workspace.baseDir || isInside(absolute, workspace.baseDir));
      if (!inWorkspace) onlyWorkspaceDirectories = false;
      const found = inWorkspace ? (await workspace.files()).filter((f) => isInside(f, absolute)) : await globFiles(absolute, defaults.files, defaults.ignores);
      if (found.length === 0) {
        problems.push(inWorkspace
          ? `No files of the workspace in directory \`${path}\`: the config's \`files\` and \`ignores\` take none of its files`
          : `No \`.yaml\`, \`.yml\` or \`.json\` files in directory \`${path}\``);
      }
      found.forEach((f) => files.add(f));
    } else if (isDynamicPattern(path)) {
      onlyWorkspaceDirectories = false;
      const found = await globFiles(cwd, [path], defaults.ignores);
      if (found.length === 0) problems.push(`No topology files match \`${path}\``);
      found.forEach((f) => files.add(f));
    } else {
      onlyWorkspaceDirectories = false;
      problems.push(`\`${path}\` does not exist`);
    }
  }
  return { files: [...files].sort(), problems, onlyWorkspaceDirectories };
}

/** Whether `path` lies below the directory `dir` (both absolute and resolved). */
function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
