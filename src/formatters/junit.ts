/** `junit`: one test case per file and rule, for CI systems that show test reports. */
import type { Diagnostic } from '../types.js';
import type { Formatter } from './index.js';
import { displayPath } from './text.js';

function escapeXml(text: string): string {
  // XML 1.0 allows no control characters but tab, newline and carriage return.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

export const junit: Formatter = (results, { cwd }) => {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const result of results) {
    const path = displayPath(result.filePath, cwd);
    const byRule = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) byRule.set(d.ruleId, [...(byRule.get(d.ruleId) ?? []), d]);
    const cases: string[] = [];
    if (byRule.size === 0) cases.push(`    <testcase classname="${escapeXml(path)}" name="erlint" time="0"/>`);
    for (const [ruleId, list] of [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const errors = list.filter((d) => d.severity === 'error');
      const body = list.map((d) => `${path}:${d.range.start.line}:${d.range.start.column} ${d.severity === 'error' ? 'error' : 'warning'} ${d.message}`).join('\n');
      if (errors.length > 0) {
        cases.push(`    <testcase classname="${escapeXml(path)}" name="${escapeXml(ruleId)}" time="0">\n      <failure type="${escapeXml(ruleId)}" message="${escapeXml(`${list.length} ${list.length === 1 ? 'finding' : 'findings'}: ${list[0]!.message}`)}">${escapeXml(body)}</failure>\n    </testcase>`);
      } else {
        // Warnings do not fail the run; they are shown as the test case's output.
        cases.push(`    <testcase classname="${escapeXml(path)}" name="${escapeXml(ruleId)}" time="0">\n      <system-out>${escapeXml(body)}</system-out>\n    </testcase>`);
      }
    }
    const failures = [...byRule.values()].filter((l) => l.some((d) => d.severity === 'error')).length;
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(`  <testsuite name="${escapeXml(path)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="erlint" tests="${totalTests}" failures="${totalFailures}" errors="0" time="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
};
