/** `compact` and `github`: one line per finding, for grep, editors and GitHub Actions. */
import { relative, sep } from 'node:path';
import type { Diagnostic, FileResult } from '../types.js';
import type { Formatter } from './index.js';

/** A path as users and CI systems expect it: relative to the working directory, with `/`. */
export function displayPath(filePath: string, cwd: string): string {
  const rel = relative(cwd, filePath);
  return (rel === '' ? filePath : rel).split(sep).join('/');
}

function* findings(results: readonly FileResult[]): Generator<[FileResult, Diagnostic]> {
  for (const result of results) for (const d of result.diagnostics) yield [result, d];
}

/** `compact`: `file:line:col: severity message [rule-id]`. */
export const compact: Formatter = (results, { cwd }) => {
  const lines: string[] = [];
  for (const [result, d] of findings(results)) {
    lines.push(`${displayPath(result.filePath, cwd)}:${d.range.start.line}:${d.range.start.column}: ${d.severity === 'error' ? 'error' : 'warning'} ${d.message} [${d.ruleId}]`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
};

// actions/toolkit command.ts: `%` first, so a literal `%0A` in a message stays literal.
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `github`: workflow commands that GitHub Actions shows as annotations on the pull request. */
export const github: Formatter = (results, { cwd }) => {
  const lines: string[] = [];
  for (const [result, d] of findings(results)) {
    const { start, end } = d.range;
    const properties: [string, string | number][] = [['file', displayPath(result.filePath, cwd)], ['line', start.line], ['endLine', end.line]];
    // GitHub uses columns only for a one-line range.
    if (start.line === end.line) properties.push(['col', start.column], ['endColumn', end.column]);
    properties.push(['title', `erlint (${d.ruleId})`]);
    const command = d.severity === 'error' ? 'error' : 'warning';
    lines.push(`::${command} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(d.message)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
};
