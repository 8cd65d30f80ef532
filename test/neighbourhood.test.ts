/**
 * A run that reports on a few files models only their neighbourhood (`engine/neighbourhood.ts`):
 * every finding in those files must come out exactly as in a run over the whole workspace. Random
 * workspaces whose files name each other across files, share names and overlap subnets are linted
 * both ways, for every file and for pairs of files.
 */
import { describe, expect, it } from 'vitest';
import { runEngine } from '../src/engine/run.js';
import { fileLinks } from '../src/engine/check-file.js';
import { neighbourhood } from '../src/engine/neighbourhood.js';
import { loadSource, type SourceFile } from '../src/loader/load.js';
import { linkLists, linksOf, nameKey, type FileLinks } from '../src/model/links.js';
import { rules } from '../src/index.js';

const SUBSCRIPTIONS = ['6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10', '0b6e4f7a-2c1d-4e8f-9a3b-5d7c9e1f2a4b'];
const byId = new Map(rules.map((r) => [r.id, r]));

function lint(files: readonly SourceFile[], reported: ReadonlySet<string>) {
  return runEngine({
    files, reportOn: (p) => reported.has(p),
    rules: rules.map((rule) => ({ rule, options: undefined })),
    severityFor: (id) => byId.get(id)?.meta.defaultSeverity ?? 'off',
    strictLocations: true,
  }).results;
}

/** mulberry32: the same seed gives the same workspace. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A workspace of `count` files drawing names from small pools, so that names repeat across files,
 * references cross files (and sometimes miss), gateways collect connections from many files, and
 * link subnets and address spaces overlap.
 */
