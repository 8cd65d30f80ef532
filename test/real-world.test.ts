/**
 * Values as Azure's own tools print them (published Microsoft Learn output, read in place from
 * ../shared/data): what a user copies into a topology file must be accepted and judged correctly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { repoRoot } from './helpers/fixtures.js';

const dataDir = join(repoRoot, '..', 'shared', 'data', 'expressroute', 'cli-output');
const available = existsSync(dataDir);

/** `Key : Value` lines of PowerShell's list view, and `"key": value` lines of the az output. */
function field(text: string, name: string): string {
  const match = new RegExp(`^\\s*"?${name}"?\\s*:\\s*"?([^",\\r\\n]+)"?,?\\s*$`, 'mi').exec(text);
  if (!match) throw new Error(`no ${name} in the published output`);
  return match[1]!.trim();
}

function topologyFrom(text: string, overrides: Record<string, string> = {}): string {
  const value = (name: string) => overrides[name] ?? field(text, name);
  return [
    'version: 1',
    'circuits:',
    `  - name: ${value('name')}`,
    `    serviceProviderName: ${value('serviceProviderName')}`,
    `    peeringLocation: ${value('peeringLocation')}`,
    `    bandwidthInMbps: ${value('bandwidthInMbps')}`,
    `    sku: { tier: ${value('tier')}, family: ${value('family')} }`,
    `    serviceProviderProvisioningState: ${value('serviceProviderProvisioningState')}`,
    `    circuitProvisioningState: ${value('circuitProvisioningState')}`,
    'vnets:',
    '  - { name: hub, addressSpace: [10.1.0.0/16], gateways: [{ name: er, gatewayType: ExpressRoute, sku: ErGw1AZ }] }',
    'connections:',
    `  - { name: hub-link, gateway: hub/er, circuit: ${value('name')} }`,
    '',
  ].join('\n');
}

describe.skipIf(!available)('published Azure tool output', () => {
  const sources = {
    'Get-AzureRmExpressRouteCircuit (2016 docs)': 'azure-docs.howto-circuit-arm.Get-AzureRmExpressRouteCircuit.output.txt',
    'az network express-route list': 'azure-docs.howto-routing-cli.express-route-list.output.txt',
  };

  it.each(Object.entries(sources))('%s: a provisioned circuit copied as printed lints clean', (_, file) => {
    const text = readFileSync(join(dataDir, file), 'utf8');
    const result = lintText(topologyFrom(text));
    expect(result.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
  });

  it.each(Object.entries(sources))('%s: the same circuit before the provider provisions it gets the next step', (_, file) => {
    const text = readFileSync(join(dataDir, file), 'utf8');
    const result = lintText(topologyFrom(text, { serviceProviderProvisioningState: 'NotProvisioned' }));
    expect(result.diagnostics.map((d) => [d.ruleId, d.range.start.line])).toEqual([['circuit-usable-state', 13]]);
    expect(result.diagnostics[0]!.message).toContain('give the service key to the provider');
  });
});
