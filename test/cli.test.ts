/** The built CLI, end to end: exit codes, output formats, paths, options. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, erlint, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/fixtures.js';

interface JsonResult { filePath: string; errorCount: number; warningCount: number; fatalErrorCount: number; messages: Record<string, unknown>[] }
const parse = (stdout: string) => JSON.parse(stdout) as JsonResult[];
/** `s` as one word of a POSIX shell command. */
const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** `count` files with one finding each (a misspelt key): their JSON report outgrows a pipe's 64 KB. */
const filesWithAFindingEach = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`site-${i}.yaml`, `version: 1\ncircuits:\n  - name: er-${i}\n    bandwidthMbps: 50\n`]));

const circuits = 'version: 1\ncircuits:\n  - name: er-ams-1\n';
const links = 'version: 1\nconnections:\n  - { name: c1, gateway: hub/ergw, circuit: er-ams-1 }\n';
const network = 'version: 1\nvnets:\n  - name: hub\n    addressSpace: [10.0.0.0/16]\n    gateways: [{ name: ergw, gatewayType: ExpressRoute, sku: ErGw1AZ }]\n';

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm test`, which builds first');
});

describe('erlint lint', () => {
  it('exits 0 on the valid fixtures and says so', () => {
    const run = erlint(['fixtures/valid']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe('✔ 3 files checked, no problems\n');
  });

  it('exits 0 on the shipped example', () => {
    expect(erlint(['lint', 'examples/hub-and-spoke']).status).toBe(0);
  });

  it('exits 2 with a clear message for a path that does not exist', () => {
    const run = erlint(['fixtures/valid', 'no/such/file.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("erlint: 'no/such/file.yaml' does not exist\n");
  });

  it('exits 2 for a glob that matches nothing and for a file erlint does not read', () => {
    expect(erlint(['nothing/**/*.yaml']).stderr).toContain("No topology files match 'nothing/**/*.yaml'");
    const run = erlint(['README.md']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'README.md' is not a topology file");
  });

  it('reports a YAML error as a syntax finding at its line, exit 1', () => {
    const run = erlint(['-f', 'json', 'fixtures/syntax/invalid-duplicate-key.yaml']);
    expect(run.status).toBe(1);
    const [result] = parse(run.stdout);
    expect(result!.messages).toEqual([expect.objectContaining({ ruleId: 'syntax', severity: 2, line: 5, column: 5, endLine: 5, endColumn: 13, path: '/edges/0/internet', fatal: true })]);
    expect(result!.fatalErrorCount).toBe(1);
  });

  it('reports an unknown key with a suggestion', () => {
    const run = erlint(['-f', 'json', 'fixtures/schema/invalid-keys-and-values.yaml']);
    expect(run.status).toBe(1);
    expect(parse(run.stdout)[0]!.messages).toContainEqual(expect.objectContaining({
      ruleId: 'schema', line: 7, column: 5, endLine: 7, endColumn: 18, path: '/circuits/0/bandwidthMbps',
      message: 'Unknown property `bandwidthMbps` in `circuits[0]`; did you mean `bandwidthInMbps`?',
    }));
  });

  it('prints ESLint-compatible JSON, sorted by file, line, column and rule', () => {
    // Without a config the paths given are the workspace: these two share no names.
    const run = erlint(['-f', 'json', 'fixtures/rules/topology-unique-names/invalid-across-files', 'fixtures/syntax/invalid-duplicate-key.yaml']);
    expect(run.status).toBe(1);
    const results = parse(run.stdout);
    const paths = results.map((r) => r.filePath);
    expect(paths).toEqual([...paths].sort());
    expect(paths.every((p) => p.startsWith('/'))).toBe(true);
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual(['errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'suppressedMessages', 'warningCount']);
      const order = result.messages.map((m) => [m.line, m.column] as [number, number]);
      expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      expect(result.errorCount).toBe(result.messages.filter((m) => m.severity === 2).length);
      for (const m of result.messages) {
        expect(m).toEqual(expect.objectContaining({ ruleId: expect.any(String), message: expect.any(String), line: expect.any(Number), column: expect.any(Number), endLine: expect.any(Number), endColumn: expect.any(Number), path: expect.stringMatching(/^(\/.*)?$/) }));
        expect(m.message).not.toMatch(/\.$/);
      }
    }
    const duplicate = results.find((r) => r.filePath.endsWith('circuits.yaml'))!.messages[0]!;
    expect(duplicate.message).toBe('Duplicate circuit name `er-ams-1`, also defined at fixtures/rules/topology-unique-names/invalid-across-files/more-circuits.yaml:4:11; circuit names must be unique across the workspace');
    expect(duplicate.related).toEqual([expect.objectContaining({ line: 4, column: 11, path: '/circuits/1/name' })]);
  });

  it('prints the pretty format with rule ids and the same counts as json', () => {
    const file = 'fixtures/rules/topology-reference-exists/invalid-missing.yaml';
    const [json] = parse(erlint(['-f', 'json', file]).stdout);
    const run = erlint([file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('13:15');
    expect(run.stdout).toContain('topology-reference-exists');
    expect(run.stdout).toContain(`${json!.errorCount} errors`);
    expect(run.stdout).toContain(`${json!.warningCount} warning`);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('writes each format to its own output', () => {
    const dir = workspace({ 'a.yaml': circuits + '  - name: er-ams-1\n' });
    const run = erlint(['-f', 'json', '-o', 'out/report.json', '-f', 'pretty', 'a.yaml'], dir);
    expect(run.status).toBe(1);
    expect(parse(readFileSync(join(dir, 'out/report.json'), 'utf8'))[0]!.errorCount).toBe(2);
    expect(run.stdout).toContain('2 errors');
  });

  it('applies --rule, --max-warnings and --quiet', () => {
    const dir = workspace({ 'a.yaml': circuits + '  - name: er-ams-1\n' });
    expect(erlint(['--rule', 'topology-unique-names:off', 'a.yaml'], dir).status).toBe(0);
    const warned = erlint(['-f', 'json', '--rule', 'topology-unique-names:warn', 'a.yaml'], dir);
    expect(warned.status).toBe(0);
    expect(parse(warned.stdout)[0]!.warningCount).toBe(2);
    const tooMany = erlint(['--rule', 'topology-unique-names:warn', '--max-warnings', '1', 'a.yaml'], dir);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toContain('2 warnings, more than --max-warnings 1');
    const quiet = erlint(['-f', 'json', '--quiet', '--rule', 'topology-unique-names:warn', 'a.yaml'], dir);
    expect(parse(quiet.stdout)[0]!.messages).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('writes its whole report into a pipe read only later, and then exits with the report\'s code', () => {
    // 300 files with a finding each: a report larger than a pipe holds (64 KB on Linux), read only
    // after a second, so erlint's last writes wait for the reader. Ending the process before they
    // are written cuts the report short.
    const command = `{ ${shQuote(process.execPath)} ${shQuote(cliPath)} -f json; echo "exit $?" >&2; } | { sleep 1; cat; }`;
    const run = spawnSync('sh', ['-c', command], { cwd: workspace(filesWithAFindingEach(300)), encoding: 'utf8', maxBuffer: 1 << 26, timeout: 20_000 });
    expect(run.stdout.length).toBeGreaterThan(65536);
    expect(parse(run.stdout).map((r) => r.errorCount)).toEqual(Array(300).fill(1));
    expect(run.stderr).toBe('exit 1\n');
  });

  it.skipIf(process.platform === 'win32')('ends with the report\'s code and no stack trace when the reader stops reading early', () => {
    const command = `{ ${shQuote(process.execPath)} ${shQuote(cliPath)} -f json; echo "exit $?" >&2; } | head -c 100`;
    const run = spawnSync('sh', ['-c', command], { cwd: workspace(filesWithAFindingEach(300)), encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout).toHaveLength(100);
    expect(run.stderr).toBe('exit 1\n');
  });

  it.skipIf(!existsSync('/dev/full'))('says so, with exit 2, when the report cannot be written', () => {
    const command = `${shQuote(process.execPath)} ${shQuote(cliPath)} -f json examples/hub-and-spoke > /dev/full; echo "exit $?" >&2`;
    const run = spawnSync('sh', ['-c', command], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('erlint: cannot write the report to stdout: no space left on device (ENOSPC)\nexit 2\n');
  });

  it('refuses bad arguments with exit 2 and no stack trace', () => {
    for (const args of [['--no-such-flag'], ['-f', 'xml', 'fixtures/valid'], ['--max-warnings', 'many', 'fixtures/valid'], ['--rule', 'topology-unique-name:off', 'fixtures/valid'], ['--rule', 'topology-unique-names:loud', 'fixtures/valid']]) {
      const run = erlint(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(erlint(['--rule', 'topology-unique-name:off', 'fixtures/valid']).stderr).toContain("did you mean 'topology-unique-names'?");
  });
});

describe('workspace and configuration', () => {
  it('loads the whole workspace but reports only on the given file (pre-commit)', () => {
    const dir = workspace({ '.erlintrc.yaml': 'files: ["topology/**/*.yaml"]\n', 'topology/circuits.yaml': circuits, 'topology/links.yaml': links, 'topology/network.yaml': network });
    const run = erlint(['-f', 'json', 'topology/links.yaml'], dir);
    expect(run.status).toBe(0);
    expect(parse(run.stdout).map((r) => r.filePath)).toEqual([join(dir, 'topology/links.yaml')]);
    const alone = erlint(['-f', 'json', '--no-config', 'topology/links.yaml'], dir);
    expect(alone.status).toBe(1);
    expect(parse(alone.stdout)[0]!.messages.map((m) => m.message)).toEqual([
      'Connection `c1` refers to VNet `hub`, which is not defined in the workspace',
      'Connection `c1` refers to circuit `er-ams-1`, which is not defined in the workspace',
    ]);
  });

  it('lints the whole workspace when no path is given', () => {
    const dir = workspace({ 'package.json': '{"name":"net","erlint":{"files":["net/*.yaml"]}}', 'net/circuits.yaml': circuits, 'net/links.yaml': links, 'other.yaml': 'not: topology\n' });
    const run = erlint(['-f', 'json'], dir);
    expect(parse(run.stdout).map((r) => r.filePath)).toEqual([join(dir, 'net/circuits.yaml'), join(dir, 'net/links.yaml')]);
    expect(run.status).toBe(1);
  });

  it('takes a directory given as the workspace\'s files below it, and notes files outside the workspace', () => {
    const dir = workspace({
      '.erlintrc.yaml': 'files: ["net/*.yaml"]\n', 'net/circuits.yaml': circuits, 'net/links.yaml': links,
      'other.yaml': 'not: topology\n', 'lab/x.yaml': 'version: 1\n',
    });
    const files = (run: ReturnType<typeof erlint>) => parse(run.stdout).map((r) => r.filePath.slice(dir.length + 1));
    const whole = erlint(['-f', 'json'], dir);
    expect(files(whole)).toEqual(['net/circuits.yaml', 'net/links.yaml']);
    // The config's patterns are written from its directory: `net` holds the workspace's files, `.` all of them.
    for (const args of [['.'], ['net'], [dir], ['net', 'net/links.yaml']]) {
      const run = erlint(['-f', 'json', ...args], dir);
      expect({ args, files: files(run), status: run.status, stderr: run.stderr }).toEqual({ args, files: files(whole), status: whole.status, stderr: '' });
    }
    // A directory of the workspace whose files the config does not take: a problem, exit 2.
    const lab = erlint(['-f', 'json', 'lab'], dir);
    expect(lab.status).toBe(2);
    expect(lab.stderr).toContain("No files of the workspace in directory 'lab'");
    // A file outside the workspace is noted and not linted.
    const other = erlint(['-f', 'json', 'other.yaml', 'net/links.yaml'], dir);
    expect(files(other)).toEqual(['net/links.yaml']);
    expect(other.stderr).toContain("'other.yaml' is outside the workspace that 'files'/'ignores' of '.erlintrc.yaml' define; not linted");
    // A directory outside the config's own is globbed with the config's patterns, and what they take is noted as outside.
    const elsewhere = workspace({ 'net/z.yaml': 'version: 1\n' });
    const outside = erlint(['-f', 'json', elsewhere], dir);
    expect(outside.stderr).toMatch(/z\.yaml' is outside the workspace .* not linted/);
    expect(parse(outside.stdout)).toEqual([]);
  });

  it('finds the config from a subdirectory, up to the project root', () => {
    const dir = workspace({ '.erlintrc.json': '{ "rules": { "topology-unique-names": "warn" } }', 'sub/a.yaml': circuits + '  - name: er-ams-1\n' });
    const run = erlint(['-f', 'json', 'a.yaml'], join(dir, 'sub'));
    expect(run.status).toBe(0);
    expect(parse(run.stdout)[0]!.warningCount).toBe(2);
  });

  it('applies overrides by glob, and --rule above them', () => {
    const config = 'overrides:\n  - files: ["lab/**"]\n    rules: { topology-unique-names: off }\n';
    const dir = workspace({ '.erlintrc.yml': config, 'lab/a.yaml': circuits + '  - name: er-ams-1\n', 'prod/a.yaml': 'version: 1\nedges: [{ name: e }, { name: e }]\n' });
    const run = erlint(['-f', 'json'], dir);
    expect(parse(run.stdout).map((r) => [r.filePath.slice(dir.length + 1), r.errorCount])).toEqual([['lab/a.yaml', 0], ['prod/a.yaml', 2]]);
    const flagged = erlint(['-f', 'json', '--rule', 'topology-unique-names:error'], dir);
    expect(parse(flagged.stdout).map((r) => r.errorCount)).toEqual([2, 2]);
  });

  it('reports a bad config with its position and exits 2', () => {
    const dir = workspace({ '.erlintrc.yaml': 'extends: recommended\nrules:\n  topology-unique-name: error\n  topology-reference-exists: loud\n', 'a.yaml': circuits });
    const run = erlint(['-f', 'json', 'a.yaml'], dir);
    expect(run.status).toBe(2);
    const [result] = parse(run.stdout);
    expect(result!.filePath).toBe(join(dir, '.erlintrc.yaml'));
    expect(result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)).toEqual([
      '3:3 config Unknown rule `topology-unique-name`; did you mean `topology-unique-names`?',
      '4:30 config `rules.topology-reference-exists` `loud` is not valid: expected `error`, `warn` or `off`, or `[severity, options]`',
    ]);
  });

  it('reports a config that does not parse, and options on a rule that takes none', () => {
    const broken = workspace({ '.erlintrc.json': '{ "rules": { ,} }', 'a.yaml': circuits });
    const run = erlint(['a.yaml'], broken);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('config');
    const options = workspace({ '.erlintrc.yaml': 'rules:\n  topology-unique-names: [error, { strict: true }]\n', 'a.yaml': circuits });
    const withOptions = erlint(['-f', 'json', 'a.yaml'], options);
    expect(withOptions.status).toBe(2);
    expect(parse(withOptions.stdout)[0]!.messages[0]).toMatchObject({ line: 2, column: 34, message: 'Rule `topology-unique-names` takes no options' });
  });

  it('never loads a JavaScript config', () => {
    const dir = workspace({ '.erlintrc.js': 'require("fs").writeFileSync("pwned", "")\nmodule.exports = {}\n', 'a.yaml': circuits });
    const run = erlint(['--config', '.erlintrc.js', 'a.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('never runs code');
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });
});

describe('other commands', () => {
  it('prints the version and help', () => {
    expect(erlint(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    expect(erlint(['--help']).stdout).toContain('Exit codes');
  });

  it('lists the rules as JSON and Markdown', () => {
    const rules = JSON.parse(erlint(['rules', '--format', 'json']).stdout) as { id: string; docs: string }[];
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['gateway-subnet', 'topology-reference-exists', 'topology-unique-names']));
    expect(rules.every((r) => r.docs.endsWith(`/rules/${r.id}.md`))).toBe(true);
    expect(erlint(['rules', '--format', 'markdown']).stdout).toContain('| [`topology-unique-names`](rules/topology-unique-names.md) | error | yes |');
    expect(erlint(['rules']).stdout).toMatch(/^topology-reference-exists\s+error\s+rec\s+Every reference/m);
  });

  it('explains a rule, and suggests for a typo', () => {
    expect(erlint(['explain', 'topology-unique-names']).stdout).toBe(readFileSync(join(repoRoot, 'rules/topology-unique-names.md'), 'utf8'));
    const typo = erlint(['explain', 'topology-uniq-names']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("did you mean 'topology-unique-names'?");
  });

  it('prints and writes the schema', () => {
    const shipped = readFileSync(join(repoRoot, 'schemas/topology.schema.json'), 'utf8');
    expect(erlint(['schema']).stdout).toBe(shipped);
    const dir = workspace({});
    expect(erlint(['schema', '--out', 'schemas/er.json'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'schemas/er.json'), 'utf8')).toBe(shipped);
  });
});

describe('the erlint command as built', () => {
  const cliDir = join(repoRoot, 'dist', 'src', 'cli');
  const bundlePath = join(cliDir, 'bundle.cjs');

  it('is the bin of the package: a starter that loads only Node.js\'s modules, and then the bundle', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(join(repoRoot, pkg.bin.erlint!)).toBe(cliPath);
    const starter = readFileSync(cliPath, 'utf8');
    expect(starter.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const required = [...starter.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(name).toMatch(/^node:/);
    expect(starter).toContain("'bundle.cjs'");
  });

  it('bundles erlint\'s own code into one CommonJS module, which finds the files it loads at run time', () => {
    const bundle = readFileSync(bundlePath, 'utf8');
    // No relative import or require left: every module of erlint's is inside (the packages loaded
    // when needed load as installed).
    expect(bundle).not.toMatch(/(?:from|import|require)\s*\(?\s*["']\.\.?\//);
    // CommonJS, so that Node.js's ES module loader is not needed to start, and strict like the modules it holds.
    expect(bundle.split('\n')[1]).toBe('"use strict";');
    expect(bundle).not.toMatch(/import\.meta|^import |^export /m);
    // The validators compiled at build time are inside, with the schema hash they were made of.
    for (const name of ['topology-validator.cjs', 'config-validator.cjs']) {
      const built = readFileSync(join(repoRoot, 'dist', 'src', 'schema', name), 'utf8');
      const hash = /schemaHash\s*=\s*"([0-9a-f]{64})"/.exec(built)?.[1];
      expect(hash, name).toBeDefined();
      expect(bundle).toContain(hash!);
    }
    // What it loads at run time lies where the bundle looks for it.
    expect(bundle).toContain('pool-worker');
    expect(existsSync(join(cliDir, '../workspace/pool-worker.js'))).toBe(true);
  });

  it('starts with the code cache the build made of the bundle, which V8 takes', () => {
    const check = spawnSync(process.execPath, ['-e', `console.log(String(require(${JSON.stringify(cliPath)}).compileBundle().script.cachedDataRejected))`], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    // `false`: offered and taken (`undefined` would mean not offered, `true` refused).
    expect(check.stdout.trim()).toBe('false');
  });

  /** A copy of the built package, to change. */
  function builtCopy(): string {
    const copy = mkdtempSync(join(tmpdir(), 'erlint-built-'));
    cpSync(join(repoRoot, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'schemas'), join(copy, 'schemas'), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
    return copy;
  }

  it('runs as usual without its code cache', () => {
    const copy = builtCopy();
    rmSync(join(copy, 'dist', 'src', 'cli', 'bundle.v8cache'));
    const run = spawnSync(process.execPath, [join(copy, 'dist', 'src', 'cli', 'erlint.cjs'), 'examples/hub-and-spoke'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run).toMatchObject({ status: 0, stderr: '', stdout: '✔ 3 files checked, no problems\n' });
    rmSync(copy, { recursive: true, force: true });
  });

  it('says what is missing, without a stack trace, when the bundle is gone', () => {
    const copy = builtCopy();
    rmSync(join(copy, 'dist', 'src', 'cli', 'bundle.cjs'));
    const run = spawnSync(process.execPath, [join(copy, 'dist', 'src', 'cli', 'erlint.cjs'), '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^erlint: cannot load its own code `.*bundle\.cjs` \(ENOENT\); reinstall erlint\n$/);
    rmSync(copy, { recursive: true, force: true });
  });

  it('does not use a code cache made of another bundle, even one of the same length', () => {
    // V8 compares only the length of the text it is given with the cache's; a same-length change
    // would run the code the cache was made of. The starter checks the bundle's digest first.
    const copy = builtCopy();
    const copiedBundle = join(copy, 'dist', 'src', 'cli', 'bundle.cjs');
    const original = readFileSync(copiedBundle, 'utf8');
    const changed = original.replace('erlint: lint Azure ExpressRoute', 'erlint: LINT Azure ExpressRoute');
    expect(changed).not.toBe(original);
    expect(changed.length).toBe(original.length);
    const copiedStarter = join(copy, 'dist', 'src', 'cli', 'erlint.cjs');
    expect(spawnSync(process.execPath, [copiedStarter, '--help'], { encoding: 'utf8' }).stdout).toMatch(/^erlint: lint Azure/);
    writeFileSync(copiedBundle, changed);
    const help = spawnSync(process.execPath, [copiedStarter, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^erlint: LINT Azure/);
    rmSync(copy, { recursive: true, force: true });
  });

  it('uses the validators compiled at build time, on the main thread and in worker threads, without loading ajv', () => {
    const run = spawnSync(process.execPath, ['--require', join(repoRoot, 'test', 'helpers', 'trace-require.cjs'), cliPath, '--concurrency', '2', '-f', 'json', 'examples/hub-and-spoke'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n');
    const required = lines.filter((l) => l.startsWith('require ')).map((l) => l.slice('require '.length));
    const requiredByWorkers = lines.filter((l) => l.startsWith('worker-require ')).map((l) => l.slice('worker-require '.length));
    // Inside the bundle on the main thread; the worker loads it from beside the built modules.
    expect(required.filter((r) => r.includes('topology-validator'))).toEqual([]);
    expect(requiredByWorkers.filter((r) => r === '../schema/topology-validator.cjs').length).toBe(1);
    expect([...required, ...requiredByWorkers].filter((r) => r.startsWith('ajv') && !r.startsWith('ajv/dist/runtime/'))).toEqual([]);
    // The packages every run needs at start come inside the bundle, compiled in its code cache (the
    // worker thread loads erlint's modules as built, and what they need).
    // (cosmiconfig reads the repository's package.json here, with parse-json.)
    expect(required.filter((r) => /^(cosmiconfig|picomatch|tinyglobby|fdir|ipaddr\.js|env-paths|parse-json)(\/|$)/.test(r))).toEqual([]);
  });

  it('names the licence of every package inside the bundle', () => {
    const notices = readFileSync(join(cliDir, 'bundle.licenses.txt'), 'utf8');
    for (const name of ['cosmiconfig', 'picomatch', 'tinyglobby', 'fdir', 'ipaddr.js', 'env-paths', 'parse-json']) {
      const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license: string };
      expect(notices).toContain(`${name} ${pkg.version} (${pkg.license})`);
    }
    // Only what is inside: the packages loaded when needed are not.
    expect(notices).not.toMatch(/^(yaml|js-yaml|ajv|eslint-formatter-pretty|fastest-levenshtein) /m);
  });
});