function randomWorkspace(seed: number, count: number): Record<string, string> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  // Dense workspaces (few names, many files sharing them) and sparse ones (small neighbourhoods).
  const sparse = chance(0.6);
  const names = (prefix: string, dense: number, many: number) => Array.from({ length: sparse ? many : dense }, (_, i) => `${prefix}${i}`);
  const circuitPool = chance(0.3) ? ['c0', 'c1', 'c2'] : names('c', 8, 24);
  const vnetPool = names('v', 5, 16);
  const edgePool = names('e', 4, 12);
  const shared = ['172.16.0.0/30', '172.16.0.4/30', '172.16.0.0/29', '10.9.0.0/30'];
  const linkPool = [...shared, ...Array.from({ length: sparse ? 60 : 3 }, (_, i) => `172.16.1.${i * 4}/30`)];
  const link = () => (sparse && chance(0.9) ? pick(linkPool.slice(shared.length)) : pick(linkPool));
  const spacePool = ['10.0.0.0/16', '10.1.0.0/16', '10.9.0.0/24', '10.0.0.0/8', '172.16.2.0/24', ...Array.from({ length: sparse ? 20 : 0 }, (_, i) => `10.${10 + i}.0.0/16`)];
  // What each file defines comes first, so that references mostly find a definition (a name that
  // nothing defines makes the neighbourhood the whole workspace).
  // In a sparse workspace most names are the file's own; a few come from the shared pools.
  const name = (pool: readonly string[], f: number, i: number) => (sparse && chance(0.85) ? `${pool[0]!.replace(/\d+$/, '')}-${f}-${i}` : pick(pool));
  const some = (p: number, pool: readonly string[], f: number) => (chance(p) ? Array.from({ length: 1 + Math.floor(next() * 2) }, (_, i) => name(pool, f, i)) : []);
  const plans = Array.from({ length: count }, (_, f) => ({
    edges: some(0.5, edgePool, f),
    filters: chance(0.3) ? [name(['rf0', 'rf1', 'rf2'], f, 0)] : [],
    circuits: some(0.6, circuitPool, f),
    vnets: some(0.6, vnetPool, f),
  }));
  // In a sparse workspace most references stay within their file, as in a repository of sites.
  const defined = (kind: 'edges' | 'filters' | 'circuits' | 'vnets', missing: string) => {
    const all = plans.flatMap((p) => p[kind]);
    return (own: readonly string[]) => {
      if (all.length === 0 || chance(0.02)) return missing;
      return sparse && own.length > 0 && chance(0.85) ? pick(own) : pick(all);
    };
  };
  const edge = defined('edges', 'e-missing');
  const filter = defined('filters', 'rf-missing');
  const circuitName = defined('circuits', 'c-missing');
  const vnetName = defined('vnets', 'v-missing');
  const files: Record<string, string> = {};
  plans.forEach((plan, f) => {
    const lines = ['version: 1', `defaults: { subscription: ${pick(SUBSCRIPTIONS)} }`];
    if (plan.edges.length > 0) lines.push('edges:', ...plan.edges.map((name) => `  - { name: ${name}, internet: ${chance(0.3)} }`));
    for (const name of plan.filters) {
      lines.push('routeFilters:', `  - name: ${name}`, '    rules:');
      for (let i = 0; i < (chance(0.8) ? 1 : 2); i++) {
        lines.push(`      - { name: r${i}, access: ${chance(0.8) ? 'Allow' : 'Deny'}, routeFilterRuleType: Community, communities: [${pick(['"12076:5010"', '"12076:5100"', '"65000:1"'])}] }`);
      }
    }
    if (plan.circuits.length > 0) lines.push('circuits:');
    plan.circuits.forEach((name, i) => {
      lines.push(`  - name: ${name}`);
      if (chance(0.3)) lines.push(`    subscription: ${pick(SUBSCRIPTIONS)}`);
      lines.push('    serviceProviderName: Equinix', `    peeringLocation: ${pick(['Amsterdam', 'London'])}`);
      lines.push(`    bandwidthInMbps: ${pick([50, 1000, 2000, 10000])}`);
      lines.push(`    sku: { tier: ${pick(['Standard', 'Premium', 'Local'])}, family: ${pick(['MeteredData', 'UnlimitedData'])} }`);
      lines.push(`    serviceProviderProvisioningState: ${chance(0.8) ? 'Provisioned' : 'NotProvisioned'}`, '    circuitProvisioningState: Enabled');
      if (chance(0.4)) lines.push('    authorizations:', `      - name: ${pick(['a0', 'a1'])}`);
      if (chance(0.2)) return;
      lines.push('    peerings:');
      const privatePeering = chance(0.8);
      if (privatePeering) {
        lines.push('      - peeringType: AzurePrivatePeering', '        peerASN: 65001', `        vlanId: ${100 + i}`);
        lines.push(`        primaryPeerAddressPrefix: ${link()}`, `        secondaryPeerAddressPrefix: ${link()}`);
        if (chance(0.2)) lines.push(`        ipv6PeeringConfig: { primaryPeerAddressPrefix: "${pick(['fd00::/126', 'fd00::4/126'])}", secondaryPeerAddressPrefix: "fd00:1::/126" }`);
        if (chance(0.2)) lines.push('        state: Disabled');
        if (chance(0.7)) lines.push(`        edge: ${edge(plan.edges)}`);
      }
      if (!privatePeering || chance(0.5)) {
        lines.push('      - peeringType: MicrosoftPeering', '        peerASN: 12345', `        vlanId: ${200 + i}`);
        lines.push(`        primaryPeerAddressPrefix: ${pick(['40.0.0.0/30', '40.0.0.4/30'])}`, `        secondaryPeerAddressPrefix: ${pick(['40.0.0.8/30', '172.16.0.0/30'])}`);
        if (chance(0.8)) lines.push(`        edge: ${edge(plan.edges)}`);
        if (chance(0.7)) lines.push(`        routeFilter: ${filter(plan.filters)}`);
        lines.push('        microsoftPeeringConfig: { advertisedPublicPrefixes: [40.1.0.0/24], customerASN: 12345, advertisedPublicPrefixesState: Configured }');
      }
    });
    if (plan.vnets.length > 0) lines.push('vnets:');
    for (const name of plan.vnets) {
      lines.push(`  - name: ${name}`, `    addressSpace: [${pick(spacePool)}]`);
      if (chance(0.3)) lines.push(`    subscription: ${pick(SUBSCRIPTIONS)}`);
      if (chance(0.8)) lines.push('    subnets:', `      - { name: GatewaySubnet, addressPrefix: ${pick(['10.0.255.0/27', '10.1.255.0/28', '10.0.0.0/24'])} }`);
      lines.push('    gateways:');
      const sku = pick(['ErGw1AZ', 'ErGw3AZ', 'ErGwScale', 'Standard']);
      lines.push(`      - { name: gw, gatewayType: ExpressRoute, sku: ${sku}${sku === 'ErGwScale' ? `, scaleUnits: { min: ${pick([1, 2])}, max: 10 }` : ''} }`);
      if (chance(0.2)) lines.push('      - { name: vpn, gatewayType: Vpn, sku: VpnGw1AZ }');
    }
    if (chance(0.7)) {
      lines.push('connections:');
      for (let i = 0; i < 1 + Math.floor(next() * 4); i++) {
        const extra = `${chance(0.2) ? `, authorization: ${pick(['a0', 'a1'])}` : ''}${chance(0.2) ? ', expressRouteGatewayBypass: true' : ''}`;
        lines.push(`  - { name: k${Math.floor(next() * (sparse ? 60 : 12))}, gateway: ${vnetName(plan.vnets)}/${pick(['gw', 'gw', 'gw', 'vpn'])}, circuit: ${circuitName(plan.circuits)}${extra} }`);
      }
    }
    files[`ws/f${String(f).padStart(2, '0')}.yaml`] = `${lines.join('\n')}\n`;
  });
  return files;
}

