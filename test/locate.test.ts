/** Pointer-to-range mapping: the promise of an exact line and column for every finding. */
import { describe, expect, it } from 'vitest';
import { locate } from '../src/loader/locate.js';
import { loadSource } from '../src/loader/load.js';
import { LineIndex } from '../src/loader/line-index.js';
import { parseAllDocuments } from 'yaml';
import type { Range } from '../src/types.js';

/** `line:col-endLine:endCol` and the text the range covers. */
function show(text: string, range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column} ${JSON.stringify(text.slice(range.start.offset, range.end.offset))}`;
}

function at(text: string, pointer: string, target: 'key' | 'value' = 'value', path = 'a.yaml', doc = 0) {
  const file = loadSource(path, text);
  const located = locate(file, doc, pointer, target);
  return { where: show(file.text, located.range), exact: located.exact, aliasSites: located.aliasSites.map((r) => show(file.text, r)) };
}

const yaml = [
  'version: 1',                          // 1
  'circuits:',                           // 2
  '  - name: er-ams-1',                  // 3
  '    bandwidthInMbps: 1000',           // 4
  '    sku: { tier: Premium }',          // 5
  '    peerings:',                       // 6
  '      - vlanId: 100',                 // 7
  '        edge:',                       // 8
  '        advertisedPrefixes: &p',      // 9
  '          - 10.0.0.0/8',              // 10
  '  - name: er-ams-2',                  // 11
  '    peerings:',                       // 12
  '      - advertisedPrefixes: *p',      // 13
  '"a/b": { "c~d": x }',                 // 14
  '',
].join('\n');

describe('locate', () => {
  it('refuses what is not a pointer, in a plain file as in any other', () => {
    const plain = loadSource('p.yaml', 'version: 1\ncircuits:\n  - name: a\n');
    expect(plain.plain).toBe(true);
    for (const file of [plain, loadSource('y.yaml', yaml)]) expect(() => locate(file, 0, 'circuits/0')).toThrow(/must start with/);
  });

  it('maps values and keys', () => {
    expect(at(yaml, '/circuits/0/bandwidthInMbps').where).toBe('4:22-4:26 "1000"');
    expect(at(yaml, '/circuits/0/bandwidthInMbps', 'key').where).toBe('4:5-4:20 "bandwidthInMbps"');
    expect(at(yaml, '/circuits/0/sku/tier').where).toBe('5:18-5:25 "Premium"');
    expect(at(yaml, '/circuits/0/peerings/0/advertisedPrefixes/0').where).toBe('10:13-10:23 "10.0.0.0/8"');
  });

  it('ends a block collection at its last entry, not at the next sibling', () => {
    expect(at(yaml, '/circuits/0').where).toBe('3:5-10:23 ' + JSON.stringify(yaml.split('\n').slice(2, 10).join('\n').slice(4)));
    expect(at(yaml, '/circuits/0/sku').where).toBe('5:10-5:27 "{ tier: Premium }"');
  });

  it('falls back to the key for an empty value', () => {
    expect(at(yaml, '/circuits/0/peerings/0/edge').where).toBe('8:9-8:13 "edge"');
  });

  it('reports on the alias site and records it', () => {
    expect(at(yaml, '/circuits/1/peerings/0/advertisedPrefixes').where).toBe('13:29-13:31 "*p"');
    const through = at(yaml, '/circuits/1/peerings/0/advertisedPrefixes/0');
    expect(through).toEqual({ where: '10:13-10:23 "10.0.0.0/8"', exact: true, aliasSites: ['13:29-13:31 "*p"'] });
  });

  it('unescapes ~1 and ~0 in quoted keys', () => {
    expect(at(yaml, '/a~1b/c~0d').where).toBe('14:17-14:18 "x"');
    expect(at(yaml, '/a~1b/c~0d', 'key').where).toBe('14:10-14:15 "\\"c~d\\""');
  });

  it('says when a pointer does not resolve exactly', () => {
    expect(at(yaml, '/circuits/0/nope').exact).toBe(false);
    expect(at(yaml, '/circuits/9').exact).toBe(false);
    expect(at(yaml, '/circuits/01').exact).toBe(false);
    expect(at(yaml, '/circuits/0/name').exact).toBe(true);
  });

  it('maps the root to the whole document', () => {
    expect(at('version: 1\n', '').where).toBe('1:1-1:11 "version: 1"');
  });

  it('maps JSON the same way', () => {
    const json = '{\n  "version": 1,\n  "vnets": [{ "name": "hub", "addressSpace": ["10.1.0.0/16"] }]\n}\n';
    expect(at(json, '/vnets/0/name', 'value', 'a.json').where).toBe('3:23-3:28 "\\"hub\\""');
    expect(at(json, '/vnets/0/addressSpace/0', 'value', 'a.json').where).toBe('3:47-3:60 "\\"10.1.0.0/16\\""');
    expect(at(json, '/vnets/0/name', 'key', 'a.json').where).toBe('3:15-3:21 "\\"name\\""');
  });

  it('counts CRLF line ends and ignores a byte-order mark', () => {
    const crlf = '\uFEFFversion: 1\r\nedges:\r\n  - name: ams\r\n';
    expect(at(crlf, '/edges/0/name').where).toBe('3:11-3:14 "ams"');
  });

  it('addresses documents of a stream separately', () => {
    const stream = 'version: 1\n---\nversion: 1\nedges: [{ name: b }]\n';
    expect(at(stream, '/edges/0/name', 'value', 'a.yaml', 1).where).toBe('4:17-4:18 "b"');
    expect(at(stream, '/edges', 'value', 'a.yaml', 0).exact).toBe(false);
  });
});

describe('loadSource', () => {
  it('turns parse errors and duplicate keys into positioned syntax findings', () => {
    const file = loadSource('a.yaml', 'version: 1\nedges:\n  - name: a\n    name: b\n');
    expect(file.syntax.map((d) => [d.ruleId, d.range.start.line, d.range.start.column, d.range.end.column, d.pointer, d.message])).toEqual([
      ['syntax', 4, 5, 9, '/edges/0/name', 'Duplicate key `name`; it is already defined at 3:5 and a key may appear only once in a mapping'],
    ]);
    expect(file.documents[0]!.syntaxErrors).toBe(true);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', '---', '- [', '{"a": ', 'a: *nope', '\u0000\u0001', 'a: !!binary x', '%YAML 1.2\n%YAML 1.2\n---\na']) {
      expect(() => loadSource('a.yaml', text)).not.toThrow();
      expect(() => loadSource('a.json', text)).not.toThrow();
    }
  });

  it('refuses what JSON does not allow in a .json file', () => {
    const file = loadSource('a.json', '{ "version": 1, }\n');
    expect(file.syntax).toHaveLength(1);
    expect(file.syntax[0]!.ruleId).toBe('syntax');
    expect(file.syntax[0]!.range.start.line).toBe(1);
  });

  it('keeps JSON comments out', () => {
    expect(loadSource('a.json', '// note\n{ "version": 1 }\n').syntax.length).toBeGreaterThan(0);
  });

  it('bounds alias expansion (billion laughs)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n');
    const file = loadSource('bomb.yaml', bomb);
    expect(file.syntax.map((d) => d.ruleId)).toEqual(['syntax']);
    expect(file.syntax[0]!.message).toMatch(/alias/i);
  });
});

describe('LineIndex', () => {
  it('gives the positions the parser-filled index gives, once first asked for', () => {
    // Longer than the first gathering buffer (4,096 lines), empty lines, no final line break, CRLF.
    const long = Array.from({ length: 5000 }, (_, i) => `k${i}: ${i % 7 === 0 ? '' : 'v'}`).join('\n');
    for (const text of ['', '\n', 'a: 1', 'a: 1\n', 'a: 1\r\nb: 2\r\n', '\n\n\na: 1\n\n', long]) {
      const parsed = new LineIndex();
      parseAllDocuments(text, { lineCounter: parsed as never });
      const lazy = LineIndex.of(text);
      expect(lazy.indexed).toBe(false);
      for (let offset = 0; offset <= text.length; offset += offset < 50 ? 1 : 97) expect(lazy.linePos(offset), `${offset}`).toEqual(parsed.linePos(offset));
      expect(lazy.indexed).toBe(true);
      expect([...lazy.lineStarts]).toEqual(parsed.lineStarts);
    }
  });
});
