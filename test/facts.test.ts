/** The Azure facts module and the behaviour that depends on it: editions, options, severities. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS, SOURCES, lintText, rules } from '../src/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { repoRoot } from './helpers/fixtures.js';

describe('Azure facts', () => {
  it('gives every fact a source that is described', () => {
    const sources: string[] = [];
    const walk = (value: unknown): void => {
      if (!value || typeof value !== 'object') return;
      if ('source' in value && 'value' in value) sources.push(String((value as { source: string }).source));
      else Object.values(value).forEach(walk);
    };
    Object.values(EDITIONS).forEach(walk);
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) expect(SOURCES[source as keyof typeof SOURCES], source).toMatch(/\S/);
  });

  it('has the same facts in every edition, by shape', () => {
    const shape = (value: unknown): unknown => (value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value);
    expect(shape(EDITIONS['2017'])).toEqual(shape(EDITIONS.current));
  });

  it('matches the published gateway table', () => {
    const { throughputMbps, circuitConnections } = EDITIONS.current.gateway;
    expect(throughputMbps.value).toEqual({ Standard: 1000, ErGw1AZ: 1000, HighPerformance: 2000, ErGw2AZ: 2000, UltraPerformance: 10000, ErGw3AZ: 10000 });
    expect(circuitConnections.value).toEqual({ Standard: 4, ErGw1AZ: 4, HighPerformance: 8, ErGw2AZ: 8, UltraPerformance: 16, ErGw3AZ: 16 });
  });

  it('is where the numbers live: rules hold no numeric literals', () => {
    for (const file of readdirSync(join(repoRoot, 'rules')).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(join(repoRoot, 'rules', file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
        // Percent arithmetic and the bounds of an options schema are not Azure facts.
        .replace(/\/ 100\b/g, '').replace(/\b(minimum|maximum|default): \d+/g, '')
        // A product name, not a number.
        .replace(/Microsoft 365/g, '').replace(/RFC \d+/g, '');
      expect(code.match(/(?<![\w.$'"`-])\d{2,}(?![\w'"`])/g) ?? [], file).toEqual([]);
    }
  });
});

describe('gateway-subnet weights and editions', () => {
  const subnet = (prefix: string) => `version: 1\nvnets:\n  - name: hub\n    addressSpace: [10.1.0.0/16]\n    subnets: [{ name: GatewaySubnet, addressPrefix: ${prefix} }]\n    gateways: [{ name: er, gatewayType: ExpressRoute, sku: ErGw1AZ }]\n`;
  const findings = (text: string, config = {}) => lintText(text, { config }).diagnostics.filter((d) => d.ruleId === 'gateway-subnet').map((d) => [d.severity, d.message]);

  it('is an error below /29 and a warning below /27', () => {
    expect(findings(subnet('10.1.255.0/30'))).toEqual([['error', expect.stringContaining('smaller than /29, the smallest Azure accepts')]]);
    expect(findings(subnet('10.1.255.0/28'))).toEqual([['warn', expect.stringContaining('smaller than /27')]]);
    expect(findings(subnet('10.1.255.0/27'))).toEqual([]);
  });

  it('words the recommendation by edition', () => {
    expect(findings(subnet('10.1.255.0/28'))[0]![1]).toMatch(/the current documentation requires \/27 or larger for new gateways$/);
    expect(findings(subnet('10.1.255.0/28'), { edition: '2017' })[0]![1]).toMatch(/the documentation recommends \/27 or larger$/);
  });

  it('keeps a capped finding a warning, and drops it when the rule is off', () => {
    expect(findings(subnet('10.1.255.0/30'), { rules: { 'gateway-subnet': 'warn' } })).toEqual([['warn', expect.any(String)]]);
    expect(findings(subnet('10.1.255.0/28'), { rules: { 'gateway-subnet': 'off' } })).toEqual([]);
  });
});

describe('rule options', () => {
  it('validates options against the rule schema and fills defaults', () => {
    const ok = resolveConfig({ rules: { 'gateway-throughput': ['warn', { headroomPercent: 20 }] } }, rules, { baseDir: '/' });
    expect(ok.problems).toEqual([]);
    expect(ok.config.rules.get('gateway-throughput')).toEqual({ severity: 'warn', options: { headroomPercent: 20 } });
    const bad = resolveConfig({ rules: { 'gateway-throughput': ['warn', { headroomPercent: 95, headroom: 1 }] } }, rules, { baseDir: '/' });
    expect(bad.problems.map((p) => [p.pointer, p.message])).toEqual([
      ['/rules/gateway-throughput/1/headroom', 'Options of `gateway-throughput`: Unknown option `headroom`; did you mean `headroomPercent`?'],
      ['/rules/gateway-throughput/1/headroomPercent', 'Options of `gateway-throughput`: `headroomPercent` must be at most 90; found 95'],
    ]);
  });

  it('applies headroomPercent from the config', () => {
    const text = 'version: 1\ncircuits: [{ name: c, bandwidthInMbps: 1000 }]\nvnets:\n  - { name: hub, addressSpace: [10.1.0.0/16], gateways: [{ name: er, gatewayType: ExpressRoute, sku: ErGw1AZ }] }\nconnections: [{ name: l, gateway: hub/er, circuit: c }]\n';
    const ids = (config: object) => lintText(text, { config }).diagnostics.map((d) => d.ruleId);
    expect(ids({})).toEqual([]);
    expect(ids({ rules: { 'gateway-throughput': ['warn', { headroomPercent: 10 }] } })).toEqual(['gateway-throughput']);
  });
});
