/** Shared types of erlint: positions, diagnostics, rules and results. This module imports nothing. */

/** How much a finding matters; `off` exists only in configuration. */
export type Severity = 'error' | 'warn';
export type SeverityOrOff = Severity | 'off';

/** A place in a source text: `line` and `column` are 1-based, `offset` is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range: `end` is the position just after the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** A value inside a workspace: file, document of a YAML stream, and RFC 6901 JSON Pointer. */
export interface Ref {
  file: string;
  /** Index of the document within a multi-document YAML stream; 0 for JSON and single documents. */
  doc: number;
  pointer: string;
}

/** Which part of a mapping entry a finding marks: the key (`name:`) or its value. */
export type Target = 'key' | 'value';

/** A secondary place a finding is about: the other duplicate, the first definition, ... */
export interface RelatedLocation {
  filePath: string;
  doc: number;
  pointer: string;
  range: Range;
  message: string;
}

/** Ids reported by erlint itself rather than by a rule. */
export type BuiltinId = 'syntax' | 'schema' | 'config' | 'internal';

/** One finding, with both the structural address (pointer) and the source range. */
export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId?: string;
  filePath: string;
  doc: number;
  /** RFC 6901 pointer to the value; `''` is the document root. */
  pointer: string;
  range: Range;
  related?: RelatedLocation[];
  suggestions?: string[];
  /** The file could not be parsed (ESLint's notion of a fatal message). */
  fatal?: boolean;
  /** Present on a suppressed finding: the comments that suppressed it. */
  suppressions?: { kind: 'directive'; justification: string }[];
}

/** Result for one file, the shape the `json` format prints (before ESLint renaming). */
export interface FileResult {
  filePath: string;
  diagnostics: Diagnostic[];
  /** Findings that suppression comments silenced; they count for nothing but are kept for reports. */
  suppressed?: Diagnostic[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
}

/** JSON Schema for a rule's options (validated with ajv when the config is resolved). */
export type OptionsSchema = Record<string, unknown>;

/** A rule's metadata: everything the registry, the docs and the formatters need. */
export interface RuleMeta {
  description: string;
  defaultSeverity: Severity;
  recommended: boolean;
  /** A change-aware rule: silent unless a base version of the workspace is given. */
  needsBase?: boolean;
  /** Message templates by id; `{{name}}` placeholders are filled from the report's `data`. */
  messages: Record<string, string>;
  options?: OptionsSchema;
  /** Options used when the config gives none; must satisfy `options`. */
  defaultOptions?: Record<string, unknown>;
  docsUrl: string;
}

/**
 * A value that a message placeholder may take. A `Ref` reads as its place (`line:col`, or
 * `path:line:col` in another file); a list reads as its items one after another, for a sentence that
 * names several places (`['circuits `a` (at ', refA, ') and `b` (at ', refB, ')']`).
 */
export type MessageValue = string | number | boolean | Ref | readonly MessageValue[];

/** What a rule reports: a message, the place, and optional related places. */
export interface RuleReport {
  messageId: string;
  data?: Record<string, MessageValue>;
  at: Ref;
  target?: Target;
  related?: { at: Ref; target?: Target; message: string }[];
  /**
   * Caps the severity of this one finding at `warn` (a rule whose checks differ in weight, such as
   * a subnet that is too small versus smaller than recommended). The configured severity still
   * rules: `off` drops it, `warn` keeps it a warning.
   */
  severity?: 'warn';
}
