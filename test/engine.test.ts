/** The engine's own duties: one topology across files, severities, order, crashes, exact places. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine, startEngine, type EngineInput } from '../src/engine/run.js';
import type { Rule } from '../src/engine/rule.js';
import { fromTransferable, loadSource, TextElsewhereError, toTransferable } from '../src/loader/load.js';
import { locate } from '../src/loader/locate.js';
import { modelFile } from '../src/engine/check-file.js';
import { buildTopology, documentModel } from '../src/model/build.js';
import { rules } from '../src/index.js';
import { fixturesDir } from './helpers/fixtures.js';

const byId = (id: string) => rules.find((r) => r.id === id)!;

function run(files: Record<string, string>, overrides: Partial<EngineInput> = {}) {
  return runEngine({
    files: Object.entries(files).map(([path, text]) => loadSource(path, text)),
    rules: rules.map((rule) => ({ rule, options: undefined })),
    severityFor: (id) => byId(id).meta.defaultSeverity,
    strictLocations: true,
    ...overrides,
  });
}

const summary = (output: ReturnType<typeof run>) =>
  output.results.flatMap((r) => r.diagnostics.map((d) => `${r.filePath}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.ruleId}`));

const circuits = 'version: 1\ncircuits:\n  - name: er-ams-1\n';
const links = 'version: 1\nconnections:\n  - { name: c1, gateway: hub/ergw, circuit: er-ams-1 }\n';
const network = 'version: 1\nvnets:\n  - name: hub\n    addressSpace: [10.0.0.0/16]\n    gateways: [{ name: ergw, gatewayType: ExpressRoute, sku: ErGw1AZ }]\n';

describe('runEngine', () => {
  it('resolves references across files of one workspace', () => {
    expect(summary(run({ 'a.yaml': circuits, 'b.yaml': links, 'c.yaml': network }))).toEqual([]);
    expect(summary(run({ 'b.yaml': links, 'c.yaml': network }))).toEqual(['b.yaml:3:45 error topology-reference-exists']);
  });

  it('leaves documents that fail the schema out of the model', () => {
    const broken = 'version: 1\ncircuits:\n  - name: er-ams-1\n    bandwidth: 1000\n';
    expect(summary(run({ 'a.yaml': broken, 'b.yaml': links, 'c.yaml': network }))).toEqual([
      'a.yaml:4:5 error schema',
      'b.yaml:3:45 error topology-reference-exists',
    ]);
  });

  it('lets the documents\' data go once the model is built when asked, with the same findings', () => {
    // A workspace with findings across files, from the rule fixtures.
    const dirs = ['topology-unique-names', 'peering-subnets', 'topology-reference-exists'].map((id) => join(fixturesDir, 'rules', id));
    const texts = Object.fromEntries(dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.startsWith('invalid') && f.endsWith('.yaml')).map((f) => [join(dir, f), readFileSync(join(dir, f), 'utf8')])));
    const kept = Object.entries(texts).map(([path, text]) => loadSource(path, text));
    const released = Object.entries(texts).map(([path, text]) => loadSource(path, text));
    const withData = runEngine({ files: kept, rules: rules.map((rule) => ({ rule, options: undefined })), severityFor: (id) => byId(id).meta.defaultSeverity, strictLocations: true });
    const withoutData = runEngine({ files: released, rules: rules.map((rule) => ({ rule, options: undefined })), severityFor: (id) => byId(id).meta.defaultSeverity, strictLocations: true, releaseData: true });
    expect(summary(withData).length).toBeGreaterThan(5);
    expect(withoutData.results).toEqual(withData.results);
    expect(kept.every((f) => f.documents.every((d) => d.data !== undefined))).toBe(true);
    expect(released.every((f) => f.documents.every((d) => d.data === undefined))).toBe(true);
    expect(withData.topology?.circuits.length).toBeGreaterThan(0);
    expect(withoutData.topology).toBeUndefined();
  });

  it('places findings in a text it reads again when the run let the text go, and in the new text when it changed', () => {
    const dirs = ['topology-unique-names', 'peering-subnets', 'topology-reference-exists'].map((id) => join(fixturesDir, 'rules', id));
    const texts = Object.fromEntries(dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.startsWith('invalid') && f.endsWith('.yaml')).map((f) => [join(dir, f), readFileSync(join(dir, f), 'utf8')])));
    const input = (files: ReturnType<typeof loadSource>[]) => ({ files, rules: rules.map((rule) => ({ rule, options: undefined })), severityFor: (id: string) => byId(id).meta.defaultSeverity, strictLocations: true, releaseData: true });
    const kept = runEngine(input(Object.entries(texts).map(([path, text]) => modelFile(loadSource(path, text)))));
    let reloads = 0;
    const letGo = Object.entries(texts).map(([path, text]) => {
      const file = modelFile(loadSource(path, text));
      file.text = '';
      file.reload = () => {
        reloads++;
        return { ...file, text };
      };
      return file;
    });
    const placed = runEngine(input(letGo));
    expect(summary(kept).length).toBeGreaterThan(5);
    expect(placed.results).toEqual(kept.results);
    // Once a file: every place of a file is found in one reading.
    expect(reloads).toBe(new Set(kept.results.filter((r) => r.diagnostics.length > 0).map((r) => r.filePath)).size);

    // The file now holds two more lines at the top: the same findings, placed two lines down.
    const [path, text] = Object.entries(texts).find(([, t]) => t.startsWith('version: 1\n'))!;
    const moved = modelFile(loadSource(path, text));
    moved.text = '';
    moved.reload = () => loadSource(path, `# added\n# since\n${text}`);
    const shifted = runEngine({ ...input([moved]), strictLocations: false });
    const before = runEngine(input([modelFile(loadSource(path, text))]));
    expect(shifted.results[0]!.diagnostics.length).toBeGreaterThan(0);
    expect(shifted.results[0]!.diagnostics.map((d) => d.range.start.line)).toEqual(before.results[0]!.diagnostics.map((d) => d.range.start.line + 2));
  });

  it('builds the same model from entities made where each file was read, and needs no data then', () => {
    const dirs = ['topology-unique-names', 'peering-subnets', 'topology-reference-exists', 'connection-authorization', 'gateway-subnet'].map((id) => join(fixturesDir, 'rules', id));
    const texts = Object.fromEntries(dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => [join(dir, f), readFileSync(join(dir, f), 'utf8')])));
    const input = (files: ReturnType<typeof loadSource>[]) => ({ files, rules: rules.map((rule) => ({ rule, options: undefined })), severityFor: (id: string) => byId(id).meta.defaultSeverity, strictLocations: true });
    const fromData = runEngine(input(Object.entries(texts).map(([path, text]) => loadSource(path, text))));
    const modelled = Object.entries(texts).map(([path, text]) => modelFile(loadSource(path, text)));
    // Only documents that passed the schema have entities; the others keep their data for their findings.
    expect(modelled.some((f) => f.documents.some((d) => d.model && d.data === undefined))).toBe(true);
    const fromEntities = runEngine(input(modelled));
    expect(summary(fromData).length).toBeGreaterThan(10);
    expect(fromEntities.results).toEqual(fromData.results);
    // The same entities in the same order, connections resolved alike: what every rule iterates over.
    expect(fromEntities.topology).toEqual(fromData.topology);
  });

  it('joins the documents\' entities in order, and indexes every name and its repeats, past the thousands that one join takes', () => {
    // 9,000 documents: more than two joins of 4,096. Each has an edge (every third one's name
    // repeats an earlier document's), a circuit with a peering, and nothing else.
    const count = 9000;
    const edgeName = (i: number) => (i % 3 === 2 ? `edge-${i - 2}` : `edge-${i}`);
    const inputs = Array.from({ length: count }, (_, i) => ({
      file: `/w/${String(i).padStart(5, '0')}.yaml`, doc: 0,
      data: { version: 1, edges: [{ name: edgeName(i) }], circuits: [{ name: `er-${i}`, peerings: [{ peeringType: 'AzurePrivatePeering', peerASN: 65000, vlanId: 100, primaryPeerAddressPrefix: '172.16.0.0/30', secondaryPeerAddressPrefix: '172.16.0.4/30' }] }] },
    }));
    const released: number[] = [];
    const topology = buildTopology(inputs, (i) => released.push(i));
    expect(released).toEqual(inputs.map((_, i) => i));
    expect(topology.edges.map((e) => e.ref.file)).toEqual(inputs.map((input) => input.file));
    expect(topology.circuits.map((c) => c.name)).toEqual(inputs.map((_, i) => `er-${i}`));
    expect(topology.peerings.map((p) => p.circuit.name)).toEqual(inputs.map((_, i) => `er-${i}`));
    expect(topology.byName.circuits.size).toBe(count);
    expect(topology.byName.edges.size).toBe(2 * count / 3);
    expect(topology.byName.edges.get('edge-0')!.ref.file).toBe('/w/00000.yaml');
    expect(topology.sameName.edges.size).toBe(count / 3);
    expect(topology.sameName.edges.get('edge-8994')!.map((e) => e.ref.file)).toEqual(['/w/08994.yaml', '/w/08996.yaml']);
    expect(topology.gateways).toEqual([]);
    expect(topology.authorizations).toEqual([]);
  });

  it('makes every list of an entity with exactly its items, in order, at any length', () => {
    for (let n = 0; n <= 5; n++) {
      const names = (prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      const prefixes = (third: number) => Array.from({ length: n }, (_, i) => `10.${third}.${i}.0/24`);
      const data = {
        version: 1,
        defaults: { subscription: 'sub-default', location: null },
        routeFilters: [{ name: 'rf', rules: names('rule').map((name) => ({ name, access: 'Allow', routeFilterRuleType: 'Community', communities: names('12076:5') })) }],
        circuits: [{
          name: 'er', location: 'westeurope', resourceGroup: null,
          authorizations: names('auth').map((name) => ({ name })),
          peerings: names('p').map((_, i) => ({
            peeringType: 'MicrosoftPeering', peerASN: 65000 + i, vlanId: 100 + i, primaryPeerAddressPrefix: `192.0.2.${8 * i}/30`, secondaryPeerAddressPrefix: `192.0.2.${8 * i + 4}/30`,
            advertisedPrefixes: prefixes(1), microsoftPeeringConfig: { advertisedPublicPrefixes: prefixes(2) },
          })),
        }],
        vnets: [{ name: 'hub', subscription: 'sub-own', addressSpace: prefixes(3), subnets: names('s').map((name, i) => ({ name, addressPrefix: `10.3.${i}.0/26` })), gateways: names('gw').map((name) => ({ name, gatewayType: 'ExpressRoute', sku: 'ErGw1AZ' })) }],
      };
      const model = documentModel({ file: '/w/a.yaml', doc: 0, data });
      const circuit = model.circuits[0]!;
      const vnet = model.vnets[0]!;
      expect(circuit.authorizations.map((a) => [a.name, a.ref.pointer, a.circuit === circuit]), `n = ${n}`).toEqual(names('auth').map((name, i) => [name, `/circuits/0/authorizations/${i}`, true]));
      expect(circuit.peerings.map((p) => [p.vlanId, p.ref.pointer, p.advertisedPrefixes, p.microsoftPeeringConfig?.advertisedPublicPrefixes])).toEqual(names('p').map((_, i) => [100 + i, `/circuits/0/peerings/${i}`, prefixes(1), prefixes(2)]));
      expect(model.peerings).toEqual(circuit.peerings);
      expect(model.authorizations).toEqual(circuit.authorizations);
      expect(model.routeFilters[0]!.rules.map((r) => [r.name, r.ref.pointer, r.communities])).toEqual(names('rule').map((name, i) => [name, `/routeFilters/0/rules/${i}`, names('12076:5')]));
      expect(vnet.addressSpace).toEqual(prefixes(3));
      expect(vnet.subnets.map((x) => [x.name, x.ref.pointer, x.vnet === vnet])).toEqual(names('s').map((name, i) => [name, `/vnets/0/subnets/${i}`, true]));
      expect(vnet.gateways.map((g) => [g.name, g.ref.pointer, g.circuitConnections])).toEqual(names('gw').map((name, i) => [name, `/vnets/0/gateways/${i}`, []]));
      // Copies, not the data's own lists: the model outlives the data, and nothing the data holds changes it.
      const peering = data.circuits[0]!.peerings[0];
      if (peering) {
        expect(circuit.peerings[0]!.advertisedPrefixes).not.toBe(peering.advertisedPrefixes);
        peering.advertisedPrefixes.push('10.9.9.0/24');
        expect(circuit.peerings[0]!.advertisedPrefixes).toEqual(prefixes(1));
      }
      // An optional property left out or null is there as undefined; defaults fill subscription and location.
      expect([circuit.subscription, circuit.location, circuit.resourceGroup, circuit.serviceProviderName]).toEqual(['sub-default', 'westeurope', undefined, undefined]);
      expect('resourceGroup' in circuit).toBe(true);
      expect([vnet.subscription, vnet.location]).toEqual(['sub-own', undefined]);
    }
  });

  it('refuses to place anything but the first line in a file whose text another thread holds', () => {
    const file = fromTransferable(toTransferable(loadSource('/w/a.yaml', circuits), { withText: false }));
    expect(file.text).toBe('');
    expect(() => locate(file, 0, '/circuits/0')).toThrow(TextElsewhereError);
    expect(() => locate(file, 0, '/circuits/0')).toThrow('the text of `/w/a.yaml` is held by the worker thread that read it');
    // What a run may still say of such a file without its text: a finding on its first line.
    const output = runEngine({ files: [file], rules: [], severityFor: () => 'error' });
    expect(output.results[0]!.diagnostics).toEqual([]);
  });

  it('reports only on the files asked for, but loads the others', () => {
    const output = run({ 'a.yaml': circuits, 'b.yaml': links, 'c.yaml': 'version: 1\ncircuits:\n  - name: er-ams-1\n' }, { reportOn: (p) => p === 'a.yaml' });
    expect(output.results.map((r) => r.filePath)).toEqual(['a.yaml']);
    expect(summary(output)).toEqual(['a.yaml:3:11 error topology-unique-names']);
  });

  it('names the other file in messages, through displayPath', () => {
    const output = run({ '/w/a.yaml': circuits, '/w/b.yaml': circuits }, { displayPath: (p) => p.replace('/w/', '') });
    expect(output.results[0]!.diagnostics[0]!.message).toBe('Duplicate circuit name `er-ams-1`, also defined at b.yaml:3:11; circuit names must be unique across the workspace');
    expect(output.results[0]!.diagnostics[0]!.related).toEqual([
      expect.objectContaining({ filePath: '/w/b.yaml', pointer: '/circuits/0/name', range: expect.objectContaining({ start: { line: 3, column: 11, offset: 31 } }) }),
    ]);
  });

  it('stamps the severity per rule and file, and drops what is off', () => {
    const files = { 'a.yaml': circuits, 'lab/b.yaml': circuits };
    const output = run(files, { severityFor: (_, path) => (path.startsWith('lab/') ? 'off' : 'warn') });
    expect(summary(output)).toEqual(['a.yaml:3:11 warn topology-unique-names']);
    expect(output.results.map((r) => [r.filePath, r.errorCount, r.warningCount])).toEqual([['a.yaml', 0, 1], ['lab/b.yaml', 0, 0]]);
  });

  it('gives the same output whatever order the files come in', () => {
    const files = { 'z.yaml': circuits, 'a.yaml': circuits, 'm.yaml': links };
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(JSON.stringify(run(reversed).results)).toBe(JSON.stringify(run(files).results));
    expect(summary(run(files))).toEqual([
      'a.yaml:3:11 error topology-unique-names',
      'm.yaml:3:26 error topology-reference-exists',
      'z.yaml:3:11 error topology-unique-names',
    ]);
  });

  it('turns a crashing rule into an internal finding and keeps the other rules', () => {
    const crashing: Rule = { id: 'boom', meta: { ...byId('topology-unique-names').meta }, check: () => { throw new Error('kaboom'); } };
    const output = run({ 'a.yaml': circuits, 'b.yaml': circuits }, { rules: [{ rule: crashing, options: undefined }, { rule: byId('topology-unique-names'), options: undefined }] });
    expect(output.internalError).toBe(true);
    expect(summary(output)).toEqual(['a.yaml:1:1 error internal', 'a.yaml:3:11 error topology-unique-names', 'b.yaml:3:11 error topology-unique-names']);
    expect(output.results[0]!.diagnostics[0]!.message).toMatch(/^Rule `boom` crashed: kaboom/);
  });

  it('makes each file\'s findings only when its result is asked for, and the same results as a whole run', () => {
    const files = { 'z.yaml': circuits, 'a.yaml': circuits, 'm.yaml': links, 'n.yaml': 'version: 1\ncircuits: [\n', 'e.yaml': '' };
    const input = () => ({
      files: Object.entries(files).map(([path, text]) => loadSource(path, text)),
      rules: rules.map((rule) => ({ rule, options: undefined })),
      severityFor: (id: string) => byId(id).meta.defaultSeverity,
      strictLocations: true,
    });
    const lazy = startEngine(input()).finishLazily();
    const whole = startEngine(input()).finish();
    expect(JSON.stringify([...lazy.results])).toBe(JSON.stringify(whole.results));
    expect(whole.results.map((r) => r.filePath)).toEqual(['a.yaml', 'e.yaml', 'm.yaml', 'n.yaml', 'z.yaml']);
    expect(lazy.internalError()).toBe(false);

    // A report that cannot be placed shows up as the results go by: an internal finding in its own file.
    const sloppy: Rule = {
      id: 'sloppy', meta: { description: 'x', defaultSeverity: 'error', recommended: true, docsUrl: '', messages: { m: 'x' } },
      check: (topology, { report }) => { for (const c of topology.circuits) report({ messageId: 'm', at: { ...c.ref, pointer: '/circuits/0/nmae' } }); },
    };
    const run = startEngine({ ...input(), rules: [{ rule: sloppy, options: undefined }], severityFor: () => 'error' }).finishLazily();
    const results = run.results[Symbol.iterator]();
    expect(run.internalError()).toBe(false);
    expect(results.next().value?.filePath).toBe('a.yaml');
    expect(run.internalError()).toBe(true);
    expect([...{ [Symbol.iterator]: () => results }].map((r) => `${r.filePath} ${r.diagnostics.map((d) => d.ruleId).join()}`)).toEqual(['e.yaml schema', 'm.yaml ', 'n.yaml syntax', 'z.yaml internal']);
  });

  it('refuses a report whose pointer does not resolve exactly, when asked to', () => {
    const sloppy: Rule = {
      id: 'sloppy', meta: { description: 'x', defaultSeverity: 'error', recommended: true, docsUrl: '', messages: { m: 'x' } },
      check: (topology, { report }) => report({ messageId: 'm', at: { ...topology.circuits[0]!.ref, pointer: '/circuits/0/nmae' } }),
    };
    const strict = run({ 'a.yaml': circuits }, { rules: [{ rule: sloppy, options: undefined }], severityFor: () => 'error' });
    expect(strict.internalError).toBe(true);
    const lenient = run({ 'a.yaml': circuits }, { rules: [{ rule: sloppy, options: undefined }], severityFor: () => 'error', strictLocations: false });
    expect(summary(lenient)).toEqual(['a.yaml:3:5 error sloppy']);
  });

  it('builds the same model from a YAML file and its JSON twin', () => {
    const load = (name: string) => {
      const path = join(fixturesDir, 'json-twin', name);
      const output = run({ [`twin${name.slice(name.lastIndexOf('.'))}`]: readFileSync(path, 'utf8') });
      expect(summary(output)).toEqual([]);
      // Entities minus their source references, which differ by file and nothing else.
      const backLinks = ['ref', 'circuit', 'vnet', 'resolvedGateway', 'resolvedCircuit', 'circuitConnections', 'vnetConnections'];
      return JSON.stringify(output.topology!, (key, value) => (backLinks.includes(key) ? undefined : value));
    };
    const fromYaml = load('reference-topology.yaml');
    expect(fromYaml).toContain('er-ams-1');
    expect(load('reference-topology.json')).toBe(fromYaml);
  });

  it('links each connection to the gateway its `<vnet>/<gateway>` names, in the first VNet of that name', () => {
    const text = [
      'version: 1',
      'vnets:',
      '  - { name: hub, addressSpace: [10.0.0.0/16], gateways: [{ name: xgw, gatewayType: ExpressRoute, sku: Standard }, { name: gw, gatewayType: ExpressRoute, sku: Standard }] }',
      '  - { name: hub, addressSpace: [10.1.0.0/16], gateways: [{ name: other, gatewayType: ExpressRoute, sku: Standard }] }',
      'connections:',
      '  - { name: c1, gateway: hub/gw, circuit: er }',
      '  - { name: c2, gateway: hub/xgw, circuit: er }',
      '  - { name: c3, gateway: hub/g, circuit: er }',
      '  - { name: c4, gateway: hub/other, circuit: er }',
      '  - { name: c5, gateway: spoke/gw, circuit: er }',
      '',
    ].join('\n');
    const { connections } = run({ 'a.yaml': text }).topology!;
    expect(connections.map((c) => [c.name, c.resolvedGateway?.name, c.resolvedGateway?.vnet.addressSpace[0]])).toEqual([
      ['c1', 'gw', '10.0.0.0/16'], ['c2', 'xgw', '10.0.0.0/16'], ['c3', undefined, undefined], ['c4', undefined, undefined], ['c5', undefined, undefined],
    ]);
    expect(connections[0]!.resolvedGateway!.circuitConnections.map((c) => c.name)).toEqual(['c1']);
  });

  it('inherits the document defaults for subscription and location', () => {
    const text = 'version: 1\ndefaults: { subscription: 6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10, location: westeurope }\ncircuits:\n  - { name: a }\n  - { name: b, location: uksouth }\n---\nversion: 1\ncircuits: [{ name: c }]\n';
    const { circuits: list } = run({ 'a.yaml': text }).topology!;
    expect(list.map((c) => [c.name, c.subscription, c.location, c.ref.doc])).toEqual([
      ['a', '6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10', 'westeurope', 0],
      ['b', '6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10', 'uksouth', 0],
      ['c', undefined, undefined, 1],
    ]);
  });
});

describe('peering-subnets, which link it names', () => {
  const messages = (text: string) => run({ 'a.yaml': text }).results.flatMap((r) => r.diagnostics.filter((d) => d.ruleId === 'peering-subnets').map((d) => `${d.range.start.line} ${d.message}`));
  const peering = (type: string, primary: string, secondary: string, extra = '') =>
    `      - { peeringType: ${type}, peerASN: 65010, vlanId: 100, primaryPeerAddressPrefix: ${primary}, secondaryPeerAddressPrefix: ${secondary}${extra} }\n`;

  it('names the Microsoft link around the one looked up before one inside it, and the first of those added', () => {
    const text = 'version: 1\ncircuits:\n'
      + `  - name: a\n    peerings:\n${peering('MicrosoftPeering', '203.0.113.0/30', '203.0.113.4/30')}`
      + `  - name: b\n    peerings:\n${peering('MicrosoftPeering', '203.0.113.0/29', '198.51.100.0/30')}`
      + `  - name: c\n    peerings:\n${peering('MicrosoftPeering', '203.0.113.4/30', '198.51.100.8/30')}`;
    const found = messages(text);
    // a's secondary lies in b's /29 and on c's /30: the /29, around it, comes first.
    expect(found.find((m) => m.startsWith('5 ') && m.includes('secondary link'))).toContain('overlaps `203.0.113.0/29` of circuit `b` at 8:');
    // b's /29 holds a's two links and c's: the first by address, then the first added.
    expect(found.find((m) => m.startsWith('8 ') && m.includes('primary link'))).toContain('overlaps `203.0.113.0/30` of circuit `a` at 5:');
    expect(found.find((m) => m.startsWith('11 ') && m.includes('primary link'))).toContain('overlaps `203.0.113.0/29` of circuit `b` at 8:');
  });

  it('finds IPv6 links reused across circuits, and on one edge', () => {
    const v6 = (primary: string) => `, edge: core, ipv6PeeringConfig: { primaryPeerAddressPrefix: "${primary}", secondaryPeerAddressPrefix: "fd00:99::4/126" }`;
    const text = 'version: 1\nedges:\n  - name: core\ncircuits:\n'
      + `  - name: a\n    peerings:\n${peering('AzurePrivatePeering', '172.16.0.0/30', '172.16.0.4/30', v6('fd00:10::/126'))}`
      + `  - name: b\n    peerings:\n${peering('AzurePrivatePeering', '172.16.1.0/30', '172.16.1.4/30', v6('fd00:10::/126'))}`;
    const found = messages(text);
    expect(found.filter((m) => m.includes('primary IPv6 link') && m.includes('both peerings terminate on edge `core`'))).toHaveLength(2);
    expect(found.find((m) => m.startsWith('7 ') && m.includes('secondary IPv6 link'))).toContain('overlaps `fd00:99::4/126` of circuit `b` at 10:');
  });

  it('keeps every link when most peerings have IPv6 links too, and names the last ones read', () => {
    // Four links a peering: twice the room the rule starts with (two a peering), so its columns grow.
    const circuits = Array.from({ length: 24 }, (_, i) => {
      const v6 = `, ipv6PeeringConfig: { primaryPeerAddressPrefix: "fd00:${i + 1}::/126", secondaryPeerAddressPrefix: "fd00:${i + 1}::4/126" }`;
      return `  - name: c${i}\n    peerings:\n${peering('MicrosoftPeering', `203.0.${i}.0/30`, `203.0.${i}.4/30`, v6)}`;
    });
    // The last circuit reuses the first one's IPv6 secondary and its own IPv4 primary as its secondary.
    const last = `  - name: last\n    peerings:\n${peering('MicrosoftPeering', '198.51.100.0/30', '198.51.100.0/30', ', ipv6PeeringConfig: { primaryPeerAddressPrefix: "fd00:99::/126", secondaryPeerAddressPrefix: "fd00:1::4/126" }')}`;
    const found = messages(`version: 1\ncircuits:\n${circuits.join('')}${last}`);
    expect(found).toEqual([
      expect.stringMatching(/^5 The secondary IPv6 link .* circuit `c0` is `fd00:1::4\/126`, which overlaps `fd00:1::4\/126` of circuit `last` at 77:/),
      expect.stringMatching(/^77 The secondary link .* circuit `last` is `198.51.100.0\/30`, the same subnet as the primary link at 77:/),
      expect.stringMatching(/^77 The secondary IPv6 link .* circuit `last` is `fd00:1::4\/126`, which overlaps `fd00:1::4\/126` of circuit `c0` at 5:/),
    ]);
  });

  it('names the VNet address space closest around a private link', () => {
    const text = 'version: 1\ncircuits:\n'
      + `  - name: a\n    peerings:\n${peering('AzurePrivatePeering', '10.1.255.0/30', '172.16.0.4/30')}`
      + 'vnets:\n  - { name: hub, addressSpace: [192.168.0.0/16, 10.1.255.0/24] }\n  - { name: spoke, addressSpace: [10.0.0.0/8] }\n';
    expect(messages(text)).toEqual([expect.stringContaining('overlaps `10.1.255.0/24` of VNet `hub` at 7:')]);
  });
});

describe('microsoft-peering-route-filter on a filter that circuits share', () => {
  const circuit = (name: string, tier: string, vlan: number) => `  - name: ${name}\n    sku: { tier: ${tier}, family: MeteredData }\n    peerings:\n`
    + `      - { peeringType: MicrosoftPeering, peerASN: 24211, vlanId: ${vlan}, primaryPeerAddressPrefix: 103.49.${vlan}.0/30, secondaryPeerAddressPrefix: 103.49.${vlan}.4/30, routeFilter: rf-m365 }\n`;
  const filters = 'version: 1\nrouteFilters:\n  - name: rf-m365\n    rules:\n      - { name: allow, access: Allow, routeFilterRuleType: Community, communities: ["12076:5010", "12076:51004", "12076:5020"] }\n';
  const found = (files: Record<string, string>) => run(files).results.flatMap((r) => r.diagnostics
    .filter((d) => d.ruleId === 'microsoft-peering-route-filter')
    .map((d) => `${r.filePath}:${d.range.start.line}:${d.range.start.column} ${d.message}`));

  it('reports each Microsoft 365 community once, naming every circuit below Premium by tier, with its place', () => {
    const circuits = `version: 1\ncircuits:\n${circuit('ams', 'Standard', 10)}${circuit('ber', 'Premium', 11)}${circuit('lis', 'Local', 12)}${circuit('par', 'Standard', 13)}`;
    const advice = '; Microsoft 365 over ExpressRoute needs a `Premium` circuit (and Microsoft\'s authorization)';
    const named = 'but circuits `ams` (at circuits.yaml:4:18) and `par` (at circuits.yaml:16:18) are `Standard` and circuit `lis` (at circuits.yaml:12:18) is `Local`';
    expect(found({ 'circuits.yaml': circuits, 'filters.yaml': filters })).toEqual([
      `filters.yaml:5:85 Route filter \`rf-m365\` allows the Microsoft 365 community \`12076:5010\`, ${named}${advice}`,
      `filters.yaml:5:114 Route filter \`rf-m365\` allows the Microsoft 365 community \`12076:5020\`, ${named}${advice}`,
    ]);
  });

  it('names the first ten circuits below Premium in its message, and gives the rest as related locations', () => {
    const names = Array.from({ length: 13 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const circuits = `version: 1\ncircuits:\n${names.map((name, i) => circuit(name, i === 11 ? 'Local' : 'Standard', 10 + i)).join('')}`;
    const output = run({ 'circuits.yaml': circuits, 'filters.yaml': 'version: 1\nrouteFilters:\n  - name: rf-m365\n    rules:\n      - { name: allow, access: Allow, routeFilterRuleType: Community, communities: ["12076:5010"] }\n' });
    const findings = output.results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'microsoft-peering-route-filter');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    // Circuit `cNN` has its tier on line 4 + 4 * NN.
    const place = (i: number) => `circuits.yaml:${4 + 4 * i}:18`;
    expect(finding!.message).toBe(`Route filter \`rf-m365\` allows the Microsoft 365 community \`12076:5010\`, but circuits ${names.slice(0, 10).map((n, i) => `${i === 9 ? 'and ' : ''}\`${n}\` (at ${place(i)})`).join(', ').replace(', and', ' and')} are \`Standard\`, and 3 more circuits that use it are not \`Premium\` (see the finding's related locations); Microsoft 365 over ExpressRoute needs a \`Premium\` circuit (and Microsoft's authorization)`);
    expect(finding!.related?.map((r) => `${r.filePath}:${r.range.start.line}:${r.range.start.column} ${r.message}`)).toEqual([
      `${place(10)} circuit \`c10\` is \`Standard\``,
      `${place(11)} circuit \`c11\` is \`Local\``,
      `${place(12)} circuit \`c12\` is \`Standard\``,
    ]);
    // One more than ten, and exactly ten.
    const only = (count: number) => run({ 'circuits.yaml': `version: 1\ncircuits:\n${names.slice(0, count).map((name, i) => circuit(name, 'Standard', 10 + i)).join('')}`, 'filters.yaml': filters })
      .results.flatMap((r) => r.diagnostics).filter((d) => d.ruleId === 'microsoft-peering-route-filter');
    expect(only(11)[0]!.message).toContain(`and \`c09\` (at ${place(9)}) are \`Standard\`, and 1 more circuit that uses it is not \`Premium\` (see the finding's related locations);`);
    expect(only(11)[0]!.related).toHaveLength(1);
    expect(only(10)[0]!.message).toContain(`and \`c09\` (at ${place(9)}) are \`Standard\`; Microsoft 365`);
    expect(only(10)[0]!.related).toBeUndefined();
  });

  it('says nothing of Microsoft 365 when every circuit on the filter is Premium', () => {
    const microsoft365 = (tier: string) => found({ 'circuits.yaml': `version: 1\ncircuits:\n${circuit('ber', tier, 11)}`, 'filters.yaml': filters })
      .filter((f) => f.includes('Microsoft 365'));
    expect(microsoft365('Premium')).toEqual([]);
    expect(microsoft365('Standard')).toEqual([
      expect.stringContaining('`12076:5010`, but circuit `ber` (at circuits.yaml:4:18) is `Standard`;'),
      expect.stringContaining('`12076:5020`, but circuit `ber` (at circuits.yaml:4:18) is `Standard`;'),
    ]);
  });
});

describe('topology-unique-names across files', () => {
  it('reports every definition of a name defined three times, the first naming the second and the rest the first', () => {
    const edge = 'version: 1\nedges:\n  - name: spare\n  - name: core\n';
    const output = run({ 'a.yaml': edge, 'b.yaml': edge, 'c.yaml': 'version: 1\nedges:\n  - name: core\n' });
    const found = output.results.flatMap((r) => r.diagnostics.filter((d) => d.ruleId === 'topology-unique-names').map((d) => `${r.filePath}:${d.range.start.line} ${d.message.split(',')[0]} ${d.message.match(/at (\S+);/)![1]}`));
    expect(found).toEqual([
      'a.yaml:3 Duplicate edge name `spare` b.yaml:3:11',
      'a.yaml:4 Duplicate edge name `core` b.yaml:4:11',
      'b.yaml:3 Duplicate edge name `spare` a.yaml:3:11',
      'b.yaml:4 Duplicate edge name `core` a.yaml:4:11',
      'c.yaml:3 Duplicate edge name `core` a.yaml:4:11',
    ]);
  });
});

describe('reports kept', () => {
  it('keeps each report by its own file\'s severity and reporting, whatever file came before it', () => {
    // A rule that reports in a, b, b, a, c, a, d: runs of one file and returns to it.
    const order = ['a.yaml', 'b.yaml', 'b.yaml', 'a.yaml', 'c.yaml', 'a.yaml', 'd.yaml'];
    const rule: Rule = {
      id: 'test-order',
      meta: { description: 'test', defaultSeverity: 'error', recommended: false, messages: { here: 'Here {{n}}' } },
      check(_topology, { report }) {
        order.forEach((file, n) => report({ messageId: 'here', data: { n }, at: { file, doc: 0, pointer: '/version' } }));
      },
    } as Rule;
    const text = 'version: 1\n';
    const output = runEngine({
      files: ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'].map((path) => loadSource(path, text)),
      rules: [{ rule, options: undefined }],
      // b is off; d is not reported on (a pre-commit run given a, b and c).
      severityFor: (_id, path) => (path === 'b.yaml' ? 'off' : path === 'c.yaml' ? 'warn' : 'error'),
      reportOn: (path) => path !== 'd.yaml',
      strictLocations: true,
    });
    expect(output.results.flatMap((r) => r.diagnostics.map((d) => `${r.filePath} ${d.severity} ${d.message}`))).toEqual([
      'a.yaml error Here 0', 'a.yaml error Here 3', 'a.yaml error Here 5', 'c.yaml warn Here 4',
    ]);
  });

  it('tells a rule whether each entity\'s file is reported on, whatever file it asked about before', () => {
    const answers: boolean[] = [];
    const rule = {
      id: 'test-asks',
      meta: { description: 'test', defaultSeverity: 'error', recommended: false, messages: {} },
      check(_topology, { isReported }) {
        for (const file of ['a.yaml', 'a.yaml', 'b.yaml', 'a.yaml', 'c.yaml', 'c.yaml', 'a.yaml']) answers.push(isReported({ file, doc: 0, pointer: '' }));
      },
    } as Rule;
    runEngine({
      files: ['a.yaml', 'b.yaml', 'c.yaml'].map((path) => loadSource(path, 'version: 1\n')),
      rules: [{ rule, options: undefined }],
      severityFor: (_id, path) => (path === 'b.yaml' ? 'off' : 'error'),
      reportOn: (path) => path !== 'c.yaml',
    });
    expect(answers).toEqual([true, true, false, true, false, false, true]);
  });
});
