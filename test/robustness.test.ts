/**
 * Hostile and broken input: every answer is a positioned finding and the right exit code, never a
 * crash, a hang or a silent pass. Peer test suites are read in place from ../shared/data.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBytes, loadedText, MAX_FILE_BYTES } from '../src/loader/load.js';
import { lintText } from '../src/index.js';
import { erlint, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/fixtures.js';

const shared = join(repoRoot, '..', 'shared', 'data');
const yamlSuite = join(shared, 'yaml-test-suite');
const jsonSuite = join(shared, 'json-test-suite', 'test_parsing');

function yamlCases(): [string, string][] {
  if (!existsSync(yamlSuite)) return [];
  const cases: [string, string][] = [];
  for (const id of readdirSync(yamlSuite).sort()) {
    const dir = join(yamlSuite, id);
    if (existsSync(join(dir, 'in.yaml'))) cases.push([id, dir]);
    else for (const sub of readdirSync(dir).sort()) if (existsSync(join(dir, sub, 'in.yaml'))) cases.push([`${id}/${sub}`, join(dir, sub)]);
  }
  return cases;
}

const syntaxErrors = (file: ReturnType<typeof loadBytes>) => file.syntax.filter((d) => d.ruleId === 'syntax' && d.severity === 'error');
const inside = (text: string, line: number, column: number) => {
  const lines = text.split('\n');
  return line >= 1 && line <= lines.length && column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 1;
};

describe.skipIf(!existsSync(yamlSuite))('the official YAML test suite', () => {
  const cases = yamlCases();
  it('has all 402 cases, 94 of them must-fail', () => {
    expect(cases.length).toBe(402);
    expect(cases.filter(([, dir]) => existsSync(join(dir, 'error'))).length).toBe(94);
  });
  it.each(cases)('%s', (_, dir) => {
    const bytes = readFileSync(join(dir, 'in.yaml'));
    const file = loadBytes('in.yaml', bytes);
    const errors = syntaxErrors(file);
    if (existsSync(join(dir, 'error'))) {
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(inside(file.text, e.range.start.line, e.range.start.column), `${e.range.start.line}:${e.range.start.column}`).toBe(true);
    } else {
      expect(errors.map((e) => e.message)).toEqual([]);
    }
  });
});

describe.skipIf(!existsSync(jsonSuite))('JSONTestSuite (y_ must parse, n_ must be rejected), read as bytes', () => {
  const names = existsSync(jsonSuite) ? readdirSync(jsonSuite).filter((n) => /^[yn]_/.test(n)).sort() : [];
  it('has the 95 y_ and 188 n_ cases', () => {
    expect([names.filter((n) => n.startsWith('y_')).length, names.filter((n) => n.startsWith('n_')).length]).toEqual([95, 188]);
  });
  it.each(names)('%s', (name) => {
    const file = loadBytes(name, readFileSync(join(jsonSuite, name)), 'json');
    const errors = syntaxErrors(file);
    if (name.startsWith('n_')) {
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(inside(file.text, e.range.start.line, e.range.start.column)).toBe(true);
    } else {
      expect(errors.map((e) => e.message)).toEqual([]);
    }
  });
});

describe('bytes to text', () => {
  // ASCII takes a copy as Latin-1, anything else the UTF-8 decoder: the text must be the decoder's
  // either way, from a `Buffer`, a plain `Uint8Array`, or a view into a larger buffer.
  const texts = ['version: 1\nname: a\n', 'version: 1\nsite: Zürich\n', '\uFEFFversion: 1\n', '\uFEFFsite: Zürich 東京\n', '', '\u007F\u0001 tab\t', '😀'];
  it.each(texts.map((t) => [JSON.stringify(t), t]))('%s', (_, text) => {
    const expected = new TextDecoder('utf-8').decode(new TextEncoder().encode(text));
    const encoded = new TextEncoder().encode(text);
    const padded = new Uint8Array(encoded.length + 6);
    padded.set(encoded, 3);
    for (const bytes of [Buffer.from(encoded), encoded, padded.subarray(3, 3 + encoded.length)]) {
      expect(loadedText(bytes)).toBe(expected);
      expect(loadBytes('a.yaml', bytes).text).toBe(expected);
    }
  });
});

describe('hostile input', () => {
  it('bounds YAML alias expansion (billion laughs)', () => {
    const levels = 'abcdefghi'.split('');
    const bomb = ['version: 1', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...levels.slice(1).map((c, i) => `${c}: &${c} [${Array(9).fill(`*${levels[i]}`).join(',')}]`)].join('\n');
    const result = lintText(bomb);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['syntax']);
    expect(result.diagnostics[0]!.message).toMatch(/alias/i);
  });

  it('reads 10,000 levels of nesting without crashing', () => {
    for (const [path, text] of [['deep.yaml', `version: 1\nx: ${'['.repeat(10000)}${']'.repeat(10000)}\n`], ['deep.json', `{"version":1,"x":${'['.repeat(10000)}${']'.repeat(10000)}}`]] as const) {
      const result = lintText(text, { filePath: path });
      expect(result.internalError).toBe(false);
      expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line, d.message])).toEqual([['syntax', path.endsWith('json') ? 1 : 2, 'The document nests deeper than 200 levels, more than erlint reads; a topology needs fewer than ten']]);
    }
  });

  it('draws the nesting line exactly, for flow brackets and block indentation', () => {
    const tooDeep = 'The document nests deeper than 200 levels, more than erlint reads; a topology needs fewer than ten';
    const deepMessages = (text: string) => lintText(text, { filePath: 'n.yaml' }).diagnostics.filter((d) => d.message === tooDeep).map((d) => [d.range.start.line, d.range.start.column]);
    expect(deepMessages(`version: 1\nx: ${'['.repeat(200)}${']'.repeat(200)}\n`)).toEqual([]);
    expect(deepMessages(`version: 1\nx: ${'['.repeat(201)}${']'.repeat(201)}\n`)).toEqual([[2, 204]]);
    // Brackets in quoted strings and comments are not nesting.
    expect(deepMessages(`version: 1\nx: "${'['.repeat(300)}"\n# ${'{'.repeat(300)}\n`)).toEqual([]);
    // Block levels: 200 list entries of two columns each are the limit.
    expect(deepMessages(`version: 1\nx:\n${'- '.repeat(200)}a\n`)).toEqual([]);
    expect(deepMessages(`version: 1\nx:\n${'- '.repeat(201)}a\n`)).toEqual([[3, 401]]);
    expect(deepMessages(`version: 1\nx:\n${' '.repeat(401)}a\n`)).toEqual([[3, 401]]);
  });

  it('reports a binary file with a .yaml name once, as not text', () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x76]);
    const file = loadBytes('program.yaml', bytes);
    expect(file.syntax.map((d) => [d.ruleId, d.range.start.line, d.range.start.column, d.message])).toEqual([['syntax', 1, 1, 'The file holds the control character U+007F; it is not a YAML or JSON text file']]);
  });

  it('refuses files that are not UTF-8, at the offending byte', () => {
    const file = loadBytes('latin1.yaml', Buffer.concat([Buffer.from('version: 1\nedges: [{ name: caf'), Buffer.from([0xe9]), Buffer.from(' }]\n')]));
    expect(file.syntax.map((d) => [d.range.start.line, d.range.start.column, d.message])).toEqual([[2, 20, 'Byte 0xE9 at offset 30 is not UTF-8; save the file as UTF-8']]);
    expect(loadBytes('utf16.yaml', Buffer.from([0xff, 0xfe, 0x76, 0x00])).syntax[0]!.message).toBe('The file is UTF-16 (it starts with a UTF-16 byte-order mark); erlint reads UTF-8');
  });

  it('keeps __proto__, constructor and prototype keys from polluting anything', () => {
    const result = lintText('version: 1\n__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\nedges: [{ name: e, __proto__: { polluted: true } }]\n');
    expect(result.diagnostics.map((d) => [d.range.start.line, d.ruleId])).toEqual([[2, 'schema'], [3, 'schema'], [4, 'schema']]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect((Object.prototype as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reports empty files, scalars and lists instead of mappings', () => {
    const ids = (text: string) => lintText(text).diagnostics.map((d) => [d.range.start.line, d.ruleId, d.message]);
    expect(ids('')).toEqual([[1, 'schema', 'The file holds no topology document; expected a mapping that starts with `version: 1`']]);
    expect(ids('just a string\n')).toEqual([[1, 'schema', 'A topology document must be a mapping with `version: 1`; found the string `just a string`']]);
    expect(ids('- 1\n- 2\n')).toEqual([[1, 'schema', 'A topology document must be a mapping with `version: 1`; found a list']]);
  });

  it('skips a file over the size limit with a finding, and lints the rest', () => {
    const dir = workspace({ 'ok.yaml': 'version: 1\nedges: [{ name: e }]\n' });
    const big = Buffer.alloc(50 * 1024 * 1024, 'x');
    writeFileSync(join(dir, 'big.yaml'), big);
    expect(big.length).toBeGreaterThan(MAX_FILE_BYTES);
    const run = erlint(['-f', 'compact', 'big.yaml', 'ok.yaml'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('big.yaml:1:1: error The file is 50.0 MB; erlint reads files up to 10.0 MB: split it (all files of a workspace form one topology) [syntax]\n');
  });

  it('names an unreadable file, exits 2, and still reports the others', () => {
    const dir = workspace({ 'ok.yaml': 'version: 1\nedges: [{ name: e }, { name: e }]\n' });
    // /proc/self/mem fails every read with EIO, also for root (chmod 000 does not stop root).
    symlinkSync('/proc/self/mem', join(dir, 'unreadable.yaml'));
    const run = erlint(['-f', 'compact', 'ok.yaml', 'unreadable.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("erlint: Cannot read 'unreadable.yaml': EIO\n");
    expect(run.stdout).toContain('ok.yaml:2:17: error Duplicate edge name');
  });

  it('does not follow a symlink loop in a linted directory', () => {
    const dir = workspace({ 'net/a.yaml': 'version: 1\n' });
    mkdirSync(join(dir, 'net/sub'));
    symlinkSync(join(dir, 'net'), join(dir, 'net/sub/loop'));
    const run = erlint(['net'], dir);
    expect(run).toMatchObject({ status: 0, stdout: '✔ 1 file checked, no problems\n' });
  });

  it('reads a large registry file and refuses a malformed one', () => {
    const roas = Array.from({ length: 200_000 }, (_, i) => `{"asn": ${64500 + (i % 1000)}, "prefix": "${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24", "maxLength": 24}`);
    const dir = workspace({ 'big.json': `{"roas": [${roas.join(',')}]}`, 'bad.json': '{"roas": [', 'a.yaml': 'version: 1\n' });
    expect(erlint(['a.yaml', '--registry', 'big.json'], dir).status).toBe(0);
    const bad = erlint(['a.yaml', '--registry', 'bad.json', '-f', 'compact'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/^bad\.json:1:\d+: error The registry file is not valid JSON: .+ \[config\]$/m);
  });
});
