/**
 * erlint's public API and composition root: the one module that knows the rule registry, the file
 * system side (config discovery, globbing, reading) and the pure engine, and wires them together.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ruleDefinitions } from '../rules/index.js';
import { findConfigFile } from './config/load.js';
import { emptyConfig, isRuleEnabled, resolveConfig, severityFor, type RawConfig, type ResolvedConfig } from './config/resolve.js';
import type { Rule } from './engine/rule.js';
import { fileResult, startEngine, type BaseInput, type LazyEngineOutput } from './engine/run.js';
import { fileLinks } from './engine/check-file.js';
import { neighbourhood } from './engine/neighbourhood.js';
import type { FileLinks } from './model/links.js';
import { BaseError, readBaselineBase, readGitBase, type BaseWorkspace } from './workspace/base.js';
import { statSync } from 'node:fs';
import { factsFor } from './facts/azure.js';
import { locate } from './loader/locate.js';
import { formatOf, loadSource, toTransferable, type SourceFile } from './loader/load.js';
import { readPackageText, repositoryUrl, version } from './package-info.js';
import { collectPaths, globFiles } from './workspace/files.js';
import { loadWorkspace, threadCount, type Concurrency } from './workspace/pool.js';
import { DEFAULT_CACHE_FILE, LintCache, type CacheHit } from './workspace/cache.js';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readRegistry, RouteOriginRegistry, type RegistryFile } from './registry/read.js';
import type { Diagnostic, FileResult } from './types.js';

// A CommonJS package, loaded with `require`: imported as an ES module, Node.js 20 would first scan
// its source for exports, and that scan took about a tenth of a warm pre-commit run.
const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');

export type { Diagnostic, FileResult, Position, Range, RelatedLocation, Severity, SeverityOrOff, RuleMeta } from './types.js';
export type { Rule } from './engine/rule.js';
export type { RawConfig, ResolvedConfig, Preset, Edition } from './config/resolve.js';
export type { Topology } from './model/types.js';
export { formatChunks, formatters, STREAMED_FORMATS, type Formatter, type FormatContext } from './formatters/index.js';
import type { FormatContext } from './formatters/index.js';
export { toEslintResults, type EslintResult, type EslintMessage } from './formatters/eslint-compat.js';
export { version };
export type { Concurrency } from './workspace/pool.js';
export { factsFor, EDITIONS, SOURCES, type AzureFacts, type EditionName } from './facts/azure.js';
export { closestMatch } from './suggest.js';
export { readRegistry, RouteOriginRegistry, type RegistryFile, type RouteOrigin, type OriginState } from './registry/read.js';

/** The topology JSON Schema as shipped, for `erlint schema` and editors. */
export function topologySchemaText(): string {
  return readPackageText('schemas/topology.schema.json') ?? '';
}

/** A rule's Markdown documentation, or undefined for an unknown id. */
export function ruleDoc(id: string): string | undefined {
  return rules.some((r) => r.id === id) ? readPackageText(`rules/${id}.md`) : undefined;
}

/** The docs link of a rule, pinned to the release: `<repo>/blob/v<version>/rules/<id>.md`. */
export function ruleDocsUrl(id: string): string {
  return `${repositoryUrl}/blob/v${version}/rules/${id}.md`;
}

/** Ids erlint reports itself, with what they mean; documented in the README. */
export const builtinIds = {
  syntax: 'The file does not parse (YAML or JSON error, duplicate key); cannot be disabled',
  schema: 'The document breaks the topology JSON Schema; cannot be disabled',
  config: 'The configuration is invalid (unknown rule, bad options); exit code 2',
  internal: 'erlint itself failed (a rule crashed); exit code 2',
  'unused-disable-directive': 'A suppression comment suppresses nothing (with `--report-unused-disable-directives`)',
} as const;

/** Every rule, sorted by id, with derived docs links. */
export const rules: readonly Rule[] = ruleDefinitions.map((d) => ({
  id: d.id,
  meta: { ...d.meta, docsUrl: ruleDocsUrl(d.id) },
  check: d.check as Rule['check'],
}));

