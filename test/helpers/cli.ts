/** Runs the built `erlint` as a user would, and makes throwaway workspaces. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './fixtures.js';

export const cliPath = join(repoRoot, 'dist/src/cli/erlint.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `erlint ARGS` in `cwd` with colours off, as CI would. */
export function erlint(args: readonly string[], cwd = repoRoot, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary project (it holds `.git`, so config discovery stops there) with the given files. */
export function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'erlint-test-'));
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
