/**
 * Positions from js-yaml events must equal positions from `yaml` for every value and key of every
 * plain file: the fast locator is checked exhaustively, pointer by pointer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../src/loader/locate.js';
import { loadSource } from '../src/loader/load.js';
import { afterOf, endOf, kindOf, NULL_NODE, readWithSpans, SCALAR_NODE, SEQUENCE_NODE, SpanTreeBuilder, startOf, unlessGivenUp } from '../src/loader/fast-locate.js';
import { formatPointer } from '../src/pointer.js';
import { fixturesDir, repoRoot } from './helpers/fixtures.js';

function pointers(value: unknown, path: (string | number)[] = []): string[] {
  const here = [formatPointer(path)];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pointers(v, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pointers(v, [...path, k]))];
  return here;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/**
 * Compares both locators on every pointer (and a few that do not resolve). Returns how many plain
 * files it checked and how many of them had to fall back to `yaml` (correct, only slower).
 */
function compare(files: string[]): { plain: number; fellBack: string[] } {
  let plain = 0;
  const fellBack: string[] = [];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const fast = loadSource(path, text);
    if (!fast.plain) continue;
    plain++;
    const slow = loadSource(path, text, path.endsWith('.json') ? 'json' : 'yaml', { fastPath: false });
    // A file the cache served has no span tree: `locate` builds it on first use.
    const served = { ...fast, spans: undefined };
    // Most plain YAML is read by erlint's scanner; js-yaml's events build the tree of the rest,
    // and must place every pointer the same way.
    const jsYamlTree = path.endsWith('.json') ? undefined : readWithSpans(text)?.tree;
    const viaJsYaml = jsYamlTree ? { ...fast, spans: jsYamlTree } : undefined;
    fast.documents.forEach((doc, index) => {
      // Besides every pointer that resolves: missing keys, and indexes out of range or not written as
      // an index (a leading zero, a sign, a space).
      for (const pointer of [...pointers(doc.data), '/nope', '/circuits/999', '/circuits/0/nope/deeper', '/', '/tags/list/010', '/tags/list/+1', '/tags/list/ 1', '/tags/~001/01', '/tags/~001/']) {
        for (const target of ['value', 'key'] as const) {
          const a = locate(fast, index, pointer, target);
          const b = locate(slow, index, pointer, target);
          expect({ ...a, where: `${path} ${pointer} ${target}` }).toEqual({ ...b, where: `${path} ${pointer} ${target}` });
          expect(locate(served, index, pointer, target)).toEqual(b);
          if (viaJsYaml) expect(locate(viaJsYaml, index, pointer, target)).toEqual(b);
        }
      }
    });
    if (fast.parsedNodes || served.parsedNodes) fellBack.push(path);
  }
  return { plain, fellBack };
}

