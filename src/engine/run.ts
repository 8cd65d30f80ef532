/**
 * The pipeline over an already loaded workspace: syntax, schema, model, rules, finalize. It never
 * touches the file system: files come in parsed, results go out.
 */
import { locate, type Located } from '../loader/locate.js';
import { formatPointer, parsePointer } from '../pointer.js';
import { rangeAt, type SourceDocument, type SourceFile } from '../loader/load.js';
import { buildTopology, type ModelInput } from '../model/build.js';
import type { Topology } from '../model/types.js';
import { schemaDiagnostics } from './check-file.js';
import type { Diagnostic, FileResult, MessageValue, Range, Ref, RelatedLocation, RuleReport, SeverityOrOff, Target } from '../types.js';
import { factsFor, type AzureFacts } from '../facts/azure.js';
import type { RouteOriginRegistry } from '../registry/read.js';
import type { Directive } from '../loader/directives.js';
import { closestMatch } from '../suggest.js';
import { forgetParsedPrefixes } from '../net/cidr.js';
import type { Rule } from './rule.js';

/** What one run needs. */
export interface EngineInput {
  /** Every file of the workspace, so references across files resolve. */
  files: readonly SourceFile[];
  /** Which files findings are reported for; all when omitted. */
  reportOn?: (filePath: string) => boolean;
  /** The rules to run, with their resolved options. */
  rules: readonly { rule: Rule; options: unknown }[];
  /** The severity a rule's finding gets in a file (`off` drops it); overrides make it per file. */
  severityFor: (ruleId: string, filePath: string) => SeverityOrOff;
  /** How paths appear inside messages (relative to the working directory, say). */
  displayPath?: (filePath: string) => string;
  /** Treat a report whose pointer does not resolve exactly as a crash (tests turn this on). */
  strictLocations?: boolean;
  /** The Azure facts of the chosen edition; `current` when omitted. */
  facts?: AzureFacts;
  /** Routing-registry data, when the user gave some. */
  registry?: RouteOriginRegistry;
  /** The previous version of the workspace, for change-aware rules. */
  base?: BaseInput;
  /** Every rule id that exists (enabled or not), to tell a misspelt id in a suppression comment. */
  ruleIds?: ReadonlySet<string>;
  /** Report suppression comments that suppress nothing (`--report-unused-disable-directives`). */
  reportUnusedDirectives?: boolean;
  /**
   * The caller needs neither the documents' data nor the model: the engine lets the data go once the
   * model is built, so the rules run on a heap without a second copy of the workspace, and the model
   * once the rules have run, so placing and formatting findings happen on a smaller heap.
   */
  releaseData?: boolean;
}

/**
 * The engine's output with its results made one file at a time, as they are asked for: a file's
 * findings, their messages and ranges exist only while the caller looks at that file (a report
 * being written, say), instead of all of a large workspace's at once.
 */
export interface LazyEngineOutput extends Omit<EngineOutput, 'results' | 'internalError'> {
  /** Results per reported file, in path order; made as they are iterated, so iterate once. */
  results: Iterable<FileResult>;
  /** Whether erlint itself failed: final once `results` has been iterated to its end. */
  internalError(): boolean;
}

/** The previous version of the workspace: parsed files and where each lives now. */
export interface BaseInput {
  /** `HEAD~1`, `baseline`: how messages name the base. */
  label: string;
  /** Base files; their paths are labels such as `HEAD~1:net/a.yaml`. */
  files: readonly SourceFile[];
  /** Base file label to the absolute path the file has (or had) in the current workspace. */
  currentPathOf: ReadonlyMap<string, string>;
}

/** Results per reported file, in path order, plus whether erlint itself failed. */
export interface EngineOutput {
  results: FileResult[];
  internalError: boolean;
  /** The model the rules saw; undefined when the engine was asked to release it (`releaseData`). */
  topology?: Topology;
  /** Base files that do not parse or break the schema: change-aware rules ignore them. */
  baseProblems: { file: string; message: string }[];
}

