/** Fixture helpers: inline `# expect:` markers, JSON sidecars, and running cases through the engine. */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { rules } from '../../src/index.js';
import { runEngine } from '../../src/engine/run.js';
import { loadSource, formatOf, type SourceFile } from '../../src/loader/load.js';
import type { Diagnostic } from '../../src/types.js';
import { factsFor, type EditionName } from '../../src/facts/azure.js';
import { readRegistry, RouteOriginRegistry } from '../../src/registry/read.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const fixturesDir = join(repoRoot, 'fixtures');

const MARKER = /#\s*expect:\s*(.+)$/;

/**
 * Expected findings of one file as `file:line rule-id` strings (`file:line:col rule-id` for JSON
 * sidecars). YAML: `# expect: rule-id[@+N|@-N][, ...]` on the line where the finding starts.
 * JSON (and files that cannot hold a comment, like an empty one): `<file>.expected` beside it,
 * one `LINE:COL RULE-ID` a line.
 */
export function expectationsOf(path: string, label = path): string[] {
  const sidecar = `${path}.expected`;
  if (hasSidecar(path) || formatOf(path) === 'json' || !existsSync(path)) {
    if (!existsSync(sidecar)) return [];
    return readFileSync(sidecar, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => {
      const [pos, id] = l.trim().split(/\s+/);
      return `${label}:${pos} ${id}`;
    });
  }
  const expected: string[] = [];
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const match = MARKER.exec(line);
    if (!match) return;
    for (const item of match[1]!.split(',')) {
      const [id, offset] = item.trim().split('@');
      expected.push(`${label}:${i + 1 + (offset ? Number(offset) : 0)} ${id}`);
    }
  });
  return expected;
}

/** Expectations of this file are in `<file>.expected`, with columns. */
export function hasSidecar(path: string): boolean {
  return existsSync(`${path}.expected`);
}

/**
 * A fixture case: one file, or a folder whose files form one workspace. A folder may hold `base/`,
 * the workspace before the change (change-aware rules compare with it), and `<file>.expected`
 * sidecars for files the change deleted.
 */
export interface FixtureCase {
  name: string;
  dir: string;
  files: string[];
  baseFiles: string[];
  /** Sidecars of files that exist only in the base. */
  removedSidecars: string[];
}

/** The cases of a folder: each topology file alone, each sub-folder as one workspace. */
export function casesIn(dir: string): FixtureCase[] {
  return readdirSync(dir).sort().flatMap((entry): FixtureCase[] => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const entries = readdirSync(path).sort();
      const files = entries.filter((f) => formatOf(f)).map((f) => join(path, f));
      const baseDir = join(path, 'base');
      const baseFiles = existsSync(baseDir) ? readdirSync(baseDir).sort().filter((f) => formatOf(f)).map((f) => join(baseDir, f)) : [];
      const removedSidecars = entries.filter((f) => f.endsWith('.expected') && !existsSync(join(path, f.slice(0, -'.expected'.length)))).map((f) => join(path, f));
      return [{ name: entry, dir: path, files, baseFiles, removedSidecars }];
    }
    return formatOf(entry) ? [{ name: entry, dir, files: [path], baseFiles: [], removedSidecars: [] }] : [];
  });
}

/**
 * Settings a fixture asks for in its leading comments: `# erlint-options: {json}` (options of the
 * rule under test, over its defaults), `# erlint-edition: 2017` and `# erlint-registry: PATH`
 * (routing-registry data, relative to the fixture).
 */
export function fixtureSettings(files: readonly string[]): { options?: Record<string, unknown>; edition?: EditionName; registry?: string } {
  const settings: { options?: Record<string, unknown>; edition?: EditionName; registry?: string } = {};
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (!line.startsWith('#')) break;
      const options = /^#\s*erlint-options:\s*(.+)$/.exec(line);
      const edition = /^#\s*erlint-edition:\s*(\S+)/.exec(line);
      if (options) settings.options = JSON.parse(options[1]!) as Record<string, unknown>;
      if (edition) settings.edition = edition[1] as EditionName;
      const registry = /^#\s*erlint-registry:\s*(\S+)/.exec(line);
      if (registry) settings.registry = join(dirname(file), registry[1]!);
    }
  }
  return settings;
}

/** Runs the given rules (all rules when omitted) over a workspace, with exact-pointer checking on. */
export function runCase(files: readonly string[], only?: readonly string[], baseFiles: readonly string[] = []): { diagnostics: Diagnostic[]; internalError: boolean; sources: SourceFile[] } {
  const sources = files.map((f) => loadSource(f, readFileSync(f, 'utf8')));
  const base = baseFiles.length === 0 ? undefined : {
    label: 'base',
    files: baseFiles.map((f) => loadSource(`base:${basename(f)}`, readFileSync(f, 'utf8'))),
    currentPathOf: new Map(baseFiles.map((f) => [`base:${basename(f)}`, join(dirname(dirname(f)), basename(f))])),
  };
  const selected = only ? rules.filter((r) => only.includes(r.id)) : rules;
  const settings = fixtureSettings(files);
  const output = runEngine({
    files: sources,
    rules: selected.map((rule) => ({ rule, options: settings.options ? { ...rule.meta.defaultOptions, ...settings.options } : rule.meta.defaultOptions })),
    severityFor: (id) => rules.find((r) => r.id === id)?.meta.defaultSeverity ?? 'off',
    strictLocations: true,
    facts: factsFor(settings.edition ?? 'current'),
    ...(base ? { base } : {}),
    ...(settings.registry ? { registry: new RouteOriginRegistry([readRegistry(settings.registry, readFileSync(settings.registry, 'utf8'))]) } : {}),
  });
  return { diagnostics: output.results.flatMap((r) => r.diagnostics), internalError: output.internalError, sources };
}

/** Findings in the form markers use: `file:line rule-id`, or with column for JSON files. */
export function actualOf(diagnostics: readonly Diagnostic[], base: string): string[] {
  return diagnostics.map((d) => {
    const label = relative(base, d.filePath);
    const col = hasSidecar(d.filePath) ? `:${d.range.start.column}` : '';
    return `${label}:${d.range.start.line}${col} ${d.ruleId}`;
  }).sort();
}

/** All expectations of a case, labelled relative to `base`. */
export function expectedOf(fixture: FixtureCase, base: string): string[] {
  const removed = fixture.removedSidecars.map((s) => s.slice(0, -'.expected'.length));
  return [...fixture.files, ...removed].flatMap((f) => expectationsOf(f, relative(base, f))).sort();
}
