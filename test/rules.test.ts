/**
 * Every rule against its fixtures: each finding starts on a line that carries its marker, and every
 * marker gets its finding. Only the rule under test runs; schema and syntax findings count too, so
 * an invalid fixture cannot pass by being broken in some other way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/index.js';
import { actualOf, casesIn, expectedOf, fixturesDir, runCase } from './helpers/fixtures.js';

describe.each(rules.map((r) => r.id))('%s', (id) => {
  const dir = join(fixturesDir, 'rules', id);
  const cases = existsSync(dir) ? casesIn(dir) : [];

  it('has valid and invalid fixtures', () => {
    expect(cases.some((c) => c.name.startsWith('valid'))).toBe(true);
    expect(cases.some((c) => c.name.startsWith('invalid'))).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, fixture) => {
    const base = fixture.files.length > 1 ? join(dir, name) : dir;
    const { diagnostics, internalError } = runCase(fixture.files, [id]);
    expect(internalError, diagnostics.map((d) => d.message).join('\n')).toBe(false);
    const expected = expectedOf(fixture, base);
    expect(actualOf(diagnostics, base)).toEqual(expected);
    if (name.startsWith('valid')) expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
  });
});

describe('fixtures/valid', () => {
  it('is one workspace that lints clean with every rule on', () => {
    const [workspace] = casesIn(join(fixturesDir, '..', 'fixtures')).filter((c) => c.name === 'valid');
    expect(workspace!.files.length).toBeGreaterThanOrEqual(3);
    const { diagnostics, internalError } = runCase(workspace!.files);
    expect(internalError).toBe(false);
    expect(diagnostics.map((d) => `${d.filePath}:${d.range.start.line} ${d.message}`)).toEqual([]);
  });
});