/** Syntax and schema findings of a set of files, and the documents that enter the model. */
function analyze(files: readonly SourceFile[]): { diagnostics: Diagnostic[]; modelInputs: ModelInput[]; modelDocuments: SourceDocument[] } {
  const diagnostics: Diagnostic[] = [];
  const modelInputs: ModelInput[] = [];
  const modelDocuments: SourceDocument[] = [];
  for (const file of files) {
    diagnostics.push(...file.syntax);
    const contentful = file.documents.filter((d) => !d.empty);
    if (contentful.length === 0 && file.syntax.length === 0) {
      diagnostics.push({
        ruleId: 'schema', severity: 'error', filePath: file.path, doc: 0, pointer: '', range: rangeAt(file, 0, 0),
        message: 'The file holds no topology document; expected a mapping that starts with `version: 1`',
      });
    }
    for (const doc of contentful) {
      if (doc.syntaxErrors) continue;
      const found = doc.schemaDiagnostics ?? schemaDiagnostics(file, doc);
      if (found.length === 0) {
        modelInputs.push({ file: file.path, doc: doc.index, data: doc.data, model: doc.model });
        modelDocuments.push(doc);
      } else diagnostics.push(...found);
    }
  }
  return { diagnostics, modelInputs, modelDocuments };
}

/** Runs the whole pipeline. */
export function runEngine(input: EngineInput): EngineOutput {
  return startEngine(input).finish();
}

/** A place a finding needs, keyed so that the answer can come back from elsewhere. */
export interface PlaceRequest {
  key: string;
  doc: number;
  pointer: string;
  target: Target | undefined;
}

/**
 * A run whose rules have run and whose findings wait for their places. Whoever holds the parsed
 * files (a worker thread) may answer `placeRequests` through `providePlaces`; `finish` places the
 * rest itself and returns the results, the same either way.
 */
export interface EngineRun {
  /** Hands over the places wanted in the current files `claim` accepts; the caller provides them. */
  claimPlaces(claim: (filePath: string) => boolean): Map<string, PlaceRequest[]>;
  /** Places every request not claimed (one parse per file); `finish` would do it otherwise. */
  placeHere(): void;
  providePlaces(filePath: string, placed: Iterable<readonly [string, Located]>): void;
  /** Whether findings wait for places in a current file (none were provided or found for them yet). */
  wantsPlaces(filePath: string): boolean;
  /** The places found in a file, for the cache; complete once `finish` or `finishLazily` has been called. */
  placesIn(filePath: string): ReadonlyMap<string, Located> | undefined;
  /** Places what is left and returns the results; call it (or `finishLazily`) once. */
  finish(): EngineOutput;
  /** Places what is left; each file's findings are made when its result is asked for. */
  finishLazily(): LazyEngineOutput;
}