/** Everything a report format needs to know besides the results. */
export function formatContext(cwd: string = process.cwd()): FormatContext {
  const urls = docsUrls();
  const builtins = Object.entries(builtinIds).map(([id, description]) => ({
    id, description: description.split(';')[0]!, fullDescription: description,
    defaultSeverity: 'error' as const, docsUrl: urls.get(id)!,
  }));
  const ruleList = rules.map((r) => ({
    id: r.id, description: r.meta.description.replaceAll('`', ''), defaultSeverity: r.meta.defaultSeverity, docsUrl: r.meta.docsUrl,
    fullDescription: (ruleDoc(r.id) ?? '').split('## Why this matters')[1]?.split('\n## ')[0]?.trim().replace(/\s+/g, ' ') || r.meta.description,
  }));
  return { docsUrls: urls, cwd, rules: [...ruleList, ...builtins], version, informationUri: repositoryUrl };
}

/** Docs link per id, built-in ids included (they link to the README section). */
export function docsUrls(): Map<string, string> {
  const urls = new Map<string, string>(Object.keys(builtinIds).map((id) => [id, `${repositoryUrl}/blob/v${version}/README.md#built-in-checks`]));
  for (const rule of rules) urls.set(rule.id, rule.meta.docsUrl);
  return urls;
}

/** Options of `lintText`. */
export interface LintTextOptions {
  /** The path the text is reported under; its extension picks YAML or JSON. */
  filePath?: string;
  config?: RawConfig;
  /** Fail on a rule report whose pointer does not resolve exactly (for rule tests). */
  strictLocations?: boolean;
  /** Report suppression comments that suppress nothing. */
  reportUnusedDirectives?: boolean;
  /** Run only these rule ids (rule fixtures run their own rule alone). */
  only?: readonly string[];
  /** Routing-registry data for `microsoft-peering-prefix-origin`. */
  registry?: RouteOriginRegistry;
  /** The same file before the change, for change-aware rules (an editor's saved or committed copy). */
  baseText?: string;
  /** `false` reads with the `yaml` package only (the fast path must give the same results). */
  fastPath?: boolean;
}

/** Lints one text as a workspace of its own. Synchronous and pure: no file system. */
export function lintText(text: string, options: LintTextOptions = {}): FileResult & { internalError: boolean } {
  const filePath = options.filePath ?? 'topology.yaml';
  const { config, problems } = resolveConfig(options.config, rules, { baseDir: dirname(resolve(filePath)) });
  if (problems.length > 0) throw new Error(`Invalid config: ${problems.map((p) => p.message).join('; ')}`);
  const { registry, baseText, fastPath, ...rest } = options;
  const base: BaseInput | undefined = baseText === undefined ? undefined : {
    label: 'base', files: [loadSource(`base:${filePath}`, baseText)], currentPathOf: new Map([[`base:${filePath}`, filePath]]),
  };
  const output = lintSources([loadSource(filePath, text, undefined, fastPath === false ? { fastPath: false } : {})], config, { ...rest, ...(registry ? { registry } : {}), ...(base ? { base } : {}), reportOn: () => true }).finish();
  const result = output.results[0] ?? fileResult(filePath, []);
  return { ...result, internalError: output.internalError };
}

