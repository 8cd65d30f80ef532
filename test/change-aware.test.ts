/** Change-aware linting against real git repositories and on-disk baselines. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erlint, workspace } from './helpers/cli.js';

interface Message { ruleId: string; line: number; column: number; message: string; severity: number }
interface Result { filePath: string; messages: Message[] }

/** A git repository with one commit of `files`, then `change` applied and committed. */
function repository(files: Record<string, string>, change: (dir: string) => void): string {
  const dir = workspace({});
  rmSync(join(dir, '.git'), { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  write(dir, files);
  git('add', '-A');
  git('commit', '-qm', 'base');
  change(dir);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'change');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function findings(dir: string, args: string[]): { status: number | null; list: string[]; stderr: string } {
  const run = erlint(['-f', 'json', ...args], dir);
  const results = run.stdout ? (JSON.parse(run.stdout) as Result[]) : [];
  const list = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}:${m.line}:${m.column} ${m.ruleId}`));
  return { status: run.status, list, stderr: run.stderr };
}

const gateway = (sku: string) => `version: 1\nvnets:\n  - name: hub\n    addressSpace: [10.1.0.0/16]\n    gateways: [{ name: ergw, gatewayType: ExpressRoute, sku: ${sku} }]\n`;
const circuits = 'version: 1\ncircuits:\n  - name: er-ams-1\n    serviceProviderProvisioningState: Provisioned\n  - name: er-lon-1\n';

describe('--base REF', () => {
  it('compares with the previous commit', () => {
    const dir = repository({ 'net/hub.yaml': gateway('ErGw3AZ') }, (d) => write(d, { 'net/hub.yaml': gateway('ErGw1AZ') }));
    const run = findings(dir, ['net', '--base', 'HEAD~1']);
    expect(run.list).toEqual(['net/hub.yaml:5:62 gateway-sku-resize']);
    expect(run.status).toBe(1);
    const message = (JSON.parse(erlint(['-f', 'json', 'net', '--base', 'HEAD~1'], dir).stdout) as Result[])[0]!.messages[0]!.message;
    expect(message).toContain('(was at HEAD~1:net/hub.yaml:5)');
    expect(message).toContain('under the `current` edition');
  });

  it('is silent without a base, and takes the default from the config', () => {
    const dir = repository({ 'net/hub.yaml': gateway('ErGw3AZ') }, (d) => write(d, { 'net/hub.yaml': gateway('ErGw1AZ') }));
    expect(findings(dir, ['net']).list).toEqual([]);
    write(dir, { '.erlintrc.yaml': 'files: ["net/**/*.yaml"]\nbase: HEAD~1\n' });
    expect(findings(dir, ['net/hub.yaml']).list).toEqual(['net/hub.yaml:5:62 gateway-sku-resize']);
  });

  it('applies the edition of the config', () => {
    const dir = repository({ 'net/hub.yaml': gateway('HighPerformance') }, (d) => write(d, { 'net/hub.yaml': gateway('UltraPerformance') }));
    expect(findings(dir, ['net', '--base', 'HEAD~1']).list.filter((f) => f.includes('resize'))).toEqual([]);
    write(dir, { '.erlintrc.yaml': 'edition: "2017"\n' });
    expect(findings(dir, ['net/hub.yaml', '--base', 'HEAD~1']).list.filter((f) => f.includes('resize'))).toEqual(['net/hub.yaml:5:62 gateway-sku-resize']);
  });

  it('points at the list a circuit was removed from, and at line 1 of a deleted file', () => {
    const dir = repository({ 'net/circuits.yaml': circuits, 'net/paris.yaml': 'version: 1\ncircuits:\n  - name: er-par-1\n    serviceProviderProvisioningState: Provisioning\n' }, (d) => {
      write(d, { 'net/circuits.yaml': 'version: 1\ncircuits:\n  - name: er-lon-1\n' });
      rmSync(join(d, 'net/paris.yaml'));
    });
    const run = findings(dir, ['--base', 'HEAD~1']);
    expect(run.list).toEqual(['net/circuits.yaml:2:1 circuit-delete-while-provisioned', 'net/paris.yaml:1:1 circuit-delete-while-provisioned']);
  });

  it('follows identity, not files: a moved or renamed file is no change, a renamed resource is delete plus create', () => {
    const dir = repository({ 'net/circuits.yaml': circuits, 'net/hub.yaml': gateway('ErGw3AZ') }, (d) => {
      mkdirSync(join(d, 'prod'));
      renameSync(join(d, 'net/circuits.yaml'), join(d, 'prod/all-circuits.yaml'));
      // The gateway is renamed (recreated), so its smaller SKU is not a resize.
      write(d, { 'net/hub.yaml': gateway('ErGw1AZ').replace('name: ergw', 'name: ergw-v2') });
    });
    expect(findings(dir, ['--base', 'HEAD~1']).list).toEqual([]);
  });

  it('names a base file that does not parse and carries on', () => {
    const dir = repository({ 'net/hub.yaml': 'version: 1\nvnets: [\n' }, (d) => write(d, { 'net/hub.yaml': gateway('ErGw1AZ') }));
    const run = findings(dir, ['--base', 'HEAD~1']);
    expect(run.status).toBe(0);
    expect(run.list).toEqual([]);
    expect(run.stderr).toMatch(/^erlint: note: The base version 'HEAD~1:net\/hub.yaml' does not parse or breaks the schema \(.+\); change-aware rules ignore what it held\n$/);
  });

  it('refuses an unknown revision, or a directory outside git, with exit 2', () => {
    const dir = repository({ 'a.yaml': gateway('ErGw1AZ') }, () => undefined);
    const unknown = erlint(['a.yaml', '--base', 'no-such-branch'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("'--base no-such-branch': no such commit in this repository");
    const outside = workspace({ 'a.yaml': gateway('ErGw1AZ') });
    rmSync(join(outside, '.git'), { recursive: true });
    const noGit = erlint(['a.yaml', '--base', 'HEAD'], outside);
    expect(noGit.status).toBe(2);
    expect(noGit.stderr).toContain("'--base HEAD' needs a git repository");
  });

  it('works in a shallow clone once the base is fetched', () => {
    const origin = repository({ 'net/hub.yaml': gateway('ErGw3AZ') }, (d) => write(d, { 'net/hub.yaml': gateway('ErGw1AZ') }));
    const clone = workspace({});
    rmSync(clone, { recursive: true });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, clone], { stdio: 'pipe' });
    expect(erlint(['net', '--base', 'HEAD~1'], clone).status).toBe(2);
    execFileSync('git', ['fetch', '-q', '--deepen', '1'], { cwd: clone, stdio: 'pipe' });
    expect(findings(clone, ['net', '--base', 'HEAD~1']).list).toEqual(['net/hub.yaml:5:62 gateway-sku-resize']);
  });

  it('refuses --base and --baseline together', () => {
    const dir = repository({ 'a.yaml': gateway('ErGw1AZ') }, () => undefined);
    const run = erlint(['a.yaml', '--base', 'HEAD', '--baseline', 'a.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("use either '--base' or '--baseline', not both");
  });
});

describe('--baseline PATH', () => {
  it('compares with a previous copy of the workspace directory', () => {
    const dir = workspace({ 'previous/net/hub.yaml': gateway('Standard'), 'net/hub.yaml': gateway('ErGw1AZ') });
    const run = findings(dir, ['net', '--baseline', 'previous/net']);
    expect(run.list.filter((f) => !f.includes('zone-redundant'))).toEqual(['net/hub.yaml:5:62 gateway-sku-resize']);
    const json = JSON.parse(erlint(['-f', 'json', 'net', '--baseline', 'previous/net'], dir).stdout) as Result[];
    const resize = json[0]!.messages.find((m) => m.ruleId === 'gateway-sku-resize')!;
    expect(resize.severity).toBe(1);
    expect(resize.message).toContain('(was at baseline:previous/net/hub.yaml:5)');
    expect(resize.message).toContain('gateway migration');
  });

  it('compares one file with its previous copy', () => {
    const dir = workspace({ 'old/hub.yaml': gateway('ErGw3AZ'), 'hub.yaml': gateway('ErGw2AZ') });
    expect(findings(dir, ['hub.yaml', '--baseline', 'old/hub.yaml']).list).toEqual(['hub.yaml:5:62 gateway-sku-resize']);
  });

  it('exits 2 for a baseline that does not exist', () => {
    const dir = workspace({ 'hub.yaml': gateway('ErGw2AZ') });
    const run = erlint(['hub.yaml', '--baseline', 'nowhere'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'--baseline nowhere' does not exist");
  });
});