/** Runs syntax, schema, model and rules; placing the findings is left to `finish`. */
export function startEngine(input: EngineInput): EngineRun {
  const files = [...input.files].sort((a, b) => compareText(a.path, b.path));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const reportOn = input.reportOn ?? (() => true);
  const display = input.displayPath ?? ((p: string) => p);
  const { diagnostics, modelInputs, modelDocuments } = analyze(files);
  // Released as the model takes it in, a document's data and the entities made of it never all coexist.
  // No function defined below may refer to `topology`: a closure would keep the model alive until
  // `finish` has run, and a large workspace should not hold it while its findings are placed.
  const topology = buildTopology(modelInputs, input.releaseData ? (i) => {
    modelInputs[i]!.data = modelInputs[i]!.model = undefined;
    modelDocuments[i]!.data = modelDocuments[i]!.model = undefined;
  } : undefined);
  const modelKept = input.releaseData ? undefined : topology;
  if (input.releaseData) for (const file of files) for (const doc of file.documents) doc.data = undefined;

  const baseFiles = [...(input.base?.files ?? [])].sort((a, b) => compareText(a.path, b.path));
  const baseAnalysis = input.base ? analyze(baseFiles) : undefined;
  const baseTopology = baseAnalysis ? buildTopology(baseAnalysis.modelInputs) : undefined;
  // The first problem of each base file that breaks, in file order.
  const firstProblem = new Map<string, string>();
  for (const d of baseAnalysis?.diagnostics ?? []) if (!firstProblem.has(d.filePath)) firstProblem.set(d.filePath, d.message);
  const baseProblems = [...firstProblem].map(([file, message]) => ({ file, message }));
  // Current paths of files that existed in the base but are gone now: findings about them go on line 1.
  const removedFiles = new Set<string>();
  const baseByPath = new Map(baseFiles.map((f) => [f.path, f]));
  const placeable: Placeable = { current: byPath, base: baseByPath, removedFiles, placer: new Placer((p) => byPath.get(p) ?? baseByPath.get(p)) };
  const kept: (KeptReport | undefined)[] = [];
  const removedAt = (ref: Ref): Ref => {
    const current = input.base?.currentPathOf.get(ref.file) ?? ref.file;
    const file = byPath.get(current);
    if (!file) {
      removedFiles.add(current);
      return { file: current, doc: 0, pointer: '' };
    }
    // The parent list (`/circuits`) when the document still has it; the item's old index may hold another item now.
    const segments = parsePointer(ref.pointer);
    const doc = Math.max(0, Math.min(ref.doc, file.documents.length - 1));
    for (let n = segments.length - 1; n > 0; n--) {
      const pointer = formatPointer(segments.slice(0, n));
      if (locate(file, doc, pointer).exact) return { file: current, doc, pointer };
    }
    return { file: current, doc, pointer: '' };
  };
  let internalError = false;
  /** A finding about erlint itself, on the first line of `filePath` (else of the first file reported on). */
  const internalFinding = (message: string, filePath?: string): Diagnostic => {
    internalError = true;
    const file = filePath !== undefined ? byPath.get(filePath) : files.find((f) => reportOn(f.path)) ?? files[0];
    return {
      ruleId: 'internal', severity: 'error', message, filePath: filePath ?? file?.path ?? '', doc: 0, pointer: '',
      range: file ? rangeAt(file, 0, 0) : FIRST_LINE,
    };
  };
  const crash = (message: string): void => {
    diagnostics.push(internalFinding(message));
  };

  for (const { rule, options } of input.rules) {
    const reports: RuleReport[] = [];
    const severityIn = severityInFile(rule.id, input.severityFor, reportOn);
    try {
      rule.check(topology, {
        options: options ?? rule.meta.defaultOptions, facts: input.facts ?? factsFor('current'),
        ...(input.registry ? { registry: input.registry } : {}),
        ...(baseTopology ? { base: baseTopology } : {}),
        removedAt, report: (r) => reports.push(r),
        isReported: (ref) => severityIn(ref.file) !== 'off',
      });
    } catch (error) {
      crash(`Rule \`${rule.id}\` crashed: ${(error as Error)?.message ?? String(error)}; this is a bug in erlint, please report it`);
      continue;
    }
    keepReports(rule, reports, severityIn, kept, placeable.placer);
  }

  // The rules' memo of prefixes parsed by ipaddr.js (IPv6, unusual IPv4 forms) can be the size of the workspace: let it go before the findings are placed.
  forgetParsedPrefixes();

  const finishLazily = (): LazyEngineOutput => {
    // Every place is known now: parse each file once, place all its findings, and let its tree go.
    placeable.placer.resolve();
    // The reports and the findings so far (syntax, schema, crashed rules), by file.
    const reportsByFile = new Map<string, KeptReport[]>();
    for (let i = 0; i < kept.length; i++) {
      const entry = kept[i]!;
      kept[i] = undefined;
      const list = reportsByFile.get(entry.report.at.file);
      if (list) list.push(entry);
      else reportsByFile.set(entry.report.at.file, [entry]);
    }
    kept.length = 0;
    const foundByFile = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) {
      if (!reportOn(d.filePath) && d.ruleId !== 'internal') continue;
      const list = foundByFile.get(d.filePath);
      if (list) list.push(d);
      else foundByFile.set(d.filePath, [d]);
    }
    diagnostics.length = 0;
    // Every file reported on has a result, findings or not; findings may also name removed files.
    const paths = new Set(files.filter((f) => reportOn(f.path)).map((f) => f.path));
    for (const path of foundByFile.keys()) paths.add(path);
    for (const path of reportsByFile.keys()) paths.add(path);
    const ruleIds = input.ruleIds ?? new Set(input.rules.map((r) => r.rule.id));
    const strict = input.strictLocations === true;
    function* results(): Generator<FileResult> {
      for (const path of [...paths].sort(compareText)) {
        const list = foundByFile.get(path) ?? [];
        foundByFile.delete(path);
        // A file's reports go once they are findings: the reports of files already written need not stay.
        for (const { rule, report, severity } of reportsByFile.get(path) ?? []) {
          try {
            list.push(finalize(rule, report, severity, placeable, display, strict));
          } catch (error) {
            list.push(internalFinding(`Rule \`${rule.id}\` made a report erlint cannot place: ${(error as Error).message}`, path));
          }
        }
        reportsByFile.delete(path);
        const { kept: shown, suppressed } = applyDirectives(byPath.get(path), list, ruleIds, input.reportUnusedDirectives === true);
        yield fileResult(path, dedupe(shown.sort(compareDiagnostics)), dedupe(suppressed.sort(compareDiagnostics)));
      }
    }
    return { results: results(), internalError: () => internalError, ...(modelKept ? { topology: modelKept } : {}), baseProblems };
  };
  const finish = (): EngineOutput => {
    const { results, internalError: failed, ...rest } = finishLazily();
    const all = [...results];
    return { results: all, internalError: failed(), ...rest };
  };
  return {
    claimPlaces: (claim) => placeable.placer.claim((file) => byPath.get(file.path) === file && claim(file.path)),
    placeHere: () => placeable.placer.resolve(),
    providePlaces: (filePath, placed) => {
      const file = byPath.get(filePath);
      if (file) placeable.placer.provide(file, placed);
    },
    wantsPlaces: (filePath) => {
      const file = byPath.get(filePath);
      return file !== undefined && placeable.placer.wants(file);
    },
    placesIn: (filePath) => {
      const file = byPath.get(filePath);
      return file ? placeable.placer.placedIn(file) : undefined;
    },
    finish,
    finishLazily,
  };
}