function lintSources(
  files: readonly SourceFile[], config: ResolvedConfig,
  options: { reportOn: (p: string) => boolean; strictLocations?: boolean; only?: readonly string[]; displayPath?: (p: string) => string; registry?: RouteOriginRegistry; base?: BaseInput; reportUnusedDirectives?: boolean; releaseData?: boolean },
) {
  const selected = rules.filter((r) => (options.only ? options.only.includes(r.id) : isRuleEnabled(config, r.id)));
  return startEngine({
    files, reportOn: options.reportOn,
    rules: selected.map((rule) => ({ rule, options: config.rules.get(rule.id)?.options ?? rule.meta.defaultOptions })),
    severityFor: options.only
      ? (id) => rules.find((r) => r.id === id)?.meta.defaultSeverity ?? 'off'
      : (id, path) => severityFor(config, id, path),
    ...(options.displayPath ? { displayPath: options.displayPath } : {}),
    ...(options.strictLocations ? { strictLocations: true } : {}),
    facts: factsFor(config.edition),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.base ? { base: options.base } : {}),
    ruleIds: new Set(rules.map((r) => r.id)),
    ...(options.reportUnusedDirectives ? { reportUnusedDirectives: true } : {}),
    ...(options.releaseData ? { releaseData: true } : {}),
  });
}

/** Options of `lintFiles`. */
export interface LintFilesOptions {
  cwd?: string;
  /** `--config FILE`: use this file, no discovery. */
  configFile?: string;
  /** `--no-config`: built-in defaults only. */
  noConfig?: boolean;
  /** `--rule ID:SEVERITY` values. */
  ruleFlags?: readonly string[];
  /** `--registry FILE` values (relative to `cwd`), added to the config's `registry`. */
  registryFiles?: readonly string[];
  /** `--base REF`: compare with the workspace at this git revision (default: the config's `base`). */
  base?: string;
  /** `--baseline PATH`: compare with a previous copy on disk. */
  baseline?: string;
  /** `--report-unused-disable-directives`. */
  reportUnusedDirectives?: boolean;
  /**
   * `--stdin`: lint this text as if it were the file at `filePath` (relative to `cwd`), the rest of
   * the workspace read from disk: what an editor sends for an unsaved buffer.
   */
  stdin?: { text: string; filePath: string };
  /**
   * `--concurrency`: threads that read the workspace and place findings. `auto` (default) uses one
   * per core for workspaces of 4 MB and more; `off` reads on the calling thread only.
   */
  concurrency?: Concurrency;
  /**
   * `--cache`: keep what each file's content parsed to (links, data, syntax and schema findings,
   * places) between runs, keyed by a hash of the content; rules still run on every run.
   */
  cache?: boolean;
  /** `--cache-location`: the cache file, or a directory for `.erlintcache` (default: `.erlintcache` in `cwd`). */
  cacheLocation?: string;
}

/** The outcome of a run over files. */
export interface LintRun {
  /** Results for the files reported on (the paths given, else the whole workspace), sorted by path. */
  results: FileResult[];
  /** Why the run itself failed: bad arguments, missing or unreadable paths. Exit code 2. */
  runErrors: string[];
  /** A rule crashed or the config is invalid: exit code 2 even without `runErrors`. */
  failed: boolean;
  /** The configuration used. */
  config: ResolvedConfig;
  /** How many files the workspace held (reported on or not). */
  workspaceSize: number;
  /** Things the user should know that do not fail the run (a base file that does not parse). */
  notes: string[];
}

/**
 * A run over files whose results are made one file at a time, as they are iterated: what writing a
 * report file by file needs, without every finding of a large workspace in memory at once.
 */
export interface LazyLintRun extends Omit<LintRun, 'results' | 'failed'> {
  /** The results of `LintRun`, in the same order, made as they are asked for: iterate once. */
  results: Iterable<FileResult>;
  /** `LintRun.failed`: final once `results` has been iterated to its end. */
  failed(): boolean;
}

/**
 * Lints the workspace and reports on `paths` (or the whole workspace when none are given). The
 * workspace is the config's `files`; with no config file it is just the given paths. Reporting on a
 * few files, the run models only the files that can change a finding in them
 * (`engine/neighbourhood.ts`): the findings are those of a run over the whole workspace.
 */
export async function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): Promise<LintRun> {
  const { results, failed, ...run } = await lintFilesLazily(paths, options);
  const all = [...results];
  return { ...run, results: all, failed: failed() };
}

