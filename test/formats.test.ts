/** Report formats: each validated against what its consumer accepts. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import addFormats from 'ajv-formats';
import { erlint, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/fixtures.js';

const require = createRequire(import.meta.url);
const topology = [
  'version: 1',
  'edges:',
  '  - name: edge-1',
  '  - name: edge-1',
  'vnets:',
  '  - name: hub',
  '    addressSpace: [10.1.0.0/16]',
  '    gateways: [{ name: ergw, gatewayType: ExpressRoute, sku: Standard }]',
  'circuits:',
  '  - name: c',
  '    peerings:',
  '      # erlint-disable-next-line peering-asn -- assigned by the provider, ticket 100% <ok>',
  '      - { peeringType: AzurePrivatePeering, peerASN: 65516, vlanId: 100, primaryPeerAddressPrefix: 172.16.0.0/30, secondaryPeerAddressPrefix: 172.16.0.4/30 }',
  '',
].join('\n');

describe('sarif', () => {
  const schemaPath = join(repoRoot, '..', 'shared', 'data', 'sarif', 'sarif-schema-2.1.0.json');

  it.skipIf(!existsSync(schemaPath))('validates against the OASIS SARIF 2.1.0 schema', () => {
    const dir = workspace({ 'net/a.yaml': topology });
    const run = erlint(['-f', 'sarif', 'net/a.yaml'], dir);
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    const Ajv04 = require('ajv-draft-04');
    const ajv = new Ajv04({ allErrors: true, strict: false });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const [runLog] = log.runs;
    const ids = runLog.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['topology-unique-names', 'gateway-subnet', 'syntax', 'schema']));
    for (const rule of runLog.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/erlint\/erlint\/blob\/v/);
    const duplicate = runLog.results.find((r: { ruleId: string }) => r.ruleId === 'topology-unique-names');
    expect(duplicate.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'net/a.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 11, endLine: 3, endColumn: 17 } });
    expect(duplicate.relatedLocations[0].physicalLocation.region.startLine).toBe(4);
    expect(runLog.tool.driver.rules[duplicate.ruleIndex].id).toBe('topology-unique-names');
    const suppressed = runLog.results.find((r: { ruleId: string }) => r.ruleId === 'peering-asn');
    expect(suppressed.suppressions).toEqual([{ kind: 'inSource', justification: 'assigned by the provider, ticket 100% <ok>' }]);
  });

  it('keeps fingerprints when lines move, and tells findings apart', () => {
    const fingerprints = (text: string) => {
      const dir = workspace({ 'a.yaml': text });
      const log = JSON.parse(erlint(['-f', 'sarif', 'a.yaml'], dir).stdout);
      return log.runs[0].results.map((r: { ruleId: string; partialFingerprints: Record<string, string> }) => `${r.ruleId} ${r.partialFingerprints['erlintFingerprint/v1']}`).sort();
    };
    const before = fingerprints(topology);
    const after = fingerprints(topology.replace('version: 1\n', 'version: 1\n# a comment that moves every line down\n\n'));
    expect(after).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
  });
});

describe('github, compact and junit', () => {
  it('github: workflow commands with escaped properties and data', () => {
    const dir = workspace({ 'a.yaml': topology });
    const run = erlint(['-f', 'github', 'a.yaml'], dir);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain('::error file=a.yaml,line=3,endLine=3,col=11,endColumn=17,title=erlint (topology-unique-names)::Duplicate edge name `edge-1`, also defined at 4:11; edge names must be unique across the workspace');
    expect(lines.every((l) => /^::(error|warning) file=a\.yaml,line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?,title=erlint \([a-z-]+\)::/.test(l))).toBe(true);
  });

  it('github: escapes % and newlines in messages and : , in properties', () => {
    const dir = workspace({ 'a,b:c.yaml': 'version: 1\nedges: [{ name: x }, { name: x }]\n' });
    const line = erlint(['-f', 'github', 'a,b:c.yaml'], dir).stdout.split('\n')[0]!;
    expect(line.startsWith('::error file=a%2Cb%3Ac.yaml,line=2,')).toBe(true);
  });

  it('compact: file:line:col: severity message [rule]', () => {
    const dir = workspace({ 'a.yaml': topology });
    const lines = erlint(['-f', 'compact', 'a.yaml'], dir).stdout.trim().split('\n');
    expect(lines[0]).toBe('a.yaml:3:11: error Duplicate edge name `edge-1`, also defined at 4:11; edge names must be unique across the workspace [topology-unique-names]');
    expect(lines.every((l) => /^a\.yaml:\d+:\d+: (error|warning) .+ \[[a-z-]+\]$/.test(l))).toBe(true);
  });

  it('junit: one test case per file and rule, failures for errors, well-formed XML', () => {
    const dir = workspace({ 'a.yaml': topology, 'b.yaml': 'version: 1\n' });
    const xml = erlint(['-f', 'junit', 'a.yaml', 'b.yaml'], dir).stdout;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="erlint" tests="3" failures="1" errors="0" time="0">/);
    expect(xml).toContain('<testcase classname="a.yaml" name="topology-unique-names" time="0">');
    expect(xml).toContain('<failure type="topology-unique-names" message="2 findings: Duplicate edge name `edge-1`');
    expect(xml).toContain('<testcase classname="a.yaml" name="gateway-zone-redundant-sku" time="0">\n      <system-out>');
    expect(xml).toContain('<testcase classname="b.yaml" name="erlint" time="0"/>');
    // Balanced tags: every opened element closes.
    const opened = [...xml.matchAll(/<(testsuites|testsuite|testcase|failure|system-out)[\s>]/g)].length - [...xml.matchAll(/<testcase [^>]*\/>/g)].length;
    expect([...xml.matchAll(/<\/(testsuites|testsuite|testcase|failure|system-out)>/g)].length).toBe(opened);
  });

  it('writes several formats in one run', () => {
    const dir = workspace({ 'a.yaml': topology });
    const run = erlint(['-f', 'sarif', '-o', 'out/erlint.sarif', '-f', 'junit', '-o', 'out/junit.xml', '-f', 'compact', 'a.yaml'], dir);
    expect(JSON.parse(readFileSync(join(dir, 'out/erlint.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'out/junit.xml'), 'utf8')).toContain('<testsuites');
    expect(run.stdout).toContain('a.yaml:3:11: error');
  });
});

describe('--stdin and init', () => {
  it('lints standard input as the named file, in its workspace', () => {
    const dir = workspace({ '.erlintrc.yaml': 'files: ["net/*.yaml"]\n', 'net/circuits.yaml': 'version: 1\ncircuits: [{ name: er-ams-1 }]\n' });
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const cli = join(repoRoot, 'dist/src/cli/erlint.cjs');
    const run = (text: string) => spawnSync(process.execPath, [cli, '--stdin', '--stdin-filename', 'net/links.yaml', '-f', 'compact'], { cwd: dir, input: text, encoding: 'utf8' });
    const good = run('version: 1\nvnets: [{ name: hub, addressSpace: [10.0.0.0/16], gateways: [{ name: er, gatewayType: ExpressRoute, sku: ErGw1AZ }] }]\nconnections: [{ name: l, gateway: hub/er, circuit: er-ams-1 }]\n');
    expect(good.status).toBe(0);
    const bad = run('version: 1\nconnections: [{ name: l, gateway: hub/er, circuit: er-ams-2 }]\n');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('net/links.yaml:2:');
    expect(bad.stdout).toContain("did you mean `er-ams-1`?");
  });

  it('init writes a config and an example that lints clean, and never overwrites', () => {
    const dir = workspace({});
    expect(erlint(['init'], dir).status).toBe(0);
    expect(readFileSync(join(dir, '.erlintrc.yaml'), 'utf8')).toContain('$schema=./node_modules/erlint/schemas/config.schema.json');
    expect(readFileSync(join(dir, 'topology/example.yaml'), 'utf8')).toContain('$schema=../node_modules/erlint/schemas/topology.schema.json');
    expect(erlint([], dir)).toMatchObject({ status: 0, stdout: '✔ 1 file checked, no problems\n' });
    const again = erlint(['init'], dir);
    expect(again.stdout).toContain('.erlintrc.yaml exists; left as it is');
  });
});

describe('large outputs', () => {
  it('come in pieces that add up to the canonical JSON and SARIF text', async () => {
    const { lintText, formatChunks, formatContext } = await import('../src/index.js');
    const many = ['version: 1', 'edges:', ...Array.from({ length: 300 }, () => '  - name: same')].join('\n');
    const results = [lintText(topology, { filePath: join(repoRoot, 'a.yaml') }), lintText(many, { filePath: join(repoRoot, 'b.yaml') })];
    const context = formatContext(repoRoot);
    const json = [...formatChunks('json', results, context)];
    const sarif = [...formatChunks('sarif', results, context)];
    // One piece a file (JSON) or a finding (SARIF): no piece holds the whole report.
    expect(json.length).toBe(results.length + 2);
    expect(sarif.length).toBeGreaterThan(300);
    expect(json.join('')).toBe(JSON.stringify(JSON.parse(json.join(''))) + '\n');
    expect(sarif.join('')).toBe(JSON.stringify(JSON.parse(sarif.join('')), null, 2) + '\n');
    expect(JSON.parse(sarif.join('')).runs[0].results).toHaveLength(results.reduce((n, r) => n + r.diagnostics.length + (r.suppressed?.length ?? 0), 0));
    // And an empty report is still one well-formed log.
    expect(JSON.parse([...formatChunks('sarif', [], context)].join('')).runs[0].results).toEqual([]);
  });
});

describe('pretty', () => {
  it('prints nothing for files without findings, as eslint-formatter-pretty would, and the findings otherwise', async () => {
    const { lintText, formatChunks, formatContext } = await import('../src/index.js');
    const context = formatContext(repoRoot);
    const clean = lintText('version: 1\nedges:\n  - name: a\n    internet: false\n', { filePath: join(repoRoot, 'clean.yaml') });
    expect(clean.diagnostics).toEqual([]);
    expect([...formatChunks('pretty', [clean], context)].join('')).toBe('');
    const dirty = lintText('version: 1\nedges:\n  - name: a\n  - name: a\n', { filePath: join(repoRoot, 'dirty.yaml') });
    expect([...formatChunks('pretty', [clean, dirty], context)].join('')).toContain('topology-unique-names');
  });
});
