/**
 * Integrations against the real clients: Debian's pre-commit running this checkout as a hook
 * repository, and yaml-language-server (npm) using the topology schema. A client that is missing
 * is reported and the test skipped; `.ci/run` installs them so CI runs these tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/fixtures.js';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const isGitCheckout = existsSync(join(repoRoot, '.git'));
const ylsDriver = join(repoRoot, '..', 'shared', 'tools', 'yls-drive.mjs');
const ylsServer = join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
if (!hasPreCommit) console.warn('SKIPPED: pre-commit is not installed (apt-get install pre-commit); .ci/run installs it');
if (!existsSync(ylsDriver)) console.warn(`SKIPPED: ${ylsDriver} is missing (the shared tools sit beside the checkout)`);

describe.skipIf(!hasPreCommit || !isGitCheckout)('pre-commit (Debian package) with this checkout as hook repository', () => {
  it('fails on a bad topology and passes on a good one', { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-pre-commit-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).toString().trim();
    writeFileSync(join(dir, '.pre-commit-config.yaml'), `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: erlint\n`);
    writeFileSync(join(dir, '.erlintrc.yaml'), 'files: ["net/**/*.yaml"]\n');
    mkdirSync(join(dir, 'net'));
    writeFileSync(join(dir, 'net/circuits.yaml'), 'version: 1\ncircuits: [{ name: er-ams-1 }]\n');
    const env = { ...process.env, PRE_COMMIT_HOME: join(dir, '.cache'), NO_COLOR: '1' };
    const run = () => {
      git('add', '-A');
      return spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: dir, env, encoding: 'utf8', timeout: 590_000 });
    };

    const good = run();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/erlint \(Azure ExpressRoute topology\)\.+Passed/);

    writeFileSync(join(dir, 'net/links.yaml'), 'version: 1\nconnections: [{ name: l, gateway: hub/er, circuit: er-ams-2 }]\n');
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/erlint \(Azure ExpressRoute topology\)\.+Failed/);
    expect(bad.stdout).toContain('net/links.yaml');
    expect(bad.stdout).toContain('2:52');
    expect(bad.stdout).toContain('did you mean er-ams-1?');
  });
});

describe.skipIf(!existsSync(ylsDriver))('yaml-language-server (npm) with the topology schema', () => {
  const drive = (dir: string, files: string[], env: Record<string, string> = {}) => {
    const run = spawnSync(process.execPath, [ylsDriver, ylsServer, dir, ...files], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
    return run.stdout;
  };
  const schemaPath = join(repoRoot, 'schemas', 'topology.schema.json');

  it('flags a bad enum with the allowed values, and an unknown key, from a $schema line', { timeout: 90_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-yls-'));
    writeFileSync(join(dir, 'bad.yaml'), `# yaml-language-server: $schema=${schemaPath}\nversion: 1\ncircuits:\n  - name: er-ams-1\n    bandwidthMbps: 1000\n    sku: { tier: Premum }\n`);
    writeFileSync(join(dir, 'good.yaml'), `# yaml-language-server: $schema=${schemaPath}\n${readFileSync(join(repoRoot, 'examples/hub-and-spoke/circuits.yaml'), 'utf8').split('\n').slice(1).join('\n')}`);
    const output = drive(dir, ['bad.yaml', 'good.yaml']);
    expect(output).toMatch(/== bad\.yaml: 2 diagnostic\(s\)/);
    expect(output).toContain('6:18-6:24 severity=1');
    expect(output).toContain('Value is not accepted. Valid values: "Local", "Standard", "Premium", "Basic".');
    expect(output).toMatch(/5:5-5:18 severity=1 .* Property bandwidthMbps is not allowed\./);
    expect(output).toMatch(/== good\.yaml: 0 diagnostic\(s\)/);
  });

  it('applies the schema from the yaml.schemas setting, as VS Code does', { timeout: 90_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'erlint-yls-'));
    mkdirSync(join(dir, 'topology'));
    writeFileSync(join(dir, 'topology/net.yaml'), 'version: 1\nvnets:\n  - name: hub\n    addressSpace: [10.1.0.0/16]\n    gateways: [{ name: g, gatewayType: Expressroute, sku: ErGw1AZ }]\n');
    const output = drive(dir, ['topology/net.yaml'], { YLS_SETTINGS_SCHEMAS: JSON.stringify({ [`file://${schemaPath}`]: 'topology/*.yaml' }) });
    expect(output).toContain('Value is not accepted. Valid values: "ExpressRoute", "Vpn".');
  });
});

describe('SchemaStore catalog entry', () => {
  it('names the shipped schemas by their $id and matches erlint files', () => {
    const catalog = JSON.parse(readFileSync(join(repoRoot, 'schemas/schemastore-catalog.json'), 'utf8'));
    const ids = ['topology', 'config'].map((n) => JSON.parse(readFileSync(join(repoRoot, `schemas/${n}.schema.json`), 'utf8')).$id);
    expect(catalog.schemas.map((s: { url: string }) => s.url).sort()).toEqual(ids.sort());
    for (const entry of catalog.schemas) {
      expect(Object.keys(entry).sort()).toEqual(['description', 'fileMatch', 'name', 'url']);
      expect(entry.fileMatch.length).toBeGreaterThan(0);
    }
  });
});