/** `lintFiles` with its results made one file at a time, as they are iterated (`LazyLintRun`). */
export async function lintFilesLazily(paths: readonly string[], options: LintFilesOptions = {}): Promise<LazyLintRun> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const runErrors: string[] = [];
  // Messages name other files by this path, once per finding that points elsewhere: worked out once a file.
  const displayPaths = new Map<string, string>();
  const displayPath = (p: string) => {
    let shown = displayPaths.get(p);
    if (shown === undefined) displayPaths.set(p, (shown = relative(cwd, p) || p));
    return shown;
  };

  let configFile;
  try {
    configFile = options.noConfig ? undefined : await findConfigFile(cwd, options.configFile);
  } catch (error) {
    return { results: [], runErrors: [`Cannot read the config: ${(error as Error).message}`], failed: () => true, config: emptyConfig(cwd), workspaceSize: 0, notes: [] };
  }
  const baseDir = configFile ? dirname(configFile.filePath) : cwd;
  const resolved = resolveConfig(configFile?.data, rules, { baseDir, ...(configFile ? { filePath: configFile.filePath } : {}), flags: options.ruleFlags ?? [] });
  runErrors.push(...resolved.flagProblems);
  if (configFile && (configFile.source.syntax.length > 0 || resolved.problems.length > 0)) {
    return { results: [configResult(configFile, resolved.problems)], runErrors, failed: () => true, config: resolved.config, workspaceSize: 0, notes: [] };
  }
  const config = resolved.config;

  const notes: string[] = [];
  let reported: string[];
  // The config's workspace, globbed once for the directories given and for the files around them.
  let workspaceFiles: Promise<readonly string[]> | undefined;
  const configuredWorkspace = configFile ? { baseDir, files: () => (workspaceFiles ??= globFiles(baseDir, config.files, config.ignores)) } : undefined;
  const stdinPath = options.stdin ? resolve(cwd, options.stdin.filePath) : undefined;
  if (stdinPath) {
    if (!formatOf(stdinPath)) runErrors.push(`\`--stdin-filename ${options.stdin!.filePath}\` must end in \`.yaml\`, \`.yml\` or \`.json\``);
    reported = [stdinPath];
  } else if (paths.length > 0) {
    const collected = await collectPaths(paths, cwd, { files: config.files, ignores: config.ignores }, configuredWorkspace);
    runErrors.push(...collected.problems);
    reported = collected.files;
    // Files found in the workspace's directories are the workspace's already: `erlint .` need not match them again.
    if (configFile && !collected.onlyWorkspaceDirectories) {
      // A hook passes every changed YAML and JSON file; those outside the configured workspace are not topology.
      const inWorkspace = workspaceMatcher(config, baseDir);
      const outside = reported.filter((p) => !inWorkspace(p));
      if (outside.length > 0) {
        notes.push(`${outside.length === 1 ? `\`${displayPath(outside[0]!)}\` is` : `${outside.length} files (${outside.slice(0, 3).map((p) => `\`${displayPath(p)}\``).join(', ')}${outside.length > 3 ? ', ...' : ''}) are`} outside the workspace that \`files\`/\`ignores\` of \`${displayPath(configFile.filePath)}\` define; not linted`);
        reported = reported.filter((p) => inWorkspace(p));
      }
    }
  } else {
    reported = await globFiles(baseDir, config.files, config.ignores);
    if (reported.length === 0) runErrors.push(`No topology files (\`.yaml\`, \`.yml\`, \`.json\`) found in \`${displayPath(baseDir)}\``);
  }
  const workspacePaths = new Set(reported);
  // Without paths `reported` already is the config's workspace: glob it once.
  if (configuredWorkspace && (paths.length > 0 || stdinPath)) (await configuredWorkspace.files()).forEach((f) => workspacePaths.add(f));

  // Registry data and the base come first; their errors follow those of unreadable files.
  const laterErrors: string[] = [];
  const registryPaths = [...config.registry.map((p) => resolve(baseDir, p)), ...(options.registryFiles ?? []).map((p) => resolve(cwd, p))];
  const registryFiles: RegistryFile[] = [];
  for (const path of [...new Set(registryPaths)]) {
    try {
      registryFiles.push(readRegistry(path, await readFile(path, 'utf8'), displayPath(path)));
    } catch (error) {
      laterErrors.push(`Cannot read the registry file \`${displayPath(path)}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const registryResults = registryFiles.filter((f) => f.problems.length > 0).map(registryResult);
  const registryBroken = registryFiles.some((f) => f.problems.some((p) => p.severity === 'error'));

  const baseRef = options.base ?? (options.baseline ? undefined : config.base);
  let base: BaseWorkspace | undefined;
  try {
    if (baseRef !== undefined && options.baseline !== undefined) throw new BaseError('use either `--base` or `--baseline`, not both');
    if (baseRef !== undefined) {
      const matches = workspaceMatcher(config, baseDir);
      const directories = paths.map((p) => resolve(cwd, p)).filter((p) => isDirectory(p));
      // With a config (or no paths) the base workspace is what the globs match; else the same paths as now.
      const inWorkspace = configFile || paths.length === 0
        ? matches
        : (p: string) => workspacePaths.has(p) || directories.some((d) => p.startsWith(d + sep));
      base = readGitBase(baseRef, cwd, inWorkspace);
    } else if (options.baseline !== undefined) {
      base = await readBaselineBase(options.baseline, cwd, baseDir, { files: config.files, ignores: config.ignores }, [...workspacePaths]);
    }
  } catch (error) {
    if (!(error instanceof BaseError)) throw error;
    laterErrors.push(error.message);
  }

  const fromDisk = [...workspacePaths].filter((p) => p !== stdinPath).sort();
  const cache = options.cache ? LintCache.open(cacheFile(cwd, options.cacheLocation), cacheKey()) : undefined;
  if (cache?.note) notes.push(cache.note);
  const { hits, misses } = cache ? cache.lookup(fromDisk) : { hits: [], misses: fromDisk };
  const reportAll = paths.length === 0 && !stdinPath;
  // A run that reports on a few files models only their neighbourhood: the files that can change a
  // finding in them. Change-aware rules compare whole workspaces, so a base turns that off. Reporting
  // on a large share of the workspace, the neighbourhood is most of it: working it out would not pay.
  // Decided again once the files are read (fewer may have been readable), never the other way round.
  const mayNarrow = (readable: number) => !reportAll && !base && reported.length <= readable * NARROW_SHARE;
  // A run that models the whole workspace (`erlint`, `erlint .`) without a cache needs of each
  // document only its entities.
  const loaded = await loadWorkspace(misses, threadCount(misses, options.concurrency ?? 'auto'), {
    modelOnly: !cache && !mayNarrow(hits.length + misses.length + (stdinPath ? 1 : 0)),
    // Findings in a worker's files are placed there; the cache keeps texts' hashes and a base locates in current files.
    textsStayInWorkers: !cache && !base,
    // The same runs let the main thread's texts go until their findings are placed.
    textsLetGo: !cache && !base,
  });
  const loadedFiles = [...loaded.files, ...(stdinPath ? [loadSource(stdinPath, options.stdin!.text)] : [])];
  const narrow = mayNarrow(hits.length + loadedFiles.length);
  const links = new Map<string, FileLinks>(cache || narrow ? loadedFiles.map((f) => [f.path, fileLinks(f)]) : []);
  let modelled = (_path: string): boolean => true;
  if (narrow) {
    const all = new Map([...hits.map((h): [string, FileLinks] => [h.path, h.links]), ...links]);
    const within = neighbourhood(reported, all);
    if (within) modelled = (p) => within.has(p);
  }
  const usedHits: { hit: CacheHit; file: SourceFile }[] = [];
  const unreadable = [...loaded.unreadable];
  for (const hit of hits) {
    if (!modelled(hit.path)) continue;
    try {
      usedHits.push({ hit, file: hit.load() });
    } catch (error) {
      // Gone or locked since the cache looked it up.
      unreadable.push({ path: hit.path, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  const sources: SourceFile[] = [...usedHits.map((u) => u.file), ...loadedFiles.filter((f) => modelled(f.path))];
  // A file outside the reported set that cannot be read still stops the run: its references would be missing.
  for (const { path, code } of unreadable.sort((a, b) => (a.path < b.path ? -1 : 1))) runErrors.push(`Cannot read \`${displayPath(path)}\`: ${code}`);
  runErrors.push(...laterErrors);

  let output: LazyEngineOutput;
  try {
    const reportSet = new Set(reported);
    const run = lintSources(sources, config, {
      // Without paths the whole workspace is reported on, including files this change deleted.
      reportOn: paths.length === 0 && !stdinPath ? () => true : (p) => reportSet.has(p), displayPath,
      ...(options.reportUnusedDirectives ? { reportUnusedDirectives: true } : {}),
      // The cache stores each file's documents after the run; without it they can go once the model is built.
      ...(cache ? {} : { releaseData: true }),
      ...(base ? { base } : {}),
      // A broken registry file already fails the run; origin checks against part of the data would mislead.
      ...(registryFiles.length > 0 && !registryBroken ? { registry: new RouteOriginRegistry(registryFiles) } : {}),
    });
    // Places the cache knows first; worker threads then place the findings in the files they hold
    // while this thread places the rest.
    // A cached file's places are decoded only when findings in it wait for them.
    for (const { hit, file } of usedHits) if (run.wantsPlaces(file.path)) run.providePlaces(file.path, hit.placed());
    const answers = loaded.place(run.claimPlaces((p) => loaded.heldByWorkers.has(p)));
    run.placeHere();
    for (const [path, placed] of await answers) run.providePlaces(path, placed);
    // Every place the workers can give is in: their heaps and texts go before the findings are made.
    await loaded.close();
    output = run.finishLazily();
    for (const { path, code } of loaded.changedSinceRead) {
      notes.push(code === 'changed'
        ? `\`${displayPath(path)}\` changed while erlint ran: its findings are about what it held before and are placed in what it holds now; run erlint again`
        : `\`${displayPath(path)}\` could not be read again to place its findings (${code}): they are on its first line; run erlint again`);
    }
    if (cache) {
      // Files loaded but outside the neighbourhood are remembered too, without places.
      for (const { hit, file } of usedHits) cache.remember(toTransferable(file), hit.links, run.placesIn(file.path));
      for (const file of loadedFiles) if (file.path !== stdinPath) cache.remember(toTransferable(file), links.get(file.path)!, run.placesIn(file.path));
      try {
        cache.write();
      } catch (error) {
        notes.push(`Cannot write the cache \`${displayPath(cache.location)}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; the next run starts without it`);
      }
    }
  } finally {
    // The worker threads hold the texts until every finding is placed.
    await loaded.close();
    cache?.close();
  }
  for (const problem of output.baseProblems) {
    notes.push(`The base version \`${problem.file}\` does not parse or breaks the schema (${problem.message}); change-aware rules ignore what it held`);
  }
  const engineOutput = output;
  return {
    results: mergeByPath(engineOutput.results, registryResults), runErrors, failed: () => engineOutput.internalError() || registryBroken,
    config, workspaceSize: hits.length + loadedFiles.length, notes,
  };
}

/** Two lists of results, each in path order, as one in path order (`first`'s result first on a tie). */
function* mergeByPath(first: Iterable<FileResult>, second: readonly FileResult[]): Generator<FileResult> {
  const rest = [...second].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  let next = 0;
  for (const result of first) {
    while (next < rest.length && rest[next]!.filePath < result.filePath) yield rest[next++]!;
    yield result;
  }
  while (next < rest.length) yield rest[next++]!;
}

/** The largest share of a workspace's files a run may report on for it to model only their neighbourhood. */
const NARROW_SHARE = 0.25;

/** `--cache-location`: a file, or a directory (an existing one, or a path ending in `/`) to hold `.erlintcache`. */
function cacheFile(cwd: string, location: string | undefined): string {
  if (location === undefined) return resolve(cwd, DEFAULT_CACHE_FILE);
  const path = resolve(cwd, location);
  return location.endsWith('/') || location.endsWith(sep) || isDirectory(path) ? join(path, DEFAULT_CACHE_FILE) : path;
}

/** What cached entries depend on besides file content: erlint's version and its schema. */
function cacheKey(): string {
  return `${version}\u0000${createHash('sha256').update(topologySchemaText()).digest('base64')}`;
}

/** Whether an absolute path belongs to the config's workspace (its `files` less its `ignores`). */
function workspaceMatcher(config: ResolvedConfig, baseDir: string): (absolutePath: string) => boolean {
  const included = picomatch(config.files, { dot: false });
  const ignored = picomatch(config.ignores, { dot: true });
  return (absolutePath) => {
    const path = relative(baseDir, absolutePath).split(sep).join('/');
    return !path.startsWith('../') && included(path) && !ignored(path);
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Problems of a routing-registry file, as `config` findings in its own result. */
function registryResult(file: RegistryFile): FileResult {
  const diagnostics: Diagnostic[] = file.problems.map((p) => ({ ruleId: 'config', severity: p.severity, message: p.message, filePath: file.path, doc: 0, pointer: p.pointer, range: p.range }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return fileResult(file.path, diagnostics);
}

/** The configuration that applies to one file: what `--print-config FILE` shows. */
export async function printableConfig(filePath: string, options: Pick<LintFilesOptions, 'cwd' | 'configFile' | 'noConfig' | 'ruleFlags'> = {}): Promise<{ config?: Record<string, unknown>; problems: string[] }> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configFile = options.noConfig ? undefined : await findConfigFile(cwd, options.configFile);
  const baseDir = configFile ? dirname(configFile.filePath) : cwd;
  const resolved = resolveConfig(configFile?.data, rules, { baseDir, ...(configFile ? { filePath: configFile.filePath } : {}), flags: options.ruleFlags ?? [] });
  const problems = [...resolved.flagProblems, ...resolved.problems.map((p) => `${configFile?.filePath ?? 'config'}: ${p.message}`)];
  if (problems.length > 0) return { problems };
  const config = resolved.config;
  const path = resolve(cwd, filePath);
  const ruleSettings = Object.fromEntries(rules.map((r) => {
    const severity = severityFor(config, r.id, path);
    const ruleOptions = config.rules.get(r.id)?.options;
    return [r.id, ruleOptions === undefined ? severity : [severity, ruleOptions]];
  }));
  return {
    problems: [],
    config: {
      configFile: config.filePath ?? null, file: path, inWorkspace: workspaceMatcher(config, baseDir)(path),
      files: config.files, ignores: config.ignores, extends: config.preset, edition: config.edition,
      base: config.base ?? null, registry: config.registry, rules: ruleSettings,
    },
  };
}

/** `lint(files, options)`: the name the CLI contract uses for `lintFiles`. */
export const lint = lintFiles;

function configResult(file: { filePath: string; source: SourceFile; pointerPrefix: string }, problems: readonly { pointer: string; target: 'key' | 'value'; message: string }[]): FileResult {
  const diagnostics: Diagnostic[] = [
    ...file.source.syntax.map((d) => ({ ...d, ruleId: 'config' })),
    ...problems.map((p) => {
      const pointer = file.pointerPrefix + p.pointer;
      return { ruleId: 'config', severity: 'error' as const, message: p.message, filePath: file.filePath, doc: 0, pointer, range: locate(file.source, 0, pointer, p.target).range };
    }),
  ].sort((a, b) => a.range.start.offset - b.range.start.offset);
  // A config that does not parse is not a fatal error of a topology file: no `fatal` in its counts.
  return fileResult(file.filePath, diagnostics.map(({ fatal: _, ...d }) => d));
}
