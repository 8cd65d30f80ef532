#!/usr/bin/env node
// The performance benchmark (`npm run bench`): erlint against ajv-cli 5 (schema only) and Spectral 6
// (a ruleset applying the same schema) on a generated workspace, side by side in one run, medians of
// several runs, with peak RSS from /usr/bin/time. Not a test: timings depend on the machine.
//
//   node bench/run.mjs [--files 2000] [--circuits 10] [--runs 3] [--spectral-runs 1] [--scale 200,20000] [--scale-runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const files = Number(args.files ?? 2000);
const circuits = Number(args.circuits ?? 10);
const runs = Number(args.runs ?? 3);
const spectralRuns = Number(args['spectral-runs'] ?? 1);
const scales = String(args.scale ?? '200,20000').split(',').filter(Boolean).map(Number);
// Single runs of the 20,000-file workspace ranged from 34 s to 39 s on one day: the linearity
// figure needs a median too.
const scaleRuns = Number(args['scale-runs'] ?? 3);
const generator = join(root, '..', 'shared', 'bench', 'gen-topology.mjs');
const tools = join(root, 'bench', '.tools');
const cli = join(root, 'dist', 'src', 'cli', 'erlint.cjs');
const hasTime = existsSync('/usr/bin/time');

function workspace(count) {
  const dir = join(tmpdir(), `erlint-bench-${count}x${circuits}`);
  if (!existsSync(join(dir, '.erlintrc.yaml'))) {
    execFileSync(process.execPath, [generator, '--out', dir, '--files', String(count), '--circuits', String(circuits)], { stdio: 'inherit' });
    // A config makes the directory one workspace, as in a real topology repository.
    writeFileSync(join(dir, '.erlintrc.yaml'), 'files: ["*.yaml", "*.json"]\n');
  }
  return dir;
}

