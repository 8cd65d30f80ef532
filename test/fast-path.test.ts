/**
 * The fast path (js-yaml for plain files, JSON.parse for JSON) must give exactly the findings and
 * positions of the `yaml` path: the same corpus through both, compared.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { isPlainYaml } from '../src/loader/fast.js';
import { fixturesDir, repoRoot } from './helpers/fixtures.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : []));
}

const same = (path: string, text: string) => {
  const fast = lintText(text, { filePath: path });
  const slow = lintText(text, { filePath: path, fastPath: false });
  expect(JSON.stringify(fast), path).toBe(JSON.stringify(slow));
};

describe('fast path equals the yaml path', () => {
  it('on every fixture and example', () => {
    const files = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) same(file.endsWith('.json') ? 'f.json' : 'f.yaml', readFileSync(file, 'utf8'));
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite')))('on the official YAML test suite and JSONTestSuite', () => {
    const yamlRoot = join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite');
    const inputs = filesUnder(yamlRoot).filter((f) => f.endsWith('in.yaml'));
    expect(inputs.length).toBe(402);
    for (const file of inputs) same('f.yaml', readFileSync(file, 'utf8'));
    const jsonRoot = join(repoRoot, '..', 'shared', 'data', 'json-test-suite', 'test_parsing');
    for (const name of readdirSync(jsonRoot)) same('f.json', readFileSync(join(jsonRoot, name), 'utf8'));
  });

  it.skipIf(!existsSync(join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs')))('on generated workspaces, where the fast path is taken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-gen-'));
    execFileSync(process.execPath, [join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs'), '--out', dir, '--files', '40', '--circuits', '3', '--defects', '0.3', '--seed', '7']);
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.filter((f) => f.endsWith('.yaml') && isPlainYaml(readFileSync(f, 'utf8'))).length).toBeGreaterThan(20);
    for (const file of files) same(file.endsWith('.json') ? 'f.json' : 'f.yaml', readFileSync(file, 'utf8'));
  });

  it('on numbers in every form, as values, keys and flow items', () => {
    // Forms where YAML readers have differed (hex, octal, infinities, exponents, underscores,
    // trailing or leading dots, signs), beside the plain ones topology files are full of.
    const token = fc.constantFrom('0x1F', '0X1f', '0o17', '0b101', '017', '0', '-0', '+12', '12', '.inf', '-.INF', '.NaN', '1e3', '1E+3', '2.5e-3', '1_000', '1__0', '1.', '.5', '1.50', '10.0.0.0/30', '65000', '0.0', '1:30', '12abc', '0x', '1e', 'e3', '+.5', '-1.');
    fc.assert(fc.property(token, token, fc.constantFrom('value', 'key', 'flow', 'folded'), (a, b, where) => {
      // Places where the type read matters: a string field, a number field, a key (named in the
      // unknown-property message) and a list of strings.
      const body = where === 'value' ? `edges:\n  - name: ${a}\n    asn: ${b}\n    internet: false\n`
        : where === 'key' ? `edges:\n  - name: e\n    ${a}: x\n    internet: false\n`
          : where === 'flow' ? `vnets:\n  - name: v\n    addressSpace: [${a}, ${b}]\n`
            : `edges:\n  - name: ${a}\n      ${b}\n    internet: false\n`;
      same('f.yaml', `version: 1\n${body}`);
    }), { numRuns: 600, seed: 2211 });
  });

  it('on fuzzed variants of plain files', () => {
    const seed = readFileSync(join(fixturesDir, 'valid/contoso-network.yaml'), 'utf8').split('\n').filter((l) => !l.startsWith('#') && l !== '---').join('\n');
    expect(isPlainYaml(seed.split('\n---')[0]!)).toBe(true);
    fc.assert(fc.property(fc.nat(), fc.string({ maxLength: 8 }), fc.nat({ max: 6 }), (at, insert, drop) => {
      const i = at % seed.length;
      same('f.yaml', seed.slice(0, i) + insert + seed.slice(i + drop));
    }), { numRuns: 400, seed: 1122 });
  });
});

describe('the fast-path gate', () => {
  // The gate as one alternation per concern, as it was first written: the split searches in `fast.ts`
  // must accept exactly the same texts.
  const reference = (text: string): boolean => {
    const structure = text.replace(/"[^"\\\n]*"|'(?:[^'\n]|'')*'/g, '""');
    return !/[&*!%|>?\t\\\r`@]|<<|^\s*(---|\.\.\.)|[^\n\x20-\x7e]/m.test(structure) && !/[\]}]\s*:|(^\s*|[{,[]\s*):(\s|$)|\S#/m.test(structure);
  };

  it('accepts exactly what the single-expression gate accepts', () => {
    const texts = [...filesUnder(fixturesDir), ...filesUnder(join(repoRoot, 'examples'))].map((f) => readFileSync(f, 'utf8'));
    const suite = join(repoRoot, '..', 'shared', 'data', 'yaml-test-suite');
    if (existsSync(suite)) texts.push(...filesUnder(suite).filter((f) => f.endsWith('in.yaml')).map((f) => readFileSync(f, 'utf8')));
    expect(texts.filter((t) => reference(t)).length).toBeGreaterThan(50);
    for (const text of texts) expect(isPlainYaml(text), text.slice(0, 200)).toBe(reference(text));

    // Every character, alone and where a line, a flow item or a key starts.
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      for (const text of [c, `a: ${c}\n`, `a:\n  - ${c}b\n`, `[x,${c}: y]\n`, `${c}: x\n`, `a: b${c}#c\n`]) expect(isPlainYaml(text), JSON.stringify(text)).toBe(reference(text));
    }

    // Short texts over the characters the gate looks at, in every arrangement fast-check finds.
    const piece = fc.constantFrom(' ', '\n', ':', '-', '.', '#', '"', "'", '[', ']', '{', '}', ',', '<', '?', '\t', '\r', 'a', '1', '---', '...', '\\', 'é', '\u00a0');
    fc.assert(fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
      const text = pieces.join('');
      expect(isPlainYaml(text), JSON.stringify(text)).toBe(reference(text));
    }), { numRuns: 20000, seed: 4242 });
  });
});