describe('positions from js-yaml events', () => {
  it('equal those from yaml on every plain fixture and example', () => {
    const { plain, fellBack } = compare([...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))]);
    expect(plain).toBeGreaterThan(50);
    expect(fellBack).toEqual([]);
  });

  it('match keys whose value is not their text as written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-keys-'));
    // Keys js-yaml reads as something else than their text (booleans, numbers, null, a doubled
    // quote), quoted keys, and a folded plain value: the span tree keeps only what differs.
    writeFileSync(join(dir, 'keys.yaml'), [
      'version: 1',
      'tags:',
      '  True: a',
      '  1.50: b',
      "  'it''s': c",
      '  "quoted": d',
      "  'single': e",
      '  +12: g',
      '  plain: folded',
      '    over two lines',
      '  flow: { "x": 1, \'y\': [ 2, "three" ], z: ok }  # a comment',
      '  empty: ""',
      "  'a/b': slash",
      '  "c~d~1": tilde',
      '  list: [x, y, z, w, v, u, t, s, r, q, p]',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'keys.json'), '{"version": 1, "tags": {"a b": "c", "": "empty key", "10": [true, null], "x/y~z": 1, "~01": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}}\n');
    const { plain, fellBack } = compare([join(dir, 'keys.yaml'), join(dir, 'keys.json')]);
    expect(plain).toBe(2);
    expect(fellBack).toEqual([]);
  });

  it('equal those from yaml where a span or a subtree outgrows 16 bits', () => {
    // The tree keeps starts as their low 16 bits, ends as 16-bit distances and afters as 13-bit
    // ones, and the ones that do not fit apart: a value of 70,000 characters, one of 140,000 (a
    // start past two multiples of 65,536 at once), a list of 70,000 entries, and what comes after.
    const items = Array.from({ length: 70_000 }, (_, i) => `    - ${i}\n`).join('');
    for (const text of [
      `version: 1\ntags:\n  long: ${'a'.repeat(70_000)}\n  longer: ${'b'.repeat(140_000)}\n  big:\n${items}  after: end\n`,
      `{"version": 1, "tags": {"long": "${'a'.repeat(70_000)}", "longer": "${'b'.repeat(140_000)}", "big": [${Array.from({ length: 70_000 }, (_, i) => i).join(', ')}], "after": "end"}}\n`,
    ]) {
      const path = text.startsWith('{') ? 'far.json' : 'far.yaml';
      const fast = loadSource(path, text);
      const slow = loadSource(path, text, path.endsWith('.json') ? 'json' : 'yaml', { fastPath: false });
      expect(fast.plain).toBe(true);
      for (const pointer of ['', '/version', '/tags', '/tags/long', '/tags/longer', '/tags/big', '/tags/big/0', '/tags/big/8190', '/tags/big/8191', '/tags/big/65535', '/tags/big/69999', '/tags/big/70000', '/tags/after', '/tags/nope']) {
        for (const target of ['value', 'key'] as const) {
          expect({ ...locate(fast, 0, pointer, target), where: `${path} ${pointer} ${target}` }).toEqual({ ...locate(slow, 0, pointer, target), where: `${path} ${pointer} ${target}` });
        }
      }
      // Placed from the span tree, not from `yaml`.
      expect(fast.parsedNodes).toBeUndefined();
      expect(fast.spans?.farAfters.size).toBeGreaterThan(0);
      expect(fast.spans?.farEnds.size).toBeGreaterThan(0);
      expect(fast.spans?.startBlocks.length).toBeGreaterThan(3);
    }
  });

  it('are not made when a node would start before the one ahead of it', () => {
    // The scanners open nodes in document order; a tree that did not would have its starts wrong.
    const nodes = new SpanTreeBuilder(100);
    nodes.leaf(SCALAR_NODE, 10, 12);
    nodes.leaf(SCALAR_NODE, 5, 7);
    expect(unlessGivenUp(() => nodes.tree([0]))).toBeUndefined();
    const ordered = new SpanTreeBuilder(100);
    const root = ordered.open(SEQUENCE_NODE, 0);
    ordered.leaf(SCALAR_NODE, 2, 4);
    ordered.leaf(NULL_NODE, 70_000, 70_000);
    ordered.close(root, 70_000);
    const tree = unlessGivenUp(() => ordered.tree([0]))!;
    expect([0, 1, 2].map((i) => [startOf(tree, i), endOf(tree, i), afterOf(tree, i), kindOf(tree, i)])).toEqual([
      [0, 70_000, 3, SEQUENCE_NODE], [2, 4, 2, SCALAR_NODE], [70_000, 70_000, 3, NULL_NODE],
    ]);
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs')))('equal those from yaml on generated workspaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-gen-'));
    execFileSync(process.execPath, [join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs'), '--out', dir, '--files', '30', '--circuits', '4', '--defects', '0.3', '--seed', '3']);
    const { plain, fellBack } = compare(readdirSync(dir).map((f) => join(dir, f)));
    expect(plain).toBeGreaterThan(20);
    expect(fellBack).toEqual([]);
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite')))('equal those from yaml on the plain cases of the YAML test suite', () => {
    const inputs = filesUnder(join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite')).filter((f) => f.endsWith('in.yaml'));
    compare(inputs);
    const json = join(repoRoot, '..', 'shared', 'data', 'json-test-suite', 'test_parsing');
    compare(readdirSync(json).filter((n) => n.startsWith('y_')).map((n) => join(json, n)));
  });
});
