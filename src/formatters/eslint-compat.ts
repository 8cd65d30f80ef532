/** erlint results in ESLint's `LintResult` shape, which the `json` format prints and `pretty` reads. */
import type { Diagnostic, FileResult, RelatedLocation } from '../types.js';

/** One message as ESLint prints it, plus erlint's JSON Pointer (`path`) and related places. */
export interface EslintMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** RFC 6901 pointer to the value the finding is about. */
  path: string;
  /** 0-based document index in a YAML stream; present only when it is not the first document. */
  document?: number;
  fatal?: true;
  related?: { filePath: string; line: number; column: number; endLine: number; endColumn: number; path: string; message: string }[];
  /** On suppressed messages: the comments that suppressed them, with their reasons (ESLint's shape). */
  suppressions?: { kind: 'directive'; justification: string }[];
}

/** One file's results in ESLint's shape. */
export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: EslintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: 0;
  fixableWarningCount: 0;
}

/** Converts results, keeping erlint's order (file, line, column, rule). */
export function toEslintResults(results: readonly FileResult[]): EslintResult[] {
  return results.map((r) => ({
    filePath: r.filePath,
    messages: r.diagnostics.map(toEslintMessage),
    suppressedMessages: (r.suppressed ?? []).map(toEslintMessage),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    fatalErrorCount: r.fatalErrorCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  }));
}

function toEslintMessage(d: Diagnostic): EslintMessage {
  // Optional properties are added in the order they print: no short-lived objects to spread, for
  // each of what may be a million messages.
  const message: EslintMessage = {
    ruleId: d.ruleId,
    severity: d.severity === 'error' ? 2 : 1,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    path: d.pointer,
  };
  if (d.doc !== 0) message.document = d.doc;
  if (d.fatal) message.fatal = true;
  if (d.related?.length) message.related = d.related.map(toRelated);
  if (d.suppressions) message.suppressions = d.suppressions;
  return message;
}

function toRelated(r: RelatedLocation): NonNullable<EslintMessage['related']>[number] {
  return {
    filePath: r.filePath, line: r.range.start.line, column: r.range.start.column,
    endLine: r.range.end.line, endColumn: r.range.end.column, path: r.pointer, message: r.message,
  };
}