/** A rule's report kept until its place is known, with the severity it gets. */
interface KeptReport {
  rule: Rule;
  report: RuleReport;
  severity: Diagnostic['severity'];
}

/** Ids that no comment can silence: the file must parse and follow the schema, and erlint must work. */
const UNSUPPRESSIBLE = new Set(['syntax', 'schema', 'config', 'internal', 'unused-disable-directive']);

/**
 * Applies a file's suppression comments to its findings: returns the findings that stay, the ones
 * silenced (with the comment's reason), and findings about the comments themselves.
 */
function applyDirectives(file: SourceFile | undefined, diagnostics: Diagnostic[], ruleIds: ReadonlySet<string>, reportUnused: boolean): { kept: Diagnostic[]; suppressed: Diagnostic[] } {
  const directives = file?.directives ?? [];
  if (!file || directives.length === 0) return { kept: diagnostics, suppressed: [] };
  const used = new Set<string>();
  const applies = (d: Diagnostic, names: string[]) => names.length === 0 || names.includes(d.ruleId);
  const matching = (d: Diagnostic) => {
    const line = d.range.start.line;
    const found = directives.filter((x) => applies(d, x.rules) && (x.kind === 'disable-file' || (x.kind === 'disable-next-line' && x.line + 1 === line)));
    // A block: a `disable` above the finding that no `enable` (bare, or naming the rule) closed before it.
    for (const start of directives) {
      if (start.kind !== 'disable' || start.line >= line || !applies(d, start.rules)) continue;
      const closed = directives.some((end) => end.kind === 'enable' && end.line > start.line && end.line < line && applies(d, end.rules));
      if (!closed) found.push(start);
    }
    return found;
  };
  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of diagnostics) {
    const by = UNSUPPRESSIBLE.has(d.ruleId) ? [] : matching(d);
    if (by.length === 0) {
      kept.push(d);
      continue;
    }
    for (const x of by) used.add(`${x.line}\u0000${x.rules.length === 0 ? '*' : d.ruleId}`);
    suppressed.push({ ...d, suppressions: by.map((x) => ({ kind: 'directive' as const, justification: x.reason ?? '' })) });
  }
  const note = (x: Directive, ruleId: string, message: string): Diagnostic => ({
    ruleId, severity: 'warn', message, filePath: file.path, doc: 0, pointer: '', range: x.range,
  });
  for (const x of directives) {
    for (const id of x.rules) {
      if (UNSUPPRESSIBLE.has(id)) kept.push(note(x, 'config', `\`${id}\` findings cannot be suppressed; fix the file instead`));
      else if (!ruleIds.has(id)) {
        const suggestion = closestMatch(id, ruleIds);
        kept.push(note(x, 'config', `\`erlint-${x.kind}\` names no rule \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`));
      }
    }
    if (!reportUnused || x.kind === 'enable') continue;
    const names = x.rules.length === 0 ? ['*'] : x.rules.filter((id) => ruleIds.has(id) && !UNSUPPRESSIBLE.has(id));
    for (const id of names) {
      if (!used.has(`${x.line}\u0000${id}`)) {
        kept.push(note(x, 'unused-disable-directive', `\`erlint-${x.kind}${id === '*' ? '' : ` ${id}`}\` suppresses nothing here; remove it`));
      }
    }
  }
  return { kept, suppressed };
}

