/** The topology schema: compiles strictly, documents itself, and maps every violation to a place and a message. */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileValidator, configSchema, createAjv, prebuiltSchemas, prebuiltValidator, topologySchema, validateTopology } from '../src/schema/validator.js';
import { loadSource } from '../src/loader/load.js';
import { isIpv4Cidr, isIpv6Cidr } from '../src/schema/formats.js';
import { lintText } from '../src/index.js';
import { actualOf, casesIn, expectedOf, fixturesDir, repoRoot, runCase } from './helpers/fixtures.js';

describe('schemas', () => {
  it.each(['topology', 'config'])('%s.schema.json compiles in strict mode', (name) => {
    const schema = JSON.parse(readFileSync(join(repoRoot, `schemas/${name}.schema.json`), 'utf8'));
    expect(() => createAjv().compile(schema)).not.toThrow();
    expect(schema.$id).toBe(`https://raw.githubusercontent.com/erlint/erlint/main/schemas/${name}.schema.json`);
  });

  it('describes every property and closes every object, so editors help and typos fail', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.additionalProperties !== false) missing.push(`${path}: additionalProperties is not false`);
      for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof child.description !== 'string' && !(typeof child.$ref === 'string')) missing.push(`${path}/properties/${key}: no description`);
        walk(child, `${path}/properties/${key}`);
      }
      for (const [key, child] of Object.entries((schema.$defs ?? {}) as Record<string, unknown>)) walk(child, `${path}/$defs/${key}`);
      if (schema.items) walk(schema.items, `${path}/items`);
    };
    walk(topologySchema, '#');
    // A $ref without its own description must point at a definition that has one.
    for (const [key, def] of Object.entries(topologySchema.$defs as Record<string, { description?: string }>)) {
      if (typeof def.description !== 'string') missing.push(`#/$defs/${key}: no description`);
    }
    expect(missing).toEqual([]);
  });

  it('has the Azure enumerations with their exact API spellings', () => {
    const defs = topologySchema.$defs as Record<string, { properties: Record<string, { enum?: string[] }> }>;
    expect(defs.gateway!.properties.sku!.enum).toEqual([
      'Standard', 'HighPerformance', 'UltraPerformance', 'ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale', 'Basic',
      'VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5', 'VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ',
    ]);
    expect(defs.peering!.properties.peeringType!.enum).toEqual(['AzurePrivatePeering', 'MicrosoftPeering', 'AzurePublicPeering']);
    expect(defs.circuit!.properties.serviceProviderProvisioningState!.enum).toEqual(['NotProvisioned', 'Provisioning', 'Provisioned', 'Deprovisioning']);
  });

  it('accepts the example of the format specification', () => {
    const text = readFileSync(join(repoRoot, 'examples/hub-and-spoke/circuits.yaml'), 'utf8');
    expect(lintText(text).diagnostics).toEqual([]);
  });
});