function installPeers() {
  if (existsSync(join(tools, 'node_modules', '.bin', 'spectral'))) return;
  console.log('installing ajv-cli 5 and Spectral 6 into bench/.tools (once)');
  mkdirSync(tools, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', tools, 'ajv-cli@5.0.0', 'ajv-formats@3', '@stoplight/spectral-cli@6.15.0'], { stdio: 'inherit' });
}

// Node.js reads and parses the certificates of `NODE_EXTRA_CA_CERTS` at every start, before any of
// a tool's code runs: set to a system's whole certificate bundle, it can take longer than the rest of
// Node.js's start. No tool here makes a TLS connection, so every tool runs without it, all alike; the
// pre-commit run is also measured with it, and the bench prints what it costs `node -e 0`.
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const toolEnv = { ...process.env };
delete toolEnv.NODE_EXTRA_CA_CERTS;

/**
 * One timed run: wall seconds, and from /usr/bin/time when present, peak RSS in MB, the page faults
 * the process took (minor ones: each is a page of memory touched for the first time) and its CPU
 * seconds (user and system, all threads). On a virtual machine where a fault costs microseconds,
 * faults, that is memory touched, explain much of a difference in wall time.
 */
function measure(command, commandArgs, cwd, env = {}) {
  const start = performance.now();
  const run = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %R %U %S', command, ...commandArgs], { cwd, env: { ...toolEnv, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, commandArgs, { cwd, env: { ...toolEnv, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  const [rssKb, faults, user, system] = hasTime ? run.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN, NaN];
  return { seconds, rssMb: rssKb / 1024, faults, cpuSeconds: user + system, status: run.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Medians of wall time, page faults and CPU time; the highest peak RSS. */
function summary(label, samples) {
  return {
    label,
    seconds: median(samples.map((s) => s.seconds)),
    rssMb: Math.max(...samples.map((s) => s.rssMb)),
    faults: median(samples.map((s) => s.faults)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    status: samples[0].status,
    n: samples.length,
  };
}

function series(label, n, command, commandArgs, cwd, env) {
  const samples = Array.from({ length: n }, () => measure(command, commandArgs, cwd, env));
  return summary(label, samples);
}

if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
installPeers();
const dir = workspace(files);
const dataFiles = readdirSync(dir).filter((f) => /\.(yaml|json)$/.test(f) && !f.startsWith('.'));
const megabytes = dataFiles.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0) / 1e6;
console.log(`\nworkspace: ${dataFiles.length} files, ${megabytes.toFixed(1)} MB (${dir}); ${runs} runs each, medians\n`);

// Spectral's ruleset: one rule applying erlint's schema to every document.
const ruleset = join(tmpdir(), 'erlint-bench-spectral.json');
writeFileSync(ruleset, JSON.stringify({
  rules: { 'topology-schema': { given: '$', severity: 'error', then: { function: 'schema', functionOptions: { schema: JSON.parse(readFileSync(join(root, 'schemas', 'topology.schema.json'), 'utf8')), dialect: 'draft2020-12', allErrors: true } } } },
}));

// One changed file with a warm cache, as in a pre-commit hook: the cache is filled by a full run, then
// before each timed run one file gets a new comment line (new content, so its entry is stale).
const cacheFile = join(tmpdir(), 'erlint-bench.cache');
rmSync(cacheFile, { force: true });
spawnSync(process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench-cache.json'), '--cache', '--cache-location', cacheFile], { cwd: dir, stdio: 'ignore' });
const changed = dataFiles.find((f) => f.endsWith('.yaml'));
const original = readFileSync(join(dir, changed));
let edits = 0;
const oneChanged = (env = {}) => {
  appendFileSync(join(dir, changed), `# bench edit ${++edits}\n`);
  return measure(process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench-one.json'), '--cache', '--cache-location', cacheFile, changed], dir, env);
};
// With and without the variable in turns, so that the machine's drift falls on both alike.
const warmPairs = Array.from({ length: runs }, () => ({ without: oneChanged(), with: extraCaCerts === undefined ? undefined : oneChanged({ NODE_EXTRA_CA_CERTS: extraCaCerts }) }));
const warmSamples = warmPairs.map((p) => p.without);
const warmWithCaSamples = warmPairs.flatMap((p) => (p.with ? [p.with] : []));
writeFileSync(join(dir, changed), original);
const warmAll = series('erlint --cache, nothing changed, all reported', runs, process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench-warm.json'), '--cache', '--cache-location', cacheFile], dir);

// erlint and ajv-cli take turns: this machine's speed drifts by half within an hour, and runs of one
// tool after the other would put the drift into the ratio. The ratio printed is the median of each
// round's own ratio.
const erlintFull = () => measure(process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench.json')], dir);
const ajvCli = () => measure(join(tools, 'node_modules', '.bin', 'ajv'), ['validate', '--spec=draft2020', '-s', join(root, 'schemas', 'topology.schema.json'), '-c', join(root, 'bench', 'ajv-cli-formats.cjs'), '-d', '*.{yaml,json}', '--errors=no'], dir, { NODE_PATH: join(tools, 'node_modules') });
const rounds = Array.from({ length: runs }, () => ({ erlint: erlintFull(), ajv: ajvCli() }));
const roundRatios = rounds.map((r) => r.erlint.seconds / r.ajv.seconds);
const results = [
  summary('erlint (all rules, --format json)', rounds.map((r) => r.erlint)),
  summary('ajv-cli 5 (schema only)', rounds.map((r) => r.ajv)),
  series('Spectral 6 (schema ruleset)', spectralRuns, join(tools, 'node_modules', '.bin', 'spectral'), ['lint', '--ruleset', ruleset, '--format', 'json', '--output', join(tmpdir(), 'spectral-bench.json'), '--quiet', '*.{yaml,json}'], dir),
  series('erlint, one file reported (pre-commit), no cache', runs, process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench-one.json'), changed], dir),
  summary('erlint --cache, one file changed and reported (pre-commit)', warmSamples),
  ...(warmWithCaSamples.length > 0 ? [summary('the same, with `NODE_EXTRA_CA_CERTS` as set on this machine', warmWithCaSamples)] : []),
  warmAll,
  series('erlint --concurrency off (one thread)', runs, process.execPath, [cli, '-f', 'json', '-o', join(tmpdir(), 'erlint-bench-off.json'), '--concurrency', 'off'], dir),
];
const ajv = results[1].seconds;
const orNa = (value, text) => (Number.isNaN(value) ? 'n/a' : text);
console.log('| tool | median wall | CPU (user + system) | page faults | peak RSS | vs ajv-cli |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) console.log(`| ${r.label}${r.status === 2 ? ' **failed (exit 2)**' : ''}${r.n < runs ? ` (${r.n} run)` : ''} | ${r.seconds.toFixed(2)} s | ${orNa(r.cpuSeconds, `${r.cpuSeconds.toFixed(2)} s`)} | ${orNa(r.faults, r.faults.toLocaleString('en-US'))} | ${orNa(r.rssMb, `${r.rssMb.toFixed(0)} MB`)} | ${(r.seconds / ajv).toFixed(2)}× |`);
const erlint = results[0].seconds;
console.log(`\nerlint is ${(results[2].seconds / erlint).toFixed(1)}× faster than Spectral and takes ${(erlint / ajv).toFixed(2)}× ajv-cli's time (ratio of medians).`);
console.log(`Round by round (erlint, then ajv-cli): ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}; median ${median(roundRatios).toFixed(2)}×, ajv-cli ${rounds.map((r) => r.ajv.seconds.toFixed(2)).join(', ')} s.`);
if (extraCaCerts !== undefined) {
  const start = (env) => median(Array.from({ length: 5 }, () => measure(process.execPath, ['-e', '0'], dir, env).seconds));
  console.log(`\`NODE_EXTRA_CA_CERTS\` is set here (\`${extraCaCerts}\`); every tool ran without it. \`node -e 0\`: ${start({}).toFixed(2)} s without it, ${start({ NODE_EXTRA_CA_CERTS: extraCaCerts }).toFixed(2)} s with it (medians of 5).`);
}

/** Findings in an ESLint-style JSON report, counted in its bytes (a 20,000-file report is past V8's longest string). */
function countFindings(path) {
  if (!existsSync(path)) return NaN;
  const bytes = readFileSync(path);
  const needle = Buffer.from('"ruleId":');
  let count = 0;
  for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + needle.length)) count++;
  return count;
}

if (scales.length > 0) {
  // The generator reuses link subnets once its address plan wraps (every 4,096 circuits for private
  // peering, 65,536 for Microsoft peering), so larger workspaces hold more findings per file: the
  // table shows them beside the time. Each run of another size is followed by a run of the main
  // workspace (`--files`), and the per-file ratio is the median of each such pair's own ratio: a
  // machine whose speed drifts within minutes would otherwise put the drift between the sizes.
  const fullFindings = countFindings(join(tmpdir(), 'erlint-bench.json'));
  console.log(`\n| files | findings per file | erlint median wall | per file | peak RSS | per file vs ${files} (median of paired rounds) |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const count of [...scales, files].sort((a, b) => a - b)) {
    const output = join(tmpdir(), `erlint-bench-scale-${count}.json`);
    let r = results[0];
    let ratio = 1;
    if (count !== files) {
      const pairs = Array.from({ length: scaleRuns }, () => ({ scaled: measure(process.execPath, [cli, '-f', 'json', '-o', output], workspace(count)), base: erlintFull() }));
      r = summary(`erlint ${count}`, pairs.map((p) => p.scaled));
      ratio = median(pairs.map((p) => (p.scaled.seconds / count) / (p.base.seconds / files)));
    }
    const findings = count === files ? fullFindings : countFindings(output);
    if (count !== files) rmSync(output, { force: true });
    const perFile = (r.seconds / count) * 1000;
    console.log(`| ${count} | ${(findings / count).toFixed(1)} | ${r.seconds.toFixed(2)} s | ${perFile.toFixed(2)} ms | ${Number.isNaN(r.rssMb) ? 'n/a' : `${r.rssMb.toFixed(0)} MB`} | ${ratio.toFixed(2)}× |${r.status === 2 ? ' run failed (exit 2)' : ''}`);
  }
}
