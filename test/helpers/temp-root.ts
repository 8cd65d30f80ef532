/**
 * Vitest's global setup: every temporary file of a test run, the suites' own and those of the
 * commands they start, goes under one directory made for the run (`TMPDIR`, which `os.tmpdir()`
 * reads), removed when the run ends. The suites make hundreds of workspaces a run and leave them to
 * the operating system's cleaner; this keeps a developer's `/tmp` as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'erlint-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