/** Files a report may point into: current ones, base ones (for related places), and removed ones. */
interface Placeable {
  current: ReadonlyMap<string, SourceFile>;
  base: ReadonlyMap<string, SourceFile>;
  removedFiles: ReadonlySet<string>;
  placer: Placer;
}

/**
 * A rule's severity in a file, `off` in a file not reported on. Rules ask of nearly every entity
 * (`isReported`), and their reports come file after file: the answer is worked out once for each run
 * of questions about one file.
 */
function severityInFile(ruleId: string, severityFor: EngineInput['severityFor'], reportOn: (path: string) => boolean): (path: string) => SeverityOrOff {
  let lastFile: string | undefined;
  let severity: SeverityOrOff = 'off';
  return (path) => {
    if (path !== lastFile) {
      lastFile = path;
      severity = reportOn(path) ? severityFor(ruleId, path) : 'off';
    }
    return severity;
  };
}

/**
 * Keeps a rule's reports in the files reported on, and asks for their places. A function of its own:
 * `startEngine` runs once, so V8 never optimizes its loops, and this one runs for every report of a
 * workspace (20,000 in the bench's), its property reads each a call into V8 while unoptimized.
 */
function keepReports(rule: Rule, reports: readonly RuleReport[], severityIn: (path: string) => SeverityOrOff, kept: (KeptReport | undefined)[], placer: Placer): void {
  for (let i = 0; i < reports.length; i++) {
    const report = reports[i]!;
    const configured = severityIn(report.at.file);
    if (configured === 'off') continue;
    kept.push({ rule, report, severity: report.severity ?? configured });
    placer.request(report.at, report.target);
    if (report.related) for (const r of report.related) placer.request(r.at, r.target);
    const data = report.data;
    if (data) for (const name in data) if (typeof data[name] === 'object') requestPlaces(data[name]!, placer);
  }
}

/** Asks for the place of every `Ref` in a message value. */
function requestPlaces(value: MessageValue, placer: Placer): void {
  if (isList(value)) for (const item of value) requestPlaces(item, placer);
  else if (typeof value === 'object') placer.request(value, undefined);
}

function isList(value: MessageValue): value is readonly MessageValue[] {
  return Array.isArray(value);
}

/**
 * Places pointers in files in two steps: `request` every place first, then `resolve` parses each
 * file once, places all its requests and drops the parse tree, so a large workspace never holds
 * every file's tree at the same time.
 */
