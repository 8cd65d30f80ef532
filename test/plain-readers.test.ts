/**
 * erlint's own readers, for the plainest YAML and for the places in JSON, must give exactly what
 * js-yaml gives (the data) and what `yaml` gives (every place), wherever they do not give up; and
 * they must not give up on the files topology repositories are made of, or they would be dead weight.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readWithSpans } from '../src/loader/fast-locate.js';
import { jsonSpanTree } from '../src/loader/json-spans.js';
import { isPlainYaml } from '../src/loader/fast.js';
import { loadSource } from '../src/loader/load.js';
import { locate } from '../src/loader/locate.js';
import { scanPlainYaml } from '../src/loader/plain-yaml.js';
import jsYaml from 'js-yaml';
import { formatPointer } from '../src/pointer.js';
import type { SpanTree } from '../src/loader/fast-locate.js';
import { fixturesDir, repoRoot } from './helpers/fixtures.js';

function filesUnder(dir: string, pattern = /\.ya?ml$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), pattern) : pattern.test(e.name) ? [join(dir, e.name)] : []));
}

/** The same places as `yaml` for every pointer of `data`, through `tree`; else what differs. */
function placesDiffer(path: string, text: string, tree: SpanTree, data: unknown): string | undefined {
  const viaTree = loadSource(path, text);
  viaTree.spans = tree;
  const viaYaml = loadSource(path, text, undefined, { fastPath: false });
  if (viaYaml.syntax.length > 0) return `yaml finds a problem the scanner did not: ${viaYaml.syntax[0]!.message}`;
  for (const pointer of [...pointers(data), '/nope', '/circuits/999']) {
    for (const target of ['value', 'key'] as const) {
      const a = locate(viaTree, 0, pointer, target);
      const b = locate(viaYaml, 0, pointer, target);
      if (!isDeepStrictEqual(a, b)) return `${pointer} (${target}) at ${JSON.stringify(a.range)}, yaml says ${JSON.stringify(b.range)}`;
    }
  }
  return undefined;
}

function pointers(value: unknown, path: (string | number)[] = []): string[] {
  const here = [formatPointer(path)];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pointers(v, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pointers(v, [...path, k]))];
  return here;
}

/**
 * What is wrong with the scanner's reading of `text`, or undefined when it gave up or agrees with
 * `yaml` (no problem found, the same data, the same place for every pointer, key and value) and,
 * where the gate lets js-yaml read the text, with js-yaml's data to the last negative zero.
 */
function disagreement(text: string): string | undefined {
  const scanned = scanPlainYaml(text);
  if (!scanned) return undefined;
  const viaYaml = loadSource('f.yaml', text, 'yaml', { fastPath: false });
  if (viaYaml.syntax.length > 0) return `yaml finds a problem the scanner did not: ${viaYaml.syntax[0]!.message}`;
  if (viaYaml.documents.length !== 1 || JSON.stringify(viaYaml.documents[0]!.data) !== JSON.stringify(scanned.documents[0])) {
    return `data: ${JSON.stringify(scanned.documents)} against yaml's ${JSON.stringify(viaYaml.documents.map((d) => d.data))}`;
  }
  if (isPlainYaml(text)) {
    const reference = readWithSpans(text);
    if (!reference) return 'js-yaml refuses a text the scanner read';
    if (reference.numberLike) return 'the scanner read a number form it should leave to js-yaml';
    if (!isDeepStrictEqual(scanned.documents, reference.documents)) return `data: ${JSON.stringify(scanned.documents)} against js-yaml's ${JSON.stringify(reference.documents)}`;
  }
  return placesDiffer('f.yaml', text, scanned.tree, scanned.documents[0]);
}

/** Checks every text of `texts`; returns how many the scanner read. */
function checkAll(texts: string[]): number {
  let read = 0;
  for (const text of texts) {
    expect(disagreement(text), text.slice(0, 300)).toBeUndefined();
    if (scanPlainYaml(text)) read++;
  }
  return read;
}

