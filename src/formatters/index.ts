/** Output formats. Each takes results and the rules' docs links and returns the text to print. */
import { createRequire } from 'node:module';
import type eslintFormatterPretty from 'eslint-formatter-pretty';
import type { FileResult } from '../types.js';
import { toEslintResults } from './eslint-compat.js';
import { junit } from './junit.js';
import { sarif, sarifChunks } from './sarif.js';
import { compact, github } from './text.js';

/** A rule (or built-in id) as reports describe it. */
export interface FormatRule {
  id: string;
  description: string;
  fullDescription?: string;
  defaultSeverity: 'error' | 'warn';
  docsUrl: string;
}

/** What a formatter needs besides the results. */
export interface FormatContext {
  /** Docs link per rule id, built-in ids included, so no id is ever linked to ESLint's docs. */
  docsUrls: ReadonlyMap<string, string>;
  cwd: string;
  /** Every rule and built-in id, for formats that describe them (SARIF). */
  rules: readonly FormatRule[];
  version: string;
  informationUri: string;
}

export type Formatter = (results: readonly FileResult[], context: FormatContext) => string;

/** `json`: ESLint-compatible, sorted by file, line, column, rule. */
export const json: Formatter = (results) => [...jsonChunks(results)].join('');

/** The `json` output in pieces, one a file: the same text, never one string past V8's limit. */
function* jsonChunks(results: Iterable<FileResult>): Generator<string> {
  yield '[';
  // Converted a file at a time: the ESLint-shaped copy of a whole large report never exists at once.
  let first = true;
  for (const result of results) {
    yield `${first ? '' : ','}${JSON.stringify(toEslintResults([result])[0])}`;
    first = false;
  }
  yield ']\n';
}

/** `pretty`: eslint-formatter-pretty, with rule ids linked to erlint's own docs; empty when clean. */
export const pretty: Formatter = (results, { docsUrls }) => {
  // What the formatter prints for no findings: nothing (a clean run need not load it).
  if (results.every((r) => r.diagnostics.length === 0)) return '';
  // The formatter sorts its input in place: give it copies.
  const eslintResults = toEslintResults(results).map((r) => ({ ...r, messages: [...r.messages] }));
  const rulesMeta = Object.fromEntries([...docsUrls].map(([id, url]) => [id, { docs: { url } }]));
  return loadPretty()(eslintResults as never, { rulesMeta, cwd: process.cwd() } as never);
};

let prettyFormatter: typeof eslintFormatterPretty | undefined;

/** eslint-formatter-pretty takes about 55 ms to load: only runs that print `pretty` load it. */
function loadPretty(): typeof eslintFormatterPretty {
  prettyFormatter ??= (createRequire(import.meta.url)('eslint-formatter-pretty') as { default: typeof eslintFormatterPretty }).default;
  return prettyFormatter;
}

/** The formats by name. */
export const formatters: Readonly<Record<string, Formatter>> = { compact, github, json, junit, pretty, sarif };

/** The formats whose output `formatChunks` makes a file at a time, as it iterates the results. */
export const STREAMED_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif']);

/**
 * A format's output as pieces to write one after another: what the command line uses, so that the
 * JSON and SARIF of a very large workspace never have to fit in one string. Those two read the
 * results once, in order, a file at a time (`STREAMED_FORMATS`): the results may be made as they
 * are read (`lintFilesLazily`).
 */
export function formatChunks(format: string, results: Iterable<FileResult>, context: FormatContext): Iterable<string> {
  if (format === 'json') return jsonChunks(results);
  if (format === 'sarif') return sarifChunks(results, context);
  const formatter = formatters[format];
  if (!formatter) throw new Error(`Unknown format \`${format}\``);
  return [formatter(Array.isArray(results) ? results : [...results], context)];
}
