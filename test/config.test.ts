/** Configuration: discovery, presets, precedence, validation, and what --print-config shows. */
import { describe, expect, it } from 'vitest';
import { resolveConfig, severityFor } from '../src/config/resolve.js';
import { rules } from '../src/index.js';
import { spawnSync } from 'node:child_process';
import { cliPath, erlint, workspace } from './helpers/cli.js';

const severities = (raw: unknown, flags: string[] = []) => {
  const { config, problems, flagProblems } = resolveConfig(raw, rules, { baseDir: '/w', flags });
  expect([...problems, ...flagProblems]).toEqual([]);
  return (id: string, file = '/w/a.yaml') => severityFor(config, id, file);
};

describe('presets and precedence', () => {
  it('recommended keeps each rule\'s default, strict raises warnings, all turns everything on', () => {
    expect(severities(undefined)('gateway-throughput')).toBe('warn');
    expect(severities({ extends: 'strict' })('gateway-throughput')).toBe('error');
    expect(severities({ extends: 'all' })('gateway-throughput')).toBe('warn');
    expect(severities({ extends: 'strict' })('topology-unique-names')).toBe('error');
  });

  it('applies default < preset < file < overrides < --rule', () => {
    const raw = { extends: 'strict', rules: { 'gateway-throughput': 'warn' }, overrides: [{ files: ['lab/**'], rules: { 'gateway-throughput': 'off' } }] };
    expect(severities(raw)('gateway-throughput', '/w/prod/a.yaml')).toBe('warn');
    expect(severities(raw)('gateway-throughput', '/w/lab/a.yaml')).toBe('off');
    expect(severities(raw, ['gateway-throughput:error'])('gateway-throughput', '/w/lab/a.yaml')).toBe('error');
  });

  it('applies each override to the files it matches, however often and in whatever order a file is asked about', () => {
    const raw = { overrides: [{ files: ['lab/**'], rules: { 'gateway-throughput': 'off' } }, { files: ['**/edge-*.yaml'], rules: { 'gateway-throughput': 'error', 'gateway-subnet': 'warn' } }] };
    const severity = severities(raw);
    const asked: [string, string, string][] = [
      ['gateway-throughput', '/w/lab/a.yaml', 'off'], ['gateway-throughput', '/w/lab/edge-1.yaml', 'error'], ['gateway-subnet', '/w/lab/a.yaml', 'error'],
      ['gateway-subnet', '/w/lab/edge-1.yaml', 'warn'], ['gateway-throughput', '/w/prod/a.yaml', 'warn'], ['gateway-throughput', '/w/lab/a.yaml', 'off'],
    ];
    for (const [id, file, expected] of [...asked, ...asked.reverse()]) expect(severity(id, file), `${id} in ${file}`).toBe(expected);
  });

  it('refuses options in overrides, and unknown keys, with their pointers', () => {
    const { problems } = resolveConfig({ overrides: [{ files: ['x'], rules: { 'gateway-throughput': ['warn', { headroomPercent: 10 }] } }] }, rules, { baseDir: '/w' });
    expect(problems.map((p) => [p.pointer, p.message])).toEqual([['/overrides/0/rules/gateway-throughput/1', 'Rule options cannot be set in `overrides`; set them for `gateway-throughput` under the top-level `rules`']]);
    const unknown = resolveConfig({ rule: {} }, rules, { baseDir: '/w' });
    expect(unknown.problems.map((p) => p.message)).toEqual(['Unknown property `rule` at the top level; did you mean `rules`?']);
  });
});

describe('discovery', () => {
  const twoEdges = 'version: 1\nedges: [{ name: e }, { name: e }]\n';

  it('reads .erlintrc without an extension (YAML or JSON) and the erlint key of package.json', () => {
    for (const [name, text] of [['.erlintrc', 'rules:\n  topology-unique-names: warn\n'], ['.erlintrc', '{ "rules": { "topology-unique-names": "warn" } }'], ['package.json', '{ "name": "net", "erlint": { "rules": { "topology-unique-names": "warn" } } }']] as const) {
      const dir = workspace({ [name]: text, 'a.yaml': twoEdges });
      const run = erlint(['-f', 'json', 'a.yaml'], dir);
      expect(run.status, `${name}: ${text}`).toBe(0);
      expect(JSON.parse(run.stdout)[0].warningCount).toBe(2);
    }
  });

  it('stops at the project root and ignores configs above it', () => {
    const dir = workspace({ '.erlintrc.yaml': 'rules:\n  topology-unique-names: off\n', 'inner/.git/HEAD': '', 'inner/a.yaml': twoEdges });
    expect(erlint(['a.yaml'], `${dir}/inner`).status).toBe(1);
  });

  it('--config picks a file and --no-config ignores every file', () => {
    const dir = workspace({ '.erlintrc.yaml': 'rules:\n  topology-unique-names: off\n', 'strict.yaml': 'extends: strict\n', 'a.yaml': twoEdges });
    expect(erlint(['a.yaml'], dir).status).toBe(0);
    expect(erlint(['a.yaml', '--no-config'], dir).status).toBe(1);
    expect(erlint(['a.yaml', '--config', 'strict.yaml'], dir).status).toBe(1);
  });

  it('--print-config shows the resolved configuration for a file', () => {
    const dir = workspace({ '.erlintrc.yaml': 'files: ["net/**/*.yaml"]\nedition: "2017"\nrules:\n  gateway-throughput: [warn, { headroomPercent: 20 }]\noverrides:\n  - files: ["net/lab/**"]\n    rules: { gateway-subnet: off }\n' });
    const printed = JSON.parse(erlint(['--print-config', 'net/lab/a.yaml', '--rule', 'peering-asn:warn'], dir).stdout);
    expect(printed).toMatchObject({ inWorkspace: true, edition: '2017', extends: 'recommended', files: ['net/**/*.yaml'] });
    expect(printed.rules['gateway-throughput']).toEqual(['warn', { headroomPercent: 20 }]);
    expect(printed.rules['gateway-subnet']).toBe('off');
    expect(printed.rules['peering-asn']).toBe('warn');
    expect(JSON.parse(erlint(['--print-config', 'other/a.yaml'], dir).stdout).inWorkspace).toBe(false);
  });
});

describe('colour', () => {
  const dir = workspace({ 'a.yaml': 'version: 1\nedges: [{ name: e }, { name: e }]\n' });
  it('is off when piped or with NO_COLOR or --no-color, on with FORCE_COLOR', () => {
    const run = (args: string[], env: Record<string, string>) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'FORCE_COLOR' && k !== 'NO_COLOR'));
      return spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8', env: { ...clean, ...env } }).stdout;
    };
    expect(run(['a.yaml'], {})).not.toMatch(/\u001b\[/);
    expect(run(['a.yaml'], { FORCE_COLOR: '1' })).toMatch(/\u001b\[/);
    expect(run(['a.yaml'], { FORCE_COLOR: '1', NO_COLOR: '1' })).toMatch(/\u001b\[/);
    expect(run(['a.yaml', '--no-color'], { FORCE_COLOR: '1' })).not.toMatch(/\u001b\[/);
  });
});