describe('the plain YAML scanner', () => {
  it('reads the fixtures and examples as js-yaml and yaml do', () => {
    const texts = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))].map((f) => readFileSync(f, 'utf8'));
    // Nearly every plain fixture is read by the scanner, not handed on.
    const plain = texts.filter((t) => isPlainYaml(t)).length;
    expect(checkAll(texts)).toBeGreaterThan(plain * 0.9);
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs')))('reads every YAML file of a generated workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-scan-'));
    execFileSync(process.execPath, [join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs'), '--out', dir, '--files', '30', '--circuits', '4', '--defects', '0.3', '--seed', '5']);
    const texts = filesUnder(dir).map((f) => readFileSync(f, 'utf8'));
    expect(texts.length).toBeGreaterThan(20);
    expect(checkAll(texts)).toBe(texts.length);
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite')))('agrees on the YAML test suite, inputs and expected outputs', () => {
    const texts = filesUnder(join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite')).map((f) => readFileSync(f, 'utf8'));
    expect(checkAll(texts)).toBeGreaterThan(10);
  });

  it('reads what it reads exactly, and leaves the rest to js-yaml', () => {
    const read = (text: string) => scanPlainYaml(text)?.documents[0];
    expect(read('a: 1\nb: -0\nc: +12\nd: 1.50\ne: -0.0\nf: ~\ng: True\nh: 10.0.0.1\ni: 2001:db8::/32\nj: 1:30\n')).toEqual({
      a: 1, b: 0, c: 12, d: 1.5, e: -0, f: null, g: true, h: '10.0.0.1', i: '2001:db8::/32', j: '1:30',
    });
    expect(Object.is((read('e: -0.0\n') as { e: number }).e, -0)).toBe(true);
    expect(read("k: 'it''s' # note\nl: \"a # b\"\nm: [x, 'y', \"z\"]\nn: { o: [1, {p: q}], r: s t }\nu:\nv: []\n")).toEqual({
      k: "it's", l: 'a # b', m: ['x', 'y', 'z'], n: { o: [1, { p: 'q' }], r: 's t' }, u: null, v: [],
    });
    expect(read('list:\n- a\n- b: 1\n  c: 2\nafter:\n  - [1, 2]\n')).toEqual({ list: ['a', { b: 1, c: 2 }], after: [[1, 2]] });
    // Number forms the core schemas read in their own ways, a plain scalar folded over two lines,
    // wrong indentation, a duplicate key, a block sequence in a sequence, a trailing comma, a
    // sequence at the root, a key `__proto__`: all handed on.
    for (const text of ['a: 0x1F\n', 'a: 1e3\n', 'a: 1_000\n', 'a: .inf\n', 'a: 012\n', 'a: 1.\n', 'a: .5\n', 'a: 12345678901234567\n',
      'a: b\n  c\n', 'a: 1\n b: 2\n', 'a: 1\na: 2\n', '- - a\n', 'a: [b, ]\n', '- a\n', '__proto__: 1\n', 'a:\n  b\n', '# only a comment\n', '']) {
      expect(scanPlainYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('finds suppression comments wherever the scanner meets a comment, and skips the search where it met none', () => {
    // A text without comments holds no directive; a comment on its own line, after a key and after a
    // value must each still be read as one.
    for (const text of [
      'version: 1\n# erlint-disable-file topology-unique-names\nedges: []\n',
      'version: 1\nedges: # erlint-disable-file topology-unique-names\n  - name: e\n',
      'version: 1 # erlint-disable-file topology-unique-names\nedges: []\n',
    ]) {
      const file = loadSource('f.yaml', text);
      expect(file.plain, text).toBe(true);
      expect(file.directives.map((d) => [d.kind, d.rules]), text).toEqual([['disable-file', ['topology-unique-names']]]);
    }
    expect(scanPlainYaml('version: 1\nedges: []\n')?.comments).toBe(false);
    expect(loadSource('f.yaml', 'a: "# erlint-disable-file"\n').directives).toEqual([]);
  });

  it('tells apart keys it has read before that share a length and their first and last characters', () => {
    // Known keys are found by length and first and last characters, then compared: keys alike in
    // those must still come out as written, in any order, and number-like keys keep their reading.
    const read = (text: string) => scanPlainYaml(text)?.documents[0];
    expect(read('name: 1\nnome: 2\nnaae: 3\n')).toEqual({ name: 1, nome: 2, naae: 3 });
    expect(read('naae: 4\nnome: 5\nname: 6\nne: 7\nnxe: 8\n')).toEqual({ naae: 4, nome: 5, name: 6, ne: 7, nxe: 8 });
    expect(read('a: 1\nb:\n  a: 2\n  aa: 3\n')).toEqual({ a: 1, b: { a: 2, aa: 3 } });
    expect(read('1.50: x\n1.55: y\nTrue: z\nTaue: w\n')).toEqual({ '1.5': 'x', '1.55': 'y', true: 'z', Taue: 'w' });
    expect(read('name: 1\nname: 2\n')).toBeUndefined();
  });

  it('gives up on every text the loader refuses before reading, so the loader can skip its searches', () => {
    // The loader reads with the scanner first and searches for control characters and deep nesting
    // only where it gave up: each of these must give the same findings on both paths.
    const deep = ' '.repeat(401);
    const refused = ['a: 1 # \u0001\n', 'a: 1\n# \u007f\n', `a: 1\n${deep}# deep comment\n`, `a: 1\n${deep}\nb: 2\n`, `a:\n${'- '.repeat(201)}x\n`, `a:\n${' '.repeat(399)}- b\n`];
    // Line breaks and a mark that YAML reads where other readers might not: left to `yaml`.
    const leftToYaml = ['a: # \r\nb: 2\n', 'a: 1 # \u2028\n', 'a: 1 # \u0085\n', 'a: 1 # x\ufeff\n'];
    for (const text of [...refused, ...leftToYaml]) {
      expect(scanPlainYaml(text), JSON.stringify(text)).toBeUndefined();
      const fast = loadSource('f.yaml', text);
      const slow = loadSource('f.yaml', text, 'yaml', { fastPath: false });
      expect(fast.syntax, JSON.stringify(text)).toEqual(slow.syntax);
      expect(fast.documents.map((d) => d.data), JSON.stringify(text)).toEqual(slow.documents.map((d) => d.data));
      expect(fast.syntax.length > 0, JSON.stringify(text)).toBe(refused.includes(text));
    }
    // What it may read: a tab and characters past ASCII in a comment, an indent just within the limit.
    expect(scanPlainYaml('a: 1 # \tcafé\n# ok\u00a0\n')?.documents[0]).toEqual({ a: 1 });
    expect(scanPlainYaml(`a:\n${' '.repeat(400)}b: 1\n`)?.documents[0]).toEqual({ a: { b: 1 } });
    // JSON that JSON.parse reads but that is indented past the limit still gets the nesting finding.
    const json = loadSource('f.json', `{"a":\n${deep}1}`);
    expect(json.syntax.map((d) => d.message)).toEqual(loadSource('f.json', `{"a":\n${deep}1}`, 'json', { fastPath: false }).syntax.map((d) => d.message));
    expect(json.syntax[0]?.message).toMatch(/nests deeper than/);
  });

  it('agrees on fuzzed variants of plain files', () => {
    const seeds = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))]
      .map((f) => readFileSync(f, 'utf8')).filter((t) => isPlainYaml(t) && scanPlainYaml(t)).map((t) => t.slice(0, 2500));
    // The characters and pieces where block structure, flow collections, comments, quotes and
    // number forms meet.
    // The scanner runs before the gate: the characters and constructs the gate keeps from js-yaml
    // (tabs, carriage returns, anchors, tags, block scalars, escapes, non-ASCII, document markers,
    // merge keys, YAML 1.1 line breaks) are in the mix too.
    const piece = fc.constantFrom(' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', ', ', 'a', '1', '.', '0', '~',
      'null', 'True', '-0', '0.0', '1.5', '10.0.0.1', '2001:db8::/32', 'x:y', '\n  ', '\n- ', '\n  - ', "''", '""', '__proto__', 'e3', '+', '_',
      '\t', '\r', '\r\n', '&a ', '*a', '!t ', '|', '>', '? ', '%', '@', '`', '\\', '\\n', 'é', '---', '...', '<<: ', '\u2028', '\u0085', '\ufeff', 'a#b');
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: piece }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), spaces: fc.integer({ min: 0, max: 3 }), drop: fc.integer({ min: 0, max: 3 }) }),
    );
    let read = 0;
    fc.assert(fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
      let text = seeds[which % seeds.length]!;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
        else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
        else {
          const lines = text.split('\n');
          const line = at % lines.length;
          lines[line] = ' '.repeat(e.spaces) + lines[line]!.slice(e.drop);
          text = lines.join('\n');
        }
      }
      expect(disagreement(text), JSON.stringify(text)).toBeUndefined();
      if (scanPlainYaml(text)) read++;
    }), { numRuns: 3000, seed: 3030 });
    // The property was tried on texts the scanner read, not only on ones it handed on.
    expect(read).toBeGreaterThan(500);
  });
  it('agrees on generated block structures', () => {
    // Lines of keys, entries, scalars, comments and blank lines at indents right and wrong: where
    // the scanner's own indentation logic must match YAML's.
    const key = fc.constantFrom('a', 'b', 'name', 'c d', '"q"', "'s'", "'it''s'", '1', 'True', 'null', '-x', 'x-y', '1.5', 'k:v', 'x.y');
    const scalar = fc.constantFrom('v', '1', '-1', '-0', '1.50', '~', 'true', '10.0.0.0/24', '2001:db8::/32', '"str"', "'a''b'", '"a # b"', 'a b  ',
      'x:y', 'http://x', '', '[]', '{}', '[a, b]', '[ 1 , "2" ]', '{ a: 1, b: [x] }', '[a, [b]]', 'v # c', '"v" # c', 'a,b', '12ab', '.', '-',
      '- a', 'a: b', '"x"y', '[a', 'a]', '#', '+1', '1_0', '0x1');
    const indent = fc.constantFrom('', '', '', '  ', '  ', '    ', ' ', '   ', '      ');
    const line = fc.oneof(
      fc.tuple(indent, key, scalar).map(([i, k, v]) => `${i}${k}: ${v}`),
      fc.tuple(indent, key, fc.constantFrom('', ' ', ' # c')).map(([i, k, c]) => `${i}${k}:${c}`),
      fc.tuple(indent, scalar).map(([i, v]) => `${i}- ${v}`),
      fc.tuple(indent, key, scalar).map(([i, k, v]) => `${i}- ${k}: ${v}`),
      fc.tuple(indent, fc.constantFrom('# comment', '', '   ')).map(([i, c]) => `${i}${c}`),
      fc.tuple(indent, scalar).map(([i, v]) => `${i}${v}`),
    );
    let read = 0;
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, finalBreak) => {
      const text = lines.join('\n') + (finalBreak ? '\n' : '');
      expect(disagreement(text), JSON.stringify(text)).toBeUndefined();
      if (scanPlainYaml(text)) read++;
    }), { numRuns: 15000, seed: 4040 });
    expect(read).toBeGreaterThan(300);
  });
});

