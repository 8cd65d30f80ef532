/** The rule table of the README and of `erlint rules --format markdown`; a test keeps them equal. */
import type { Rule } from '../index.js';

/** A Markdown table of the rules, one row each, linking each id to its doc. */
export function rulesMarkdownTable(rules: readonly Pick<Rule, 'id' | 'meta'>[]): string {
  const lines = ['| rule | severity | recommended | needs a base | description |', '| --- | --- | --- | --- | --- |'];
  for (const r of rules) lines.push(`| [\`${r.id}\`](rules/${r.id}.md) | ${r.meta.defaultSeverity} | ${r.meta.recommended ? 'yes' : 'no'} | ${r.meta.needsBase ? 'yes' : ''} | ${r.meta.description} |`);
  return lines.join('\n');
}