class Placer {
  // A request is the ref itself when it asks for the value (most do): no object of its own.
  private readonly requests = new Map<SourceFile, Map<string, { doc: number; pointer: string; target?: Target | undefined }>>();
  private readonly placed = new Map<SourceFile, Map<string, Located>>();

  constructor(private readonly fileOf: (path: string) => SourceFile | undefined) {}

  /** The path requested last and its requests: most requests come in runs from one file. */
  private lastPath: string | undefined;
  private lastWanted: Map<string, { doc: number; pointer: string; target?: Target | undefined }> | undefined;

  request(ref: Ref, target: Target | undefined): void {
    let wanted = ref.file === this.lastPath ? this.lastWanted : undefined;
    if (!wanted) {
      const file = this.fileOf(ref.file);
      if (!file) return;
      wanted = this.requests.get(file);
      if (!wanted) this.requests.set(file, (wanted = new Map()));
      this.lastPath = ref.file;
      this.lastWanted = wanted;
    }
    wanted.set(placeKey(ref, target), target === undefined ? ref : { doc: ref.doc, pointer: ref.pointer, target });
  }

  /** Forgets the last path requested: its requests are about to leave `requests`. */
  private forgetLast(): void {
    this.lastPath = undefined;
    this.lastWanted = undefined;
  }

  /** Takes the requests of the files `include` accepts out of this placer, per path. */
  claim(include: (file: SourceFile) => boolean): Map<string, PlaceRequest[]> {
    this.forgetLast();
    const out = new Map<string, PlaceRequest[]>();
    for (const [file, wanted] of this.requests) {
      if (!include(file)) continue;
      out.set(file.path, [...wanted].map(([key, w]) => ({ key, doc: w.doc, pointer: w.pointer, target: w.target })));
      this.requests.delete(file);
    }
    return out;
  }

  /** Places found elsewhere (a worker thread, the cache): the requests they answer are done. */
  provide(file: SourceFile, placed: Iterable<readonly [string, Located]>): void {
    this.forgetLast();
    const into = this.placed.get(file) ?? new Map<string, Located>();
    const wanted = this.requests.get(file);
    for (const [key, located] of placed) {
      into.set(key, located);
      wanted?.delete(key);
    }
    this.placed.set(file, into);
    if (wanted?.size === 0) this.requests.delete(file);
  }

  /** Whether places are still wanted in a file. */
  wants(file: SourceFile): boolean {
    return this.requests.has(file);
  }

  /** Every place found so far in a file. */
  placedIn(file: SourceFile): ReadonlyMap<string, Located> | undefined {
    return this.placed.get(file);
  }

  resolve(): void {
    this.forgetLast();
    for (const [file, wanted] of this.requests) {
      const placed = this.placed.get(file) ?? new Map<string, Located>();
      // A file whose text the run let go is read again, once, for all its places.
      const source = file.reload?.() ?? file;
      for (const [key, { doc, pointer, target }] of wanted) placed.set(key, locate(source, doc, pointer, target));
      this.placed.set(file, placed);
      file.parsedNodes = undefined;
      file.spans = undefined;
    }
    this.requests.clear();
  }

  /** The place of a ref: resolved in bulk when requested before, else located now. */
  get(file: SourceFile, ref: Ref, target: Target | undefined): Located {
    return this.placed.get(file)?.get(placeKey(ref, target)) ?? locate(file.reload?.() ?? file, ref.doc, ref.pointer, target);
  }
}

/**
 * What identifies a place in a file. Almost every place is the value at a pointer of the first
 * document: its key is the pointer itself, no new string to build and hash. Others get a prefix that
 * no pointer has (a pointer is empty or starts with `/`).
 */
function placeKey(ref: Ref, target: Target | undefined): string {
  return ref.doc === 0 && target !== 'key' ? ref.pointer : `${ref.doc}\u0000${target ?? 'value'}\u0000${ref.pointer}`;
}

