/** Suppression comments: which findings they silence, what they keep, what they report. */
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';

const peering = (asn: number, vlan = 100) => `{ peeringType: AzurePrivatePeering, peerASN: ${asn}, vlanId: ${vlan}, primaryPeerAddressPrefix: 172.16.0.0/30, secondaryPeerAddressPrefix: 172.16.0.4/30 }`;
const lint = (text: string, reportUnusedDirectives = false) => lintText(text, { reportUnusedDirectives });
const lines = (list: { ruleId: string; range: { start: { line: number } } }[] | undefined) => (list ?? []).map((d) => `${d.range.start.line} ${d.ruleId}`);

describe('suppression comments', () => {
  it('disable-next-line silences the named rule on the next line and keeps the reason', () => {
    const result = lint(`version: 1\ncircuits:\n  - name: a\n    peerings:\n      # erlint-disable-next-line peering-asn -- AS 65516 is what the provider assigned, ticket NET-123\n      - ${peering(65516)}\n  - name: b\n    peerings:\n      - ${peering(65517).replace('172.16.0.0', '172.16.1.0').replace('172.16.0.4', '172.16.1.4')}\n`);
    expect(lines(result.diagnostics)).toEqual(['9 peering-asn']);
    expect(result.suppressed).toEqual([expect.objectContaining({ ruleId: 'peering-asn', suppressions: [{ kind: 'directive', justification: 'AS 65516 is what the provider assigned, ticket NET-123' }] })]);
  });

  it('disable ... enable silences a block, for the named rules only', () => {
    const text = 'version: 1\nedges:\n  - name: e\n# erlint-disable topology-unique-names\n  - name: e\n# erlint-enable topology-unique-names\n  - name: e\n';
    expect(lines(lint(text).diagnostics)).toEqual(['3 topology-unique-names', '7 topology-unique-names']);
    expect(lines(lint(text).suppressed)).toEqual(['5 topology-unique-names']);
  });

  it('disable-file and a bare directive cover every rule but syntax and schema', () => {
    const text = '# erlint-disable-file\nversion: 1\nedges: [{ name: e }, { name: e }]\nvnets: [{ name: v, addressSpace: [10.0.0.0/16], gateways: [{ name: g, gatewayType: ExpressRoute, sku: Standard }] }]\n';
    const result = lint(text);
    expect(result.diagnostics).toEqual([]);
    expect(lines(result.suppressed)).toEqual(['3 topology-unique-names', '3 topology-unique-names', '4 gateway-zone-redundant-sku']);
    const broken = lint('# erlint-disable-file\nversion: 1\nedges: [{ nmae: e }]\n');
    expect(lines(broken.diagnostics)).toEqual(['3 schema', '3 schema']);
  });

  it('never silences syntax or schema, and says so', () => {
    const result = lint('version: 1\n# erlint-disable-next-line schema\nedges: [{ nmae: e }]\n');
    expect(result.diagnostics.map((d) => [d.range.start.line, d.ruleId, d.message])).toEqual([
      [2, 'config', '`schema` findings cannot be suppressed; fix the file instead'],
      [3, 'schema', 'Missing required property `name` in `edges[0]`'],
      [3, 'schema', 'Unknown property `nmae` in `edges[0]`; did you mean `name`?'],
    ]);
  });

  it('names a misspelt rule, and reports unused directives on request', () => {
    const text = 'version: 1\n# erlint-disable-next-line topology-unique-name\nedges: [{ name: e }]\n# erlint-disable-next-line gateway-subnet\nvnets: []\n';
    expect(lint(text).diagnostics.map((d) => [d.ruleId, d.severity, d.message])).toEqual([
      ['config', 'warn', '`erlint-disable-next-line` names no rule `topology-unique-name`; did you mean `topology-unique-names`?'],
    ]);
    expect(lint(text, true).diagnostics.map((d) => [d.range.start.line, d.ruleId])).toEqual([[2, 'config'], [4, 'unused-disable-directive']]);
  });

  it('ignores text that only looks like a directive', () => {
    const text = 'version: 1\nedges:\n  - { name: e, site: "# erlint-disable-file" }\n  - name: e\n    site: |\n      # erlint-disable-file\n';
    expect(lines(lint(text).diagnostics)).toEqual(['3 topology-unique-names', '4 topology-unique-names']);
  });
});