describe('CIDR formats', () => {
  it.each(['10.0.0.0/8', '0.0.0.0/0', '192.0.2.1/32', '172.16.0.4/30'])('%s is IPv4 CIDR', (v) => expect(isIpv4Cidr(v)).toBe(true));
  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0/8', '010.0.0.0/8', '0x0a.0.0.0/8', '10.0.0.0/08', '256.0.0.0/8', '10.0.0.0/ 8', '::/0'])('%s is not IPv4 CIDR', (v) => expect(isIpv4Cidr(v)).toBe(false));
  it('takes the quick answer for dotted-decimal prefixes only where the full check agrees', () => {
    // The check before the quick regular expression was added: ipaddr.js's four-part decimal test.
    const reference = (value: string): boolean => {
      const slash = value.indexOf('/');
      if (slash < 0 || !/^(0|[1-9][0-9]?|1[01][0-9]|12[0-8])$/.test(value.slice(slash + 1)) || Number(value.slice(slash + 1)) > 32) return false;
      const address = value.slice(0, slash);
      return ipaddr.IPv4.isValidFourPartDecimal(address) && !/(^|\.)0\d/.test(address);
    };
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '010', '255', '256', '0x1', '', ' 1', '1 ', '+1', '-1', '1e1'));
    const length = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('00', '08', '032', '', ' 8', '8 '));
    fc.assert(fc.property(fc.array(octet, { minLength: 3, maxLength: 5 }), length, fc.boolean(), (octets, bits, slash) => {
      const value = `${octets.join('.')}${slash ? `/${bits}` : bits}`;
      expect(isIpv4Cidr(value), value).toBe(reference(value));
    }), { numRuns: 20000, seed: 7 });
  });
  it.each(['2001:db8::/126', '::/0', 'fd00:10::4/126', '2001:db8:0:0:0:0:0:1/128'])('%s is IPv6 CIDR', (v) => expect(isIpv6Cidr(v)).toBe(true));
  it.each(['2001:db8::', '2001:db8::/129', 'fe80::1%eth0/64', '10.0.0.0/8', '2001:db8:::/64'])('%s is not IPv6 CIDR', (v) => expect(isIpv6Cidr(v)).toBe(false));
});

