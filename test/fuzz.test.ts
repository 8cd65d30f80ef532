/**
 * Property-based fuzzing: mutated valid topologies never crash erlint, never report `internal`,
 * keep every position inside the file, and give the same answer twice. `npm run fuzz` runs 10,000
 * cases; the regular test run a few hundred.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { fixturesDir } from './helpers/fixtures.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const seeds = ['valid/contoso-circuits.yaml', 'valid/contoso-network.yaml', 'valid/contoso-links.json', 'json-twin/reference-topology.json']
  .map((name) => ({ name, text: readFileSync(join(fixturesDir, name), 'utf8') }));

const KEYS = ['name', 'version', 'circuits', 'peerings', 'vlanId', 'peerASN', 'sku', 'gateways', 'gateway', 'circuit', '__proto__', 'edge', 'state', 'bandwidthInMbps'];
const VALUES = ['0', '-1', '4294967296', '""', 'null', '~', '[]', '{}', 'true', '1.5', '"10.0.0.0/33"', '&a x', '*a', '*missing', '!!binary x', '"\\u0000"', "'", '"', '{', '[', '- ', ': ', '---', '%YAML 1.2', '0.0.0.0/0', 'ErGwScale', 'Provisioned'];

/** One edit of the text: drop, duplicate or swap lines; rename keys; retype values; splice text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('rename-key' as const), at: fc.nat(), key: fc.constantFrom(...KEYS) }),
  fc.record({ kind: fc.constant('retype-value' as const), at: fc.nat(), value: fc.constantFrom(...VALUES) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), length: fc.nat({ max: 20 }), insert: fc.string({ maxLength: 12 }) }),
);

function apply(text: string, edit: fc.Arbitrary<unknown> extends never ? never : Record<string, unknown>): string {
  const lines = text.split('\n');
  const line = (n: unknown) => Number(n) % Math.max(1, lines.length);
  switch (edit.kind) {
    case 'drop-line': lines.splice(line(edit.at), 1); return lines.join('\n');
    case 'duplicate-line': lines.splice(line(edit.at), 0, lines[line(edit.at)] ?? ''); return lines.join('\n');
    case 'swap-lines': {
      const a = line(edit.at);
      const b = line(edit.other);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'rename-key': { const i = line(edit.at); lines[i] = (lines[i] ?? '').replace(/([A-Za-z$_]+)(\s*"?\s*:)/, `${String(edit.key)}$2`); return lines.join('\n'); }
    case 'retype-value': { const i = line(edit.at); lines[i] = (lines[i] ?? '').replace(/:\s*[^,}\]\n]+/, `: ${String(edit.value)}`); return lines.join('\n'); }
    default: {
      const at = Number(edit.at) % Math.max(1, text.length);
      return text.slice(0, at) + String(edit.insert) + text.slice(at + Number(edit.length));
    }
  }
}

describe('fuzzing mutated topologies', () => {
  it(`holds for ${RUNS} mutated files`, { timeout: 600_000 }, () => {
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, edits) => {
      const text = edits.reduce((t, e) => apply(t, e as Record<string, unknown>), seed.text);
      const filePath = seed.name.endsWith('.json') ? 'fuzz.json' : 'fuzz.yaml';
      const first = lintText(text, { filePath });
      expect(first.internalError).toBe(false);
      expect(first.diagnostics.filter((d) => d.ruleId === 'internal')).toEqual([]);
      const body = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
      for (const d of first.diagnostics) {
        const { start, end } = d.range;
        expect(start.line >= 1 && start.line <= body.length + 1 && start.column >= 1, `${d.ruleId} ${start.line}:${start.column}`).toBe(true);
        expect(end.line > start.line || (end.line === start.line && end.column >= start.column)).toBe(true);
        expect(start.offset >= 0 && end.offset <= text.length).toBe(true);
      }
      expect(JSON.stringify(lintText(text, { filePath }))).toBe(JSON.stringify(first));
    }), { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261122 });
  });
});