describe('values held apart from the text: shared words, long values copied out of the bytes', () => {
  // Given the text's bytes, the scanner copies long values out of them (no view keeps the text
  // alive); the data and the places must not change.
  const same = (text: string): void => {
    const fromText = scanPlainYaml(text);
    const fromBytes = scanPlainYaml(text, Buffer.from(text, 'utf8'));
    expect(fromBytes, JSON.stringify(text)).toEqual(fromText);
  };

  it('give the same data and places for the fixtures, the examples and generated values', () => {
    const files = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))];
    let read = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      same(text);
      if (scanPlainYaml(text)) read++;
    }
    expect(read).toBeGreaterThan(50);
    const value = fc.constantFrom('short', 'a-value-of-thirteen', '172.16.100.0/30', '"a long quoted value"', "'it''s a long one, quoted'", '"twelve chars"', '1234567890123',
      'true', '12345678901234567890', 'x'.repeat(12), 'y'.repeat(13), '[a-long-flow-item, another-long-one]', '{ name: a-long-flow-value }');
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('name', 'a-long-key-name-here', 'k'), value), { minLength: 1, maxLength: 6 }), (pairs) => {
      same(`version: 1\n${pairs.map(([k, v], i) => `${k}${i}: ${v}`).join('\n')}\n`);
    }), { numRuns: 2000, seed: 13 });
  });

  it('share the words read before, and never mistake one for another of its length and ends', () => {
    // Words that share length, first and last letters, keywords among them: each must read as itself.
    const word = fc.stringMatching(/^[aT][a-z0-9]{0,3}[ey]$/);
    const keyword = fc.constantFrom('true', 'True', 'null', 'Null', 'false', 'yes', 'off', 'NaN');
    fc.assert(fc.property(fc.array(fc.oneof(word, keyword), { minLength: 1, maxLength: 12 }), (values) => {
      const text = `version: 1\nvalues:\n${values.map((v) => `  - ${v}`).join('\n')}\nmore: ${values[0]}\n`;
      // Read twice: the second time, every word comes from what the first reading remembered.
      for (let round = 0; round < 2; round++) expect(scanPlainYaml(text)?.documents[0], text).toEqual(jsYaml.load(text));
    }), { numRuns: 3000, seed: 1313 });
  });

  it('are not copied from bytes that are not the text, one for one', () => {
    // A byte-order mark, or any character past ASCII, makes the bytes longer than the text.
    expect(scanPlainYaml('version: 1\nname: a-value-of-thirteen\n', Buffer.from('\uFEFFversion: 1\nname: a-value-of-thirteen\n'))).toEqual(scanPlainYaml('version: 1\nname: a-value-of-thirteen\n'));
  });
});