const load = (texts: Record<string, string>) => Object.entries(texts).map(([path, text]) => loadSource(path, text));

describe('the neighbourhood of the reported files', () => {
  it('gives them exactly the findings of a run over the whole workspace', () => {
    let compared = 0;
    let smaller = 0;
    let whole = 0;
    const rulesSeen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const texts = randomWorkspace(seed, 14);
      const paths = Object.keys(texts);
      const links = new Map(load(texts).map((f): [string, FileLinks] => [f.path, fileLinks(f)]));
      const next = random(seed * 7919);
      const reportedSets = [...paths.map((p) => [p]), ...Array.from({ length: 5 }, () => [paths[Math.floor(next() * paths.length)]!, paths[Math.floor(next() * paths.length)]!])];
      for (const reportedList of reportedSets) {
        const reported = new Set(reportedList);
        const within = neighbourhood(reported, links);
        if (!within) whole++;
        else if (within.size < paths.length) smaller++;
        const everything = lint(load(texts), reported);
        const part = within ? lint(load(texts).filter((f) => within.has(f.path)), reported) : everything;
        expect(part, `seed ${seed}, reporting on ${reportedList.join(', ')}`).toEqual(everything);
        for (const r of everything) for (const d of r.diagnostics) rulesSeen.add(d.ruleId);
        compared++;
      }
    }
    // The comparison means something only if the neighbourhood is often smaller than the workspace,
    // sometimes the whole of it, and the findings cover the rules that look across files.
    expect(compared).toBeGreaterThan(1000);
    expect(smaller).toBeGreaterThan(compared / 4);
    expect(whole).toBeGreaterThan(10);
    for (const id of [
      'circuit-link-limit', 'gateway-circuit-limit', 'gateway-throughput', 'topology-unique-names', 'topology-reference-exists',
      'peering-subnets', 'connection-authorization', 'circuit-usable-state', 'microsoft-peering-separate-edge', 'microsoft-peering-route-filter',
      'peering-bgp-enabled', 'circuit-billing-while-unprovisioned', 'gateway-subnet', 'connection-gateway-type',
    ]) expect(rulesSeen, id).toContain(id);
  });

  const links = (texts: Record<string, string>) => new Map(Object.entries(texts).map(([path, text]): [string, FileLinks] => [path, fileLinks(loadSource(path, text))]));
  const circuit = (name: string, mbps: number, link = '172.16.0.0/30', secondary = `172.31.0.${mbps % 64 * 4}/30`) =>
    `version: 1\ncircuits:\n  - name: ${name}\n    bandwidthInMbps: ${mbps}\n    peerings:\n      - { peeringType: AzurePrivatePeering, peerASN: 65001, vlanId: 100, primaryPeerAddressPrefix: ${link}, secondaryPeerAddressPrefix: ${secondary} }\n`;
  const hub = 'version: 1\nvnets:\n  - { name: hub, addressSpace: [10.0.0.0/16], gateways: [{ name: gw, gatewayType: ExpressRoute, sku: ErGw1AZ }] }\n';
  const link = (name: string, circuitName: string) => `version: 1\nconnections:\n  - { name: ${name}, gateway: hub/gw, circuit: ${circuitName} }\n`;

  it('reaches the circuits that other files link to its gateway, and no further', () => {
    const texts = {
      'hub.yaml': hub, 'a.yaml': link('k1', 'c1'), 'b.yaml': link('k2', 'c2'),
      'c1.yaml': circuit('c1', 1000), 'c2.yaml': circuit('c2', 1000, '172.17.0.0/30'),
      'c2-links.yaml': link('k3', 'c2').replace('hub/gw', 'other/gw'), 'other.yaml': hub.replace('hub', 'other'),
      'unrelated.yaml': circuit('c9', 50, '192.168.0.0/30'),
    };
    // The gateway's throughput adds up c1 and c2; who else links to c2 changes nothing here.
    expect([...neighbourhood(['hub.yaml'], links(texts))!].sort()).toEqual(['a.yaml', 'b.yaml', 'c1.yaml', 'c2.yaml', 'hub.yaml']);
  });

  it('takes in files whose subnets overlap a link subnet of the reported files', () => {
    const texts = {
      'c1.yaml': circuit('c1', 1000, '172.16.0.0/30', '172.31.0.0/30'), 'c2.yaml': circuit('c2', 1000, '172.16.0.0/29', '172.31.0.4/30'),
      'c3.yaml': circuit('c3', 1000, '172.16.0.8/30', '172.31.0.8/30'), 'space.yaml': 'version: 1\nvnets:\n  - { name: v, addressSpace: [172.16.0.0/24] }\n',
    };
    expect([...neighbourhood(['c1.yaml'], links(texts))!].sort()).toEqual(['c1.yaml', 'c2.yaml', 'space.yaml']);
  });

  it('is the whole workspace when a reported file names what nothing defines', () => {
    const texts = { 'hub.yaml': hub, 'a.yaml': link('k1', 'c-typo'), 'c1.yaml': circuit('c1', 1000) };
    expect(neighbourhood(['a.yaml'], links(texts))).toBeUndefined();
    expect(neighbourhood(['hub.yaml'], links(texts))).toEqual(new Set(['hub.yaml', 'a.yaml']));
  });

  it('keys names by kind and name, apart for every name of a workspace', () => {
    expect(nameKey('circuit', 'er-1')).toBe(nameKey('circuit', 'er-1'));
    expect(nameKey('circuit', 'er-1')).not.toBe(nameKey('vnet', 'er-1'));
    expect(nameKey('edge', 'a:b')).not.toBe(nameKey('edge', 'a: b'));
    const keys = new Set<number>();
    for (let i = 0; i < 200_000; i++) keys.add(nameKey(i % 2 ? 'circuit' : 'connection', `er-${i >> 1}-${i % 7}`));
    expect(keys.size).toBe(200_000);
    for (const key of keys) {
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
      break;
    }
  });

  it('leaves out what documents that break the schema define', () => {
    expect(linkLists(linksOf([]))).toEqual({ defines: new Float64Array(), references: new Float64Array(), links: new Float64Array(), spaces: new Float64Array(), ipv6Links: [], ipv6Spaces: [] });
    const broken = fileLinks(loadSource('x.yaml', 'version: 1\ncircuits:\n  - name: c1\n    bandwidth: 1000\n---\nversion: 1\nedges:\n  - { name: e1, internet: false }\n'));
    expect(linkLists(broken).defines).toEqual(Float64Array.of(nameKey('edge', 'e1')));
  });
});
