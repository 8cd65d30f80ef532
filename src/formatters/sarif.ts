/** `sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDEs). */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic, FileResult } from '../types.js';
import type { Formatter } from './index.js';
import { displayPath } from './text.js';

const SRCROOT = '%SRCROOT%';

export const sarif: Formatter = (results, context) => [...sarifChunks(results, context)].join('');

/**
 * The SARIF log in pieces: exactly `JSON.stringify(log, null, 2)`, but without ever building that
 * one string, which for hundreds of thousands of findings would pass V8's largest string. It reads
 * the results once, in order, and writes each file's findings as it comes to them.
 */
export function* sarifChunks(results: Iterable<FileResult>, { cwd, rules, version, informationUri }: Parameters<Formatter>[1]): Generator<string> {
  const descriptors: ReportingDescriptor[] = rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.fullDescription ?? r.description },
    helpUri: r.docsUrl,
    help: { text: `${r.description}. Documentation: ${r.docsUrl}` },
    defaultConfiguration: { level: r.defaultSeverity === 'error' ? 'error' : 'warning' },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (filePath: string, range: Diagnostic['range'], message?: string) => ({
    physicalLocation: {
      artifactLocation: { uri: displayPath(filePath, cwd), uriBaseId: SRCROOT },
      region: { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column },
    },
    ...(message ? { message: { text: message } } : {}),
  });

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'erlint', semanticVersion: version, version, informationUri, rules: descriptors } },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
      results: [],
    }],
  };
  const text = JSON.stringify(log, null, 2) + '\n';
  // `results` is the last member of the only run: its empty array closes the run.
  const marker = '\n      "results": []';
  const at = text.lastIndexOf(marker);
  const indent = '\n        ';
  let written = 0;
  for (const result of results) {
    const seen = new Map<string, number>();
    const all = [...result.diagnostics, ...(result.suppressed ?? [])];
    for (const d of all) {
      // Identity that survives lines moving: rule, file, document and JSON Pointer (numbered when repeated).
      const key = `${d.ruleId}\u0000${d.messageId ?? ''}\u0000${displayPath(result.filePath, cwd)}\u0000${d.doc}\u0000${d.pointer}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
      const ruleIndex = index.get(d.ruleId);
      const sarifResult: Result = {
        ruleId: d.ruleId,
        ...(ruleIndex !== undefined ? { ruleIndex } : {}),
        level: d.severity === 'error' ? 'error' : 'warning',
        message: { text: d.message },
        locations: [location(result.filePath, d.range)],
        partialFingerprints: { 'erlintFingerprint/v1': fingerprint },
        properties: { jsonPointer: d.pointer, ...(d.doc !== 0 ? { document: d.doc } : {}) },
        ...(d.related?.length ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, ...location(r.filePath, r.range, r.message) })) } : {}),
        ...(d.suppressions ? { suppressions: d.suppressions.map((s) => ({ kind: 'inSource' as const, ...(s.justification ? { justification: s.justification } : {}) })) } : {}),
      };
      yield `${written === 0 ? `${text.slice(0, at)}\n      "results": [` : ','}${indent}${JSON.stringify(sarifResult, null, 2).replaceAll('\n', indent)}`;
      written++;
    }
  }
  yield written === 0 ? text : `\n      ]${text.slice(at + marker.length)}`;
}