describe('the JSON span scanner', () => {
  /** What is wrong with the scanner's tree for a JSON text, or undefined (also when it gave up). */
  const jsonDisagreement = (text: string): string | undefined => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    const tree = data === null ? undefined : jsonSpanTree(text);
    return tree ? placesDiffer('f.json', text, tree, data) : undefined;
  };

  it('places every key and value of the JSON fixtures, examples and JSONTestSuite as yaml does', () => {
    const files = [...filesUnder(fixturesDir, /\.json$/), ...filesUnder(join(repoRoot, 'examples'), /\.json$/)];
    const suite = join(repoRoot, '..', 'shared', 'data', 'json-test-suite', 'test_parsing');
    if (existsSync(suite)) files.push(...readdirSync(suite).filter((n) => n.startsWith('y_')).map((n) => join(suite, n)));
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(jsonDisagreement(text), file).toBeUndefined();
      if (jsonSpanTree(text)) read++;
    }
    expect(read).toBeGreaterThan(files.length / 2);
  });

  it('gives up where YAML reads JSON otherwise', () => {
    expect(jsonSpanTree('{"a": 1, "a": 2}')).toBeUndefined();
    expect(jsonSpanTree('{"a"\n: 1}')).toBeUndefined();
    expect(jsonSpanTree(`{"${'k'.repeat(1200)}": 1}`)).toBeUndefined();
    expect(jsonSpanTree('{"__proto__": 1}')).toBeUndefined();
    // Keys are compared as written until one has an escape or there are many, then as strings.
    expect(jsonSpanTree('{"ab": 1, "a\\u0062": 2}')).toBeUndefined();
    expect(jsonSpanTree('{"a\\u0062": 1, "ab": 2}')).toBeUndefined();
    expect(jsonSpanTree('{"\\u005f_proto__": 1}')).toBeUndefined();
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`);
    expect(jsonSpanTree(`{${many.join(', ')}}`)).toBeDefined();
    expect(jsonSpanTree(`{${[...many, '"k3": 0'].join(', ')}}`)).toBeUndefined();
    expect(jsonSpanTree('{"ab": 1, "ba": 2, "a": {"ab": 3}}')).toBeDefined();
    expect(jsonSpanTree('{"a\\u0062": [1, {"c": null}]}')?.rewritten.get(1)).toBe('a\\u0062'.replace('\\u0062', 'b'));
  });

  it('places every key and value of generated JSON as yaml does', () => {
    // Escapes, Unicode and odd keys from fast-check, laid out compactly, indented, with tabs and
    // with carriage returns.
    const layout = fc.constantFrom<(v: unknown) => string>(
      (v) => JSON.stringify(v), (v) => JSON.stringify(v, null, 2), (v) => JSON.stringify(v, null, '\t'),
      (v) => JSON.stringify(v, null, 1).replaceAll('\n', '\r\n'), (v) => JSON.stringify(v, null, 2).replaceAll(': ', ' :  '),
    );
    let read = 0;
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { minKeys: 1 }), layout, (value, lay) => {
      const text = lay(value);
      expect(jsonDisagreement(text), text).toBeUndefined();
      if (jsonSpanTree(text)) read++;
    }), { numRuns: 1500, seed: 5150 });
    expect(read).toBeGreaterThan(1000);
  });
});
