/** Routing-registry readers on real exports (read in place from ../shared/data) and on broken input. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegistry, RouteOriginRegistry } from '../src/registry/read.js';
import { PrefixIndex } from '../src/net/cidr.js';
import { erlint, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/fixtures.js';

const dataDir = join(repoRoot, '..', 'shared', 'data', 'routing-registry');
const read = (relative: string) => {
  const path = join(dataDir, relative);
  return readRegistry(path, readFileSync(path, 'utf8'), relative);
};
const problems = (file: ReturnType<typeof readRegistry>) => file.problems.map((p) => `${p.range.start.line}:${p.range.start.column} ${p.severity} ${p.message}`);

describe.skipIf(!existsSync(dataDir))('real routing-registry exports', () => {
  it('reads rpki-client JSON with numeric ASNs (2021 and 2023 layouts)', () => {
    for (const name of ['roa/rpki-client.2021-09-01.josephine.excerpt.json', 'roa/rpki-client.2023-10-01.josephine.excerpt.json']) {
      const file = read(name);
      expect(file.format).toBe('rpki-json');
      expect(problems(file)).toEqual([]);
      expect(file.origins.length).toBeGreaterThan(50);
      expect(file.origins[0]).toMatchObject({ asn: 13335, prefix: '1.0.0.0/24', maxLength: 24 });
    }
  });

  it('reads Routinator jsonext with "AS" strings and no `ta`', () => {
    const file = read('roa/routinator.jsonext.2025-03-09.excerpt.json');
    expect(problems(file)).toEqual([]);
    expect(file.origins.map((o) => [o.asn, o.prefix, o.maxLength])).toEqual([[13335, '1.0.0.0/24', 24], [37125, '2c0f:fff0::/32', 128]]);
    expect(file.origins[1]!.where()).toBe('roa/routinator.jsonext.2025-03-09.excerpt.json:8');
  });

  it('refuses the Routinator /json extract that lacks its final brace, with a position', () => {
    const file = read('roa/routinator.json.AS24211.2025-09-16.README-extract.txt');
    expect(file.origins).toEqual([]);
    expect(problems(file)).toEqual([expect.stringMatching(/^27:\d+ error The registry file is not valid JSON: /)]);
  });

  it('reads the DN42 export and names each broken entry it skips', () => {
    const file = read('roa/dn42.export_dn42.gortr-format.json');
    expect(file.origins.length).toBe(3309);
    expect(problems(file)).toEqual([
      '866:23 warn ROA 124 has no valid `prefix`; found null; this ROA is skipped',
      '10924:20 warn ROA 1561 has no valid `asn` (a number or `AS` followed by one); found "AS"; this ROA is skipped',
      '23181:20 warn ROA 3312 has no valid `asn` (a number or `AS` followed by one); found "AS"; this ROA is skipped',
    ]);
  });

  it('reads RPSL route objects from RADB (IRRd 3 and 4) and route6 from RIPE', () => {
    const radb = read('rpsl/radb.route.AS37271.irrd4-vs-irrd3.rpsl');
    expect(radb.format).toBe('rpsl');
    expect(problems(radb)).toEqual([]);
    expect(radb.origins.map((o) => [o.asn, o.prefix, o.where()])).toEqual([
      [37271, '41.78.188.0/22', 'rpsl/radb.route.AS37271.irrd4-vs-irrd3.rpsl:1'],
      [37271, '41.78.188.0/22', 'rpsl/radb.route.AS37271.irrd4-vs-irrd3.rpsl:10'],
    ]);
    const ripe = read('rpsl/ripe.route6.AS215778.rpsl');
    expect(ripe.origins.map((o) => [o.asn, o.prefix, o.maxLength])).toEqual([[215778, '2a11:f2c0:ffcb::/48', 48]]);
  });

  it('validates origins the RFC 6811 way over real data', () => {
    const registry = new RouteOriginRegistry([read('roa/rpki-client.2023-10-01.josephine.excerpt.json'), read('rpsl/ripe.route6.AS215778.rpsl')]);
    expect(registry.validate('1.0.0.0/24', 13335).state).toBe('valid');
    expect(registry.validate('1.0.0.0/24', 64500).state).toBe('invalid');
    expect(registry.validate('1.0.0.0/25', 13335).state).toBe('invalid');
    expect(registry.validate('2a11:f2c0:ffcb::/48', 215778).state).toBe('valid');
    expect(registry.validate('2a11:f2c0:ffcc::/48', 215778).state).toBe('not-found');
  });
});

describe('registry readers on hand-made input', () => {
  it('handles RPSL continuation lines, comments and case', () => {
    const file = readRegistry('r.rpsl', 'route:  192.0.2.0/24  # our block\ndescr:  first line\n+       second line\n        third line\nORIGIN: as64500\n');
    expect(problems(file)).toEqual([]);
    expect(file.origins.map((o) => [o.asn, o.prefix])).toEqual([[64500, '192.0.2.0/24']]);
  });

  it('says what is wrong with RPSL that is not usable', () => {
    expect(problems(readRegistry('r.rpsl', 'route: 192.0.2.0/24\ndescr: no origin\n'))).toEqual(['1:1 warn `route: 192.0.2.0/24` has no `origin:`; this object is skipped']);
    expect(problems(readRegistry('r.rpsl', 'route6: 192.0.2.0/24\norigin: AS1\n'))).toEqual(['1:1 warn `route6:` value `192.0.2.0/24` is not an IPv6 prefix; this object is skipped']);
    expect(problems(readRegistry('r.rpsl', 'hello world\n'))).toEqual(['1:1 error Not an RPSL attribute line (`name: value`); expected `route:`/`route6:` objects with `origin:`']);
    expect(problems(readRegistry('r.rpsl', 'aut-num: AS1\n'))).toEqual(['1:1 error No `route:` or `route6:` objects; expected RPSL from an IRR database or an RPKI JSON export']);
  });

  it('says what is wrong with JSON that is not an RPKI export', () => {
    expect(problems(readRegistry('r.json', '{"vrps": []}'))).toEqual(['1:1 error No `roas` list; expected an RPKI export from rpki-client (`-j`) or Routinator (`--format json`/`jsonext`)']);
    expect(problems(readRegistry('r.json', '{"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 7}]}'))).toEqual([
      '1:59 warn ROA 1 has `maxLength` 7; it must be a whole number from 8 to 32; this ROA is skipped',
    ]);
  });
});

describe('PrefixIndex', () => {
  it('finds covering, contained and overlapping prefixes without comparing pairs', () => {
    const index = new PrefixIndex<string>();
    for (const p of ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '192.0.2.0/24', '2001:db8::/32']) index.add(p, p);
    expect(index.covering('10.1.2.4/30').map((e) => e.value)).toEqual(['10.1.2.0/24', '10.1.0.0/16', '10.0.0.0/8']);
    expect(index.within('10.1.0.0/16').map((e) => e.value)).toEqual(['10.1.0.0/16', '10.1.2.0/24']);
    expect(index.overlapping('10.1.0.0/16').map((e) => e.value).sort()).toEqual(['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24']);
    expect(index.overlapping('11.0.0.0/8')).toEqual([]);
    expect(index.overlapping('2001:db8:1::/48').map((e) => e.value)).toEqual(['2001:db8::/32']);
  });
});

describe('erlint --registry', () => {
  const topology = 'version: 1\ncircuits:\n  - name: ams\n    peerings:\n      - peeringType: MicrosoftPeering\n        peerASN: 24211\n        vlanId: 200\n        primaryPeerAddressPrefix: 103.49.222.0/30\n        secondaryPeerAddressPrefix: 103.49.222.4/30\n        edge: msft\n        routeFilter: rf\n        microsoftPeeringConfig:\n          advertisedPublicPrefixes: [103.49.220.0/23, 45.60.0.0/16]\nedges: [{ name: msft }]\nrouteFilters: [{ name: rf, rules: [{ name: a, access: Allow, routeFilterRuleType: Community, communities: ["12076:51004"] }] }]\n';

  it('checks prefixes against the files given on the command line and in the config', () => {
    const dir = workspace({ 'net/a.yaml': topology, 'registry/roas.json': readFileSync(join(repoRoot, 'examples/registry/roas.json'), 'utf8'), '.erlintrc.yaml': 'files: ["net/**/*.yaml"]\nregistry: registry/roas.json\n' });
    for (const args of [['-f', 'json', 'net/a.yaml'], ['-f', 'json', '--no-config', '--registry', 'registry/roas.json', 'net/a.yaml']]) {
      const run = erlint(args, dir);
      expect(run.status, run.stderr).toBe(0);
      const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; severity: number }[] }[])[0]!.messages;
      expect(messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([['microsoft-peering-prefix-origin', 13, 1]]);
    }
  });

  it('fails with exit 2 on a broken registry file, and says where', () => {
    const dir = workspace({ 'a.yaml': topology, 'roas.json': '{ "roas": [ { "asn": 1, ' });
    const run = erlint(['-f', 'json', '--registry', 'roas.json', 'a.yaml'], dir);
    expect(run.status).toBe(2);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    const broken = results.find((r) => r.filePath.endsWith('roas.json'))!;
    expect(broken.messages).toEqual([expect.objectContaining({ ruleId: 'config', line: 1 })]);
    expect(results.find((r) => r.filePath.endsWith('a.yaml'))!.messages.filter((m) => m.ruleId === 'microsoft-peering-prefix-origin')).toEqual([]);
  });

  it('exits 2 when a registry file does not exist', () => {
    const dir = workspace({ 'a.yaml': topology });
    const run = erlint(['--registry', 'missing.json', 'a.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Cannot read the registry file 'missing.json': ENOENT");
  });
});