describe('schema findings', () => {
  const messages = (text: string) => lintText(text).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.ruleId} ${d.message}`);

  it('suggests the property an unknown key was meant to be, on the key', () => {
    expect(messages('version: 1\ncircuits:\n  - name: a\n    bandwidthMbps: 1000\n')).toEqual([
      '4:5 schema Unknown property `bandwidthMbps` in `circuits[0]`; did you mean `bandwidthInMbps`?',
    ]);
  });

  it('lists what is allowed when no key is close', () => {
    expect(messages('version: 1\nfoo: 1\n')[0]).toBe('2:1 schema Unknown property `foo` at the top level; allowed: `$schema`, `version`, `defaults`, `edges`, `circuits`, `routeFilters`, `vnets`, `connections`');
  });

  it('names allowed values and the likely one for an enum', () => {
    expect(messages('version: 1\nvnets:\n  - name: a\n    addressSpace: [10.0.0.0/16]\n    gateways: [{ name: g, gatewayType: Expressroute, sku: ErGw1AZ }]\n')).toEqual([
      '5:40 schema `vnets[0].gateways[0].gatewayType` `Expressroute` is not allowed; expected one of `ExpressRoute`, `Vpn` (did you mean `ExpressRoute`?)',
    ]);
  });

  it('does not list long enumerations but still suggests', () => {
    expect(messages('version: 1\nvnets:\n  - name: a\n    addressSpace: [10.0.0.0/16]\n    gateways: [{ name: g, gatewayType: ExpressRoute, sku: ErGw1Az }]\n')).toEqual([
      '5:59 schema `vnets[0].gateways[0].sku` `ErGw1Az` is not allowed; expected one of the values the schema lists (did you mean `ErGw1AZ`?)',
    ]);
  });

  it('reports a missing property on the key of the object that lacks it', () => {
    expect(messages('version: 1\ndefaults: {}\nvnets:\n  - name: hub\n')).toEqual(['4:5 schema Missing required property `addressSpace` in `vnets[0]`']);
  });

  it('rejects GUIDs that are not GUIDs', () => {
    expect(messages('version: 1\ndefaults: { subscription: not-a-guid }\n')).toEqual([
      '2:27 schema `defaults.subscription` must be a GUID such as `6f1c3a52-0b7e-4c1d-9a55-2d4f3e9b8a10`; found `not-a-guid`',
    ]);
  });

  it('accepts the smallest topology and refuses a wrong version', () => {
    expect(validateTopology({ version: 1 })).toEqual([]);
    expect(validateTopology({ version: 2 }).map((e) => e.keyword)).toEqual(['const']);
  });
});

describe.each(['schema', 'syntax'])('fixtures/%s', (kind) => {
  const dir = join(fixturesDir, kind);
  it.each(casesIn(dir).map((c) => [c.name, c] as const))('%s', (name, fixture) => {
    const { diagnostics, internalError } = runCase(fixture.files, undefined, fixture.baseFiles);
    expect(internalError).toBe(false);
    expect(actualOf(diagnostics, dir)).toEqual(expectedOf(fixture, dir));
    if (name.startsWith('valid')) expect(diagnostics).toEqual([]);
  });
});

describe('the validator compiled at build time', () => {
  const built = join(repoRoot, 'dist', 'src', 'schema', 'topology-validator.cjs');

  it.skipIf(!existsSync(built))('gives exactly the errors of the schema compiled at run time, on every fixture and mutations of them', () => {
    const prebuilt = prebuiltValidator(built, prebuiltSchemas['topology-validator.cjs'].hash);
    expect(prebuilt).toBeTypeOf('function');
    const compiled = compileValidator();
    const documents = filesUnder(fixturesDir).filter((f) => /\.ya?ml$|\.json$/.test(f))
      .flatMap((f) => loadSource(f, readFileSync(f, 'utf8')).documents.filter((d) => !d.syntaxErrors && !d.empty).map((d) => d.data));
    expect(documents.length).toBeGreaterThan(100);
    // Each document as it is, and with every value in turn swapped for one of another type.
    const variants = documents.flatMap((doc) => [doc, ...mutations(doc)]);
    let invalid = 0;
    for (const data of variants) {
      const a = prebuilt!(data);
      const b = compiled(data);
      expect(a).toBe(b);
      expect(prebuilt!.errors ?? null).toEqual(compiled.errors ?? null);
      if (!a) invalid++;
    }
    expect(invalid).toBeGreaterThan(1000);
  });

  it.skipIf(!existsSync(built))('gives the errors of the config schema compiled at run time, on every config fixture and mutations of them', () => {
    const prebuilt = prebuiltValidator(join(repoRoot, 'dist', 'src', 'schema', 'config-validator.cjs'), prebuiltSchemas['config-validator.cjs'].hash);
    expect(prebuilt).toBeTypeOf('function');
    const compiled = createAjv().compile(configSchema);
    const configs = [
      { extends: 'all', edition: 'current', files: ['net/**/*.yaml'], ignores: ['old/**'], base: 'HEAD~1', registry: ['irr.json'] },
      { rules: { 'peering-subnets': 'warn', 'topology-unique-names': ['error'] }, overrides: [{ files: ['a/**'], rules: { 'circuit-sku': 'off' } }] },
      { extends: 'nope', unknown: 1, rules: { 'no-such-rule': 'error' } },
    ];
    let invalid = 0;
    for (const data of configs.flatMap((c) => [c, ...mutations(c)])) {
      const a = prebuilt!(data);
      expect(a).toBe(compiled(data));
      expect(prebuilt!.errors ?? null).toEqual(compiled.errors ?? null);
      if (!a) invalid++;
    }
    expect(invalid).toBeGreaterThan(10);
  });

  it('is not used for another schema than the one shipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-validator-'));
    const stale = join(dir, 'stale.cjs');
    writeFileSync(stale, "exports.schemaHash = 'an older schema'; exports.create = () => () => true;\n");
    expect(prebuiltValidator(stale, prebuiltSchemas['topology-validator.cjs'].hash)).toBeUndefined();
    expect(prebuiltValidator(join(dir, 'missing.cjs'), prebuiltSchemas['topology-validator.cjs'].hash)).toBeUndefined();
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Copies of a document with one value replaced, for every value (at most 40 per document). */
function mutations(doc: unknown): unknown[] {
  const out: unknown[] = [];
  const replacements = [7, 'text', null, true, [], {}, '10.0.0.1/30', '2001:db8::/126'];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (out.length >= 40) return;
    if (path.length > 0) {
      const copy = structuredClone(doc) as Record<string | number, unknown>;
      let parent = copy;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      parent[path[path.length - 1]!] = replacements[out.length % replacements.length];
      out.push(copy);
    }
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
  };
  walk(doc, []);
  return out;
}
