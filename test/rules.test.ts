/**
 * Every rule against its fixtures: each finding starts on a line that carries its marker, and every
 * marker gets its finding. Only the rule under test runs; schema and syntax findings count too, so
 * an invalid fixture cannot pass by being broken in some other way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { runEngine } from '../src/engine/run.js';
import { loadSource } from '../src/loader/load.js';
import { readRegistry, RouteOriginRegistry } from '../src/registry/read.js';
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
    const { diagnostics, internalError } = runCase(fixture.files, [id], fixture.baseFiles);
    expect(internalError, diagnostics.map((d) => d.message).join('\n')).toBe(false);
    const expected = expectedOf(fixture, base);
    expect(actualOf(diagnostics, base)).toEqual(expected);
    if (name.startsWith('valid')) expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
  });
});

describe('fixtures/valid', () => {
  it('is one workspace that lints clean with every rule on', () => {
    const [workspace] = casesIn(fixturesDir).filter((c) => c.name === 'valid');
    expect(workspace!.files.length).toBeGreaterThanOrEqual(3);
    const { diagnostics, internalError } = runCase(workspace!.files);
    expect(internalError).toBe(false);
    expect(diagnostics.map((d) => `${d.filePath}:${d.range.start.line} ${d.message}`)).toEqual([]);
  });

  it('stays clean with routing-registry data, which covers its Microsoft peering', () => {
    const [workspace] = casesIn(fixturesDir).filter((c) => c.name === 'valid');
    const registryPath = join(fixturesDir, '..', 'examples/registry/roas.json');
    const registry = new RouteOriginRegistry([readRegistry(registryPath, readFileSync(registryPath, 'utf8'))]);
    const sources = workspace!.files.map((f) => loadSource(f, readFileSync(f, 'utf8')));
    const output = runEngine({
      files: sources, registry, strictLocations: true,
      rules: rules.map((rule) => ({ rule, options: rule.meta.defaultOptions })),
      severityFor: (id) => rules.find((r) => r.id === id)!.meta.defaultSeverity,
    });
    expect(output.results.flatMap((r) => r.diagnostics.map((d) => d.message))).toEqual([]);
  });
});