const FIRST_LINE = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Where a ref lies, as a range; a file the change removed gives its first line. */
function placeOf(files: Placeable, ref: Ref, target: Target | undefined, strict: boolean): Range {
  const file = files.current.get(ref.file) ?? files.base.get(ref.file);
  if (!file) {
    if (files.removedFiles.has(ref.file)) return FIRST_LINE;
    throw new Error(`no file \`${ref.file}\` in the workspace`);
  }
  const located = files.placer.get(file, ref, target);
  if (strict && !located.exact) throw new Error(`pointer \`${ref.pointer}\` does not resolve in \`${ref.file}\``);
  return located.range;
}

/** Places a report in the source and renders its message. */
function finalize(rule: Rule, report: RuleReport, severity: Diagnostic['severity'], files: Placeable, display: (p: string) => string, strict: boolean): Diagnostic {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId \`${report.messageId}\``);
  // Odd parts of a template are placeholder names, even parts text. Joined once, the message is one
  // flat string: added up piece by piece it would be a tree of a dozen partial strings, and a
  // workspace can hold a million messages.
  const parts = templateParts(template);
  const pieces = [parts[0]!];
  for (let i = 1; i < parts.length; i += 2) {
    const value = report.data?.[parts[i]!];
    if (value === undefined) throw new Error(`message \`${report.messageId}\` needs data \`${parts[i]}\``);
    pieces.push(renderValue(value, report.at.file, files, display), parts[i + 1]!);
  }
  const message = pieces.join('');
  const diagnostic: Diagnostic = {
    ruleId: rule.id, severity, message, messageId: report.messageId, filePath: report.at.file, doc: report.at.doc,
    pointer: report.at.pointer, range: placeOf(files, report.at, report.target, strict),
  };
  if (report.related?.length) {
    diagnostic.related = report.related.map((r): RelatedLocation => ({
      filePath: r.at.file, doc: r.at.doc, pointer: r.at.pointer, range: placeOf(files, r.at, r.target, strict), message: r.message,
    }));
  }
  return diagnostic;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/;
const templates = new Map<string, string[]>();

/** A message template split at its `{{name}}` placeholders, once per template: text, name, text, ... */
function templateParts(template: string): string[] {
  let parts = templates.get(template);
  if (!parts) templates.set(template, (parts = template.split(PLACEHOLDER)));
  return parts;
}

/**
 * A `Ref` in message data reads as `line:col` in the same file, `path:line:col` elsewhere, and
 * `REF:path:line` in the base version (`HEAD~1:net/circuits.yaml:12`, as `git show` names it); a
 * list reads as its items one after another.
 */
function renderValue(value: MessageValue, currentFile: string, files: Placeable, display: (p: string) => string): string {
  if (typeof value !== 'object') return String(value);
  if (isList(value)) return value.map((item) => renderValue(item, currentFile, files, display)).join('');
  const baseFile = files.base.get(value.file);
  if (baseFile) return `${baseFile.path}:${files.placer.get(baseFile, value, undefined).range.start.line}`;
  const file = files.current.get(value.file);
  if (!file) throw new Error(`no file \`${value.file}\` in the workspace`);
  const { start } = files.placer.get(file, value, undefined).range;
  return value.file === currentFile ? `${start.line}:${start.column}` : `${display(value.file)}:${start.line}:${start.column}`;
}

/** A file's result with its counts; the one place that counts errors, warnings and fatal errors. */
export function fileResult(filePath: string, diagnostics: Diagnostic[], suppressed: Diagnostic[] = []): FileResult {
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errorCount++;
    else warningCount++;
    if (d.fatal) fatalErrorCount++;
  }
  return { filePath, diagnostics, ...(suppressed.length > 0 ? { suppressed } : {}), errorCount, warningCount, fatalErrorCount };
}

/** The order of every output: line, column, rule id, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line
    || a.range.start.column - b.range.start.column
    || compareText(a.ruleId, b.ruleId)
    || compareText(a.message, b.message);
}

function dedupe(sorted: Diagnostic[]): Diagnostic[] {
  return sorted.filter((d, i) => {
    const prev = sorted[i - 1];
    return !prev || compareDiagnostics(prev, d) !== 0 || prev.pointer !== d.pointer || prev.doc !== d.doc;
  });
}

/** Code-point order, independent of the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
