/**
 * The registry against everything that describes it: file names, docs, doc examples, the README
 * table and the config schema's rule-id enum. Adding a rule without its doc or fixtures fails here.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText, readRegistry, RouteOriginRegistry, rules } from '../src/index.js';
import { rulesMarkdownTable } from '../src/cli/table.js';
import { repoRoot } from './helpers/fixtures.js';

const DOC_SECTIONS = ['Why this matters', 'Examples', 'Options', 'How to fix', 'References'];
const exampleRegistryPath = join(repoRoot, 'examples/registry/roas.json');
const exampleRegistry = new RouteOriginRegistry([readRegistry(exampleRegistryPath, readFileSync(exampleRegistryPath, 'utf8'))]);

describe('rule registry', () => {
  it('is sorted, unique, and matches the files in rules/', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    const modules = readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(modules.sort()).toEqual(ids);
    expect(readdirSync(join(repoRoot, 'fixtures/rules')).sort()).toEqual(ids);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has consistent metadata', (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    expect(rule.meta.description).toMatch(/^[A-Z].*[^.]$/);
    expect(rule.meta.docsUrl).toBe(`https://github.com/erlint/erlint/blob/v${JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version}/rules/${id}.md`);
    const source = readFileSync(join(repoRoot, 'rules', `${id}.ts`), 'utf8');
    for (const [messageId, template] of Object.entries(rule.meta.messages)) {
      expect(source, `messageId ${messageId} is never reported`).toContain(`'${messageId}'`);
      expect(template, 'messages are one sentence without a trailing period').not.toMatch(/\.$/);
    }
    // Rules import the rule kit and nothing else of erlint.
    for (const [, spec] of source.matchAll(/from '([^']+)'/g)) expect(spec).toBe('../src/rule-kit.js');
    // A rule runs once a run, mostly before V8 optimizes it, and a `for...of` loop in unoptimized code
    // makes an iterator result for every element: rules walk the model's lists by index.
    const modelListLoop = /for \(const \w+ of (?:topology|base|circuit|vnet|filter|gateway)\.\w+\)/;
    expect(source, 'a rule loops over a list of the model with for...of').not.toMatch(modelListLoop);
  });
});

describe.each(rules.map((r) => r.id))('rules/%s.md', (id) => {
  const path = join(repoRoot, 'rules', `${id}.md`);
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const rule = rules.find((r) => r.id === id)!;

  it('starts with the id and the description, then the sections in order', () => {
    const lines = doc.split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    expect(lines[2]).toBe(rule.meta.description);
    const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual(DOC_SECTIONS);
  });

  // A `yaml base` block is the workspace before the change for the examples after it.
  const blocks: { kind: string; code: string; base?: string }[] = [];
  let base: string | undefined;
  for (const m of doc.matchAll(/```yaml (incorrect|correct|base)\n([\s\S]*?)```/g)) {
    if (m[1] === 'base') base = m[2]!;
    else blocks.push({ kind: m[1]!, code: m[2]!, ...(base !== undefined ? { base } : {}) });
  }

  it('has at least one incorrect and one correct example', () => {
    expect(blocks.some((b) => b.kind === 'incorrect')).toBe(true);
    expect(blocks.some((b) => b.kind === 'correct')).toBe(true);
  });

  it.each(blocks.map((b, i) => [`${b.kind} example ${i + 1}`, b] as const))('%s behaves as labelled', (_, block) => {
    // Doc examples may rely on the example routing-registry data shipped with the project.
    const result = lintText(block.code, {
      filePath: `${id}-example.yaml`, only: [id], strictLocations: true, registry: exampleRegistry,
      ...(block.base !== undefined ? { baseText: block.base } : {}),
    });
    expect(result.internalError).toBe(false);
    const others = result.diagnostics.filter((d) => d.ruleId !== id);
    expect(others.map((d) => `${d.ruleId}: ${d.message}`), 'examples must be otherwise valid').toEqual([]);
    if (block.kind === 'incorrect') expect(result.diagnostics.length).toBeGreaterThan(0);
    else expect(result.diagnostics).toEqual([]);
  });
});

describe('README', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

  it('has a rule table equal to the registry', () => {
    const table = /<!-- rules:start -->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(table, `expected README table:\n${rulesMarkdownTable(rules)}`).toBe(rulesMarkdownTable(rules));
  });

  it('gives the two quick-start commands', () => {
    const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = quickStart.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm run example', 'npm test']);
  });
});

describe('schemas/config.schema.json', () => {
  it('lists exactly the registry ids as rule names', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/config.schema.json'), 'utf8'));
    expect(schema.$defs.rules.propertyNames.enum).toEqual(rules.map((r) => r.id));
  });
});
