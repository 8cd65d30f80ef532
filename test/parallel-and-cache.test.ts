/**
 * Worker threads (`--concurrency`) and the cache (`--cache`) change where and when files are read,
 * never what erlint reports: every run here is compared with the plain single-threaded run.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFiles, lintFilesLazily, type LintFilesOptions, type LintRun } from '../src/index.js';
import { loadWorkspace, threadCount } from '../src/workspace/pool.js';
import { LintCache } from '../src/workspace/cache.js';
import { deserialize, serialize } from 'node:v8';
import { loadBytes, toTransferable } from '../src/loader/load.js';
import { erlint } from './helpers/cli.js';
import { fileLinks } from '../src/engine/check-file.js';
import { linkLists, nameKey } from '../src/model/links.js';
import { repoRoot } from './helpers/fixtures.js';

const generator = join(repoRoot, '..', 'shared', 'bench', 'gen-topology.mjs');

/** Everything a user sees of a run, cache notes aside. */
function visible(run: LintRun): unknown {
  return { results: run.results, runErrors: run.runErrors, failed: run.failed, workspaceSize: run.workspaceSize };
}

function findingCount(run: LintRun): number {
  return run.results.reduce((n, r) => n + r.diagnostics.length, 0);
}

let template: string;

beforeAll(() => {
  template = mkdtempSync(join(tmpdir(), 'erlint-parallel-'));
  if (existsSync(generator)) {
    // Defects give syntax-free schema findings, rule findings of every kind and cross-file references.
    execFileSync(process.execPath, [generator, '--out', template, '--files', '36', '--circuits', '3', '--defects', '0.3', '--seed', '11']);
  } else {
    cpSync(join(repoRoot, 'examples', 'hub-and-spoke'), template, { recursive: true });
  }
  // What the fast path leaves to `yaml`, plus files that break: the workers must report them alike.
  writeFileSync(join(template, 'anchors.yaml'), 'version: 1\nedges:\n  - &e { name: anchored-edge, internet: false }\n');
  writeFileSync(join(template, 'broken.yaml'), 'version: 1\ncircuits: [\n');
  // A byte-order mark: the loaded text is not the bytes as they are, so the cache must not keep it.
  writeFileSync(join(template, 'bom.yaml'), '\uFEFFversion: 1\nedges:\n  - name: bom-edge\n    internet: maybe\n');
  writeFileSync(join(template, 'bad-schema.json'), '{"version": 1, "circuits": [{"name": 7}]}\n');
  writeFileSync(join(template, 'suppressed.yaml'), '# erlint-disable-file topology-unique-names -- kept on purpose\nversion: 1\nedges:\n  - name: anchored-edge\n    internet: false\n');
  writeFileSync(join(template, '.erlintrc.yaml'), 'files: ["*.yaml", "*.json"]\n');
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'erlint-ws-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

async function lint(dir: string, options: LintFilesOptions = {}, paths: string[] = []): Promise<LintRun> {
  return lintFiles(paths, { cwd: dir, ...options });
}

describe('worker threads', () => {
  it('give the same results as one thread, for every thread count', async () => {
    const dir = workspace();
    const single = await lint(dir, { concurrency: 'off' });
    expect(findingCount(single)).toBeGreaterThan(10);
    expect(single.results.some((r) => r.diagnostics.some((d) => d.ruleId === 'syntax'))).toBe(true);
    expect(single.results.some((r) => r.diagnostics.some((d) => d.ruleId === 'schema'))).toBe(true);
    expect(single.results.some((r) => (r.suppressed ?? []).length > 0)).toBe(true);
    for (const concurrency of [2, 3, 5]) expect(visible(await lint(dir, { concurrency })), `--concurrency ${concurrency}`).toEqual(visible(single));
  });

  it('give the same results when only some files are reported (pre-commit)', async () => {
    const dir = workspace();
    const paths = ['anchors.yaml', 'suppressed.yaml', 'bad-schema.json'];
    expect(visible(await lint(dir, { concurrency: 4 }, paths))).toEqual(visible(await lint(dir, { concurrency: 'off' }, paths)));
  });

  it('report a file no thread can read, and the others', async () => {
    const dir = workspace();
    // /proc/self/mem fails every read with EIO, also for root.
    symlinkSync('/proc/self/mem', join(dir, 'unreadable.yaml'));
    const paths = ['unreadable.yaml', 'anchors.yaml', 'suppressed.yaml'];
    const single = await lint(dir, { concurrency: 'off' }, paths);
    const parallel = await lint(dir, { concurrency: 3 }, paths);
    expect(parallel.results.map((r) => r.filePath.split('/').pop())).toEqual(['anchors.yaml', 'suppressed.yaml']);
    expect(parallel.runErrors).toEqual(["Cannot read `unreadable.yaml`: EIO"]);
    expect(visible(parallel)).toEqual(visible(single));
  });

  it('start only for workspaces big enough to repay them', () => {
    const small = join(repoRoot, 'examples', 'hub-and-spoke', 'circuits.yaml');
    expect(threadCount([small, small], 'auto')).toBe(1);
    expect(threadCount([small, small], 'off')).toBe(1);
    expect(threadCount([small, small, small], 2)).toBe(2);
    expect(threadCount([small], 8)).toBe(1);
  });

  it('take one thread per core and per 2 MB of text, and on two cores only for the largest workspaces', () => {
    // Sizes are all `threadCount` reads: sparse files stand for large workspaces.
    const dir = mkdtempSync(join(tmpdir(), 'erlint-threads-'));
    const sparse = (count: number, megabytes: number) => Array.from({ length: count }, (_, i) => {
      const path = join(dir, `f-${count}-${megabytes}-${i}.yaml`);
      writeFileSync(path, '');
      truncateSync(path, megabytes * 1024 * 1024);
      return path;
    });
    const medium = sparse(4, 3);
    expect(threadCount(medium, 'auto', 4)).toBe(4);
    expect(threadCount(medium, 'auto', 16)).toBe(4);
    expect(threadCount(medium.slice(0, 2), 'auto', 16)).toBe(2);
    expect(threadCount(medium, 'auto', 2)).toBe(1);
    expect(threadCount(medium, 'auto', 1)).toBe(1);
    const large = sparse(10, 7);
    expect(threadCount(large, 'auto', 2)).toBe(2);
    expect(threadCount(large, 'auto', 1)).toBe(1);
    // An explicit count is taken as given.
    expect(threadCount(medium, 2, 2)).toBe(2);
    // Past a few hundred files, a sample spread over the list stands for all of them: thousands of
    // 100 KB files are as large as the two-core bound, a few hundred are not.
    const path = join(dir, 'hundred-kb.yaml');
    writeFileSync(path, '');
    truncateSync(path, 100 * 1024);
    expect(threadCount(Array.from({ length: 1000 }, () => path), 'auto', 2)).toBe(2);
    expect(threadCount(Array.from({ length: 400 }, () => path), 'auto', 2)).toBe(1);
    expect(threadCount([...Array.from({ length: 300 }, () => medium[0]!), ...Array.from({ length: 300 }, () => path)], 'auto', 2)).toBe(2);
  });
});

describe('a whole run on one thread', () => {
  it('given paths, finds in them what a run over the whole workspace finds, however large their share', async () => {
    const dir = workspace();
    const whole = await lint(dir);
    const names = readdirSync(dir).filter((f) => /^[^.].*\.(yaml|json)$/.test(f)).sort();
    const byName = (run: LintRun) => new Map(run.results.map((r) => [r.filePath.split('/').pop()!, r]));
    const expected = byName(whole);
    // `.` and half the files model every document as a whole run does and let their data go; a
    // sixth of them takes the neighbourhood path instead.
    for (const paths of [['.'], names.filter((_, i) => i % 2 === 0), names.filter((_, i) => i % 6 === 0)]) {
      const run = await lint(dir, {}, paths);
      const shown = paths[0] === '.' ? names : paths;
      expect(run.results.map((r) => r.filePath.split('/').pop()), paths.join(' ')).toEqual(shown);
      for (const result of run.results) expect(result).toEqual(expected.get(result.filePath.split('/').pop()!));
    }
    expect(findingCount(whole)).toBeGreaterThan(10);
  });

  it('lets the texts of plain files go once they are modelled, and places the same findings', async () => {
    const dir = workspace();
    const paths = readdirSync(dir).filter((f) => /\.(yaml|json)$/.test(f)).map((f) => join(dir, f)).sort();
    const loaded = await loadWorkspace(paths, 1, { modelOnly: true, textsLetGo: true });
    const letGo = loaded.files.filter((f) => f.text === '' && f.reload);
    expect(letGo.length).toBeGreaterThan(30);
    // Files off the fast path, and files with syntax findings, keep their text.
    for (const name of ['anchors.yaml', 'broken.yaml']) expect(loaded.files.find((f) => f.path.endsWith(name))!.text).not.toBe('');
    for (const file of letGo) {
      // Nor does its line index hold on to the text: one not made yet is made of the text read again.
      expect(file.lineCounter.indexed).toBe(true);
      const reloaded = file.reload!();
      expect(reloaded.text).toBe(readFileSync(file.path, 'utf8').replace(/^\uFEFF/, ''));
      expect([...reloaded.lineCounter.lineStarts]).toEqual([0, ...[...reloaded.text.matchAll(/\n/g)].map((m) => m.index + 1)]);
    }
    expect(loaded.changedSinceRead).toEqual([]);
    // The cache keeps every text: the same results either way.
    expect(visible(await lint(dir))).toEqual(visible(await lint(dir, { cache: true, cacheLocation: join(dir, 'c') })));
  });

  it('places findings in what a file holds when read again, and says which files changed or went', async () => {
    const dir = workspace();
    const [changed, gone, same] = readdirYaml(dir).filter((f) => f.startsWith('site-')).map((f) => join(dir, f));
    const loaded = await loadWorkspace([changed!, gone!, same!], 1, { modelOnly: true, textsLetGo: true });
    const [changedFile, goneFile, sameFile] = loaded.files;
    writeFileSync(changed!, `# a new first line\n${readFileSync(changed!, 'utf8')}`);
    rmSync(gone!);
    expect(changedFile!.reload!().text.startsWith('# a new first line\n')).toBe(true);
    expect(goneFile!.reload!()).toMatchObject({ text: '', documents: [] });
    expect(sameFile!.reload!().text).toBe(readFileSync(same!, 'utf8'));
    expect(loaded.changedSinceRead).toEqual([{ path: changed, code: 'changed' }, { path: gone, code: 'ENOENT' }]);
  });

  it('sees an edit that keeps the length of the file', async () => {
    const dir = workspace();
    const [path] = readdirYaml(dir).filter((f) => f.startsWith('site-')).map((f) => join(dir, f));
    const loaded = await loadWorkspace([path!], 1, { modelOnly: true, textsLetGo: true });
    const before = readFileSync(path!, 'utf8');
    const edited = before.replace('internet: true', 'internet: fals');
    expect(edited.length).toBe(before.length);
    expect(edited).not.toBe(before);
    writeFileSync(path!, edited);
    expect(loaded.files[0]!.reload!().text).toBe(edited);
    expect(loaded.changedSinceRead).toEqual([{ path, code: 'changed' }]);
  });

  it('reads texts again of every size, one after another, each whole', async () => {
    const dir = workspace();
    // Small, then larger than the buffer they are read into (64 KB at first, then twice what it was), then small again.
    const sizes = [1, 3000, 9000, 40, 2];
    const paths = sizes.map((edges, i) => {
      const path = join(dir, `sized-${i}.yaml`);
      writeFileSync(path, `version: 1\nedges:\n${Array.from({ length: edges }, (_, e) => `  - name: edge-${i}-${e}\n    internet: false\n`).join('')}`);
      return path;
    });
    const loaded = await loadWorkspace(paths, 1, { modelOnly: true, textsLetGo: true });
    const byPath = new Map(loaded.files.map((f) => [f.path, f]));
    for (const path of [...paths, ...[...paths].reverse()]) expect(byPath.get(path)!.reload!().text).toBe(readFileSync(path, 'utf8'));
    expect(statSync(paths.find((p) => p.endsWith('sized-2.yaml'))!).size).toBeGreaterThan(256 * 1024);
    // A file that grew since it was read is read whole, and says so.
    appendFileSync(paths[0]!, '# grown\n'.repeat(30000));
    const grown = byPath.get(paths[0]!)!.reload!();
    expect(grown.text).toBe(readFileSync(paths[0]!, 'utf8'));
    expect(loaded.changedSinceRead.map((c) => c.code)).toEqual(['changed']);
  });

  it('reads a text again exactly as it was loaded, byte-order marks dropped', async () => {
    const dir = workspace();
    const path = join(dir, 'two-marks.yaml');
    // The decoder drops one mark and the loader another: offsets are into what is left.
    writeFileSync(path, '\uFEFF\uFEFFversion: 1\nedges:\n  - name: marked-edge\n    internet: maybe\n');
    const loaded = await loadWorkspace([path], 1, { modelOnly: true, textsLetGo: true });
    const file = loaded.files[0]!;
    expect(file.text).toBe('');
    expect(file.reload!().text).toBe(loadBytes(path, readFileSync(path)).text);
    expect(file.reload!().text.startsWith('version: 1')).toBe(true);
  });
});

describe('results made a file at a time', () => {
  it('are the results of a whole run, registry files sorted in among the topology files', async () => {
    const dir = workspace();
    // A registry file with problems has a result of its own; this one sorts between topology files.
    writeFileSync(join(dir, 'm-roas.json'), '{ "roas": [ { "asn": 1, ');
    for (const options of [{}, { registryFiles: ['m-roas.json'] }, { concurrency: 2 as const }, { cache: true, cacheLocation: join(dir, 'c') }]) {
      const lazy = await lintFilesLazily([], { cwd: dir, ...options });
      const results = [...lazy.results];
      const whole = await lintFiles([], { cwd: dir, ...options });
      expect(visible({ ...lazy, results, failed: lazy.failed() })).toEqual(visible(whole));
      expect(results.map((r) => r.filePath)).toEqual(whole.results.map((r) => r.filePath).sort((a, b) => (a < b ? -1 : 1)));
    }
    const withRegistry = await lintFiles([], { cwd: dir, registryFiles: ['m-roas.json'] });
    expect(withRegistry.failed).toBe(true);
    expect(withRegistry.results.some((r) => r.filePath.endsWith('m-roas.json'))).toBe(true);
  });

  it('give the command the same report, counts and exit code written as they come or gathered first', () => {
    const dir = workspace();
    const streamed = erlint(['-f', 'json', '--max-warnings', '0'], dir);
    const gathered = erlint(['-f', 'json', '-f', 'compact', '-o', join(dir, 'compact.txt'), '--max-warnings', '0'], dir);
    expect(streamed.stdout.length).toBeGreaterThan(1000);
    expect(streamed.stdout).toBe(gathered.stdout);
    expect([streamed.status, streamed.stderr]).toEqual([gathered.status, gathered.stderr]);
    // Counted as they were written: errors set the exit code, warnings are held against the limit.
    const report = JSON.parse(streamed.stdout) as { filePath: string; errorCount: number; warningCount: number }[];
    expect(report.reduce((n, r) => n + r.errorCount, 0)).toBeGreaterThan(0);
    expect(erlint(['-f', 'json'], dir).status).toBe(1);
    // Files with warnings and no errors: the warnings alone decide against the limit.
    const warned = report.filter((r) => r.errorCount === 0 && r.warningCount > 0);
    const warnings = warned.reduce((n, r) => n + r.warningCount, 0);
    expect(warnings).toBeGreaterThan(1);
    const paths = warned.map((r) => r.filePath);
    expect(erlint(['-f', 'json', '--max-warnings', String(warnings), ...paths], dir).status).toBe(0);
    const overLimit = erlint(['-f', 'json', '--max-warnings', String(warnings - 1), ...paths], dir);
    expect([overLimit.status, overLimit.stderr]).toEqual([1, `erlint: ${warnings} warnings, more than --max-warnings ${warnings - 1}\n`]);
    const quiet = erlint(['-f', 'sarif', '--quiet'], dir);
    const quietGathered = erlint(['-f', 'sarif', '--quiet', '-f', 'compact', '-o', join(dir, 'compact.txt')], dir);
    expect(quiet.stdout).toBe(quietGathered.stdout);
    expect(quiet.status).toBe(quietGathered.status);
  });
});

describe('--cache', () => {
  it('gives the same results cold, warm, and after a file changed', async () => {
    const dir = workspace();
    const location = join(dir, 'cache', 'erlint.cache');
    const plain = await lint(dir, { concurrency: 'off' });
    // Filled by worker threads, read back on one: the entries do not depend on where files were read.
    const cold = await lint(dir, { cache: true, cacheLocation: location, concurrency: 2 });
    expect(existsSync(location)).toBe(true);
    expect(visible(cold)).toEqual(visible(plain));
    const warm = await lint(dir, { cache: true, cacheLocation: location, concurrency: 'off' });
    expect(visible(warm)).toEqual(visible(plain));
    expect(warm.notes).toEqual(plain.notes);

    // A change that moves lines and adds a finding: the cached places of this file must not be reused.
    const changed = readdirYaml(dir).find((f) => f.startsWith('site-'))!;
    const text = readFileSync(join(dir, changed), 'utf8');
    writeFileSync(join(dir, changed), `# moved down\n\n${text}`);
    appendFileSync(join(dir, 'anchors.yaml'), 'circuits:\n  - name: x\n    bandwidthInMbps: 7\n');
    const afterChange = await lint(dir, { cache: true, cacheLocation: location, concurrency: 3 });
    expect(visible(afterChange)).toEqual(visible(await lint(dir, { concurrency: 'off' })));
    expect(visible(afterChange)).not.toEqual(visible(plain));
  });

  it('sees a change in one file in the findings of another (rules are never cached)', async () => {
    const dir = workspace();
    const location = join(dir, '.erlintcache');
    await lint(dir, { cache: true });
    expect(existsSync(location)).toBe(true);
    writeFileSync(join(dir, 'dup.yaml'), 'version: 1\nedges:\n  - name: anchored-edge\n    internet: false\n');
    const run = await lint(dir, { cache: true }, ['anchors.yaml']);
    expect(run.results[0]!.diagnostics.map((d) => d.ruleId)).toContain('topology-unique-names');
  });

  it('keeps the places cached for the files a run does not report on', async () => {
    const dir = workspace();
    const location = join(dir, '.erlintcache');
    const plain = await lint(dir, { concurrency: 'off' });
    await lint(dir, { cache: true });
    const paths = plain.results.map((r) => r.filePath);
    const placesPerFile = () => {
      return LintCache.open(location, cacheKeyOf(location)).lookup(paths).hits.map((h) => [h.path, h.placed().length]);
    };
    const before = placesPerFile();
    expect(before.length).toBeGreaterThan(paths.length - 2);
    expect(before.filter(([, n]) => (n as number) > 0).length).toBeGreaterThan(3);
    // A pre-commit run: one file reported, the other files' places never decoded.
    const one = await lint(dir, { cache: true }, [paths[0]!]);
    expect(one.results).toEqual([plain.results[0]]);
    expect(placesPerFile()).toEqual(before);
    expect(visible(await lint(dir, { cache: true }))).toEqual(visible(plain));
  });

  it('rebuilds a cache it cannot read, with a note, and still lints', async () => {
    const dir = workspace();
    const location = join(dir, '.erlintcache');
    writeFileSync(location, 'not a cache');
    const run = await lint(dir, { cache: true });
    expect(run.notes.join('\n')).toMatch(/^The cache `.*\.erlintcache` could not be read \(.+\); it is rebuilt$/m);
    expect(visible(run)).toEqual(visible(await lint(dir, { concurrency: 'off' })));
    expect(visible(await lint(dir, { cache: true }))).toEqual(visible(run));
  });

  it('puts .erlintcache in a directory given as --cache-location, and says when it cannot write', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'cachedir'));
    const ok = erlint(['-f', 'compact', '--cache', '--cache-location', 'cachedir', 'suppressed.yaml'], dir);
    expect(ok.stderr).toBe('');
    expect(existsSync(join(dir, 'cachedir', '.erlintcache'))).toBe(true);
    // A path under a regular file can never be created.
    const blocked = erlint(['-f', 'compact', '--cache', '--cache-location', 'anchors.yaml/c', 'suppressed.yaml'], dir);
    expect(blocked.status).toBe(ok.status);
    expect(blocked.stdout).toBe(ok.stdout);
    expect(blocked.stderr).toMatch(/^erlint: note: Cannot write the cache 'anchors\.yaml\/c': (ENOTDIR|EEXIST); the next run starts without it$/m);
  });
});

describe('a run that reports on some files (pre-commit)', () => {
  it('gives them what a run over the whole workspace gives, read from disk or from the cache', async () => {
    const dir = workspace();
    // A circuit defined once, linked from two files: a connection's finding depends on another file.
    writeFileSync(join(dir, 'z-circuit.yaml'), 'version: 1\ncircuits:\n  - { name: shared-er, serviceProviderName: Equinix, peeringLocation: Amsterdam, bandwidthInMbps: 50, sku: { tier: Standard, family: MeteredData }, serviceProviderProvisioningState: NotProvisioned }\n');
    writeFileSync(join(dir, 'z-link-1.yaml'), 'version: 1\nconnections:\n  - { name: z1, gateway: nowhere/gw, circuit: shared-er }\n');
    writeFileSync(join(dir, 'z-link-2.yaml'), 'version: 1\nconnections:\n  - { name: z2, gateway: nowhere/gw, circuit: shared-er }\n');
    const whole = await lint(dir, { concurrency: 'off' });
    const resultOf = new Map(whole.results.map((r) => [r.filePath, r]));
    expect(resultOf.get(join(dir, 'z-link-1.yaml'))!.diagnostics.map((d) => d.ruleId)).toEqual(['topology-reference-exists', 'circuit-usable-state']);
    await lint(dir, { cache: true });
    const sample = [...resultOf.keys()].filter((_, i) => i % 5 === 0);
    for (const path of [...sample, join(dir, 'z-circuit.yaml'), join(dir, 'z-link-2.yaml')]) {
      for (const options of [{ concurrency: 'off' as const }, { concurrency: 3 }, { cache: true }]) {
        const run = await lint(dir, options, [path]);
        expect(run.results, `${path} ${JSON.stringify(options)}`).toEqual([resultOf.get(path)]);
        expect(run.workspaceSize).toBe(whole.workspaceSize);
      }
    }
  });
});

describe('the cache file', () => {
  it('serves an entry only for the same content under the same erlint version and schema', () => {
    const dir = workspace();
    const location = join(dir, 'c', 'cache');
    const path = join(dir, 'anchors.yaml');
    const first = LintCache.open(location, 'erlint 1 schema A');
    const { misses } = first.lookup([path]);
    expect(misses).toEqual([path]);
    first.remember(toTransferable(loadBytes(path, readFileSync(path))), fileLinks(loadBytes(path, readFileSync(path))), []);
    first.write();
    expect(LintCache.open(location, 'erlint 1 schema A').lookup([path]).hits.map((h) => h.path)).toEqual([path]);
    expect(LintCache.open(location, 'erlint 2 schema A').lookup([path]).hits).toEqual([]);
    appendFileSync(path, '# a comment changes the content\n');
    expect(LintCache.open(location, 'erlint 1 schema A').lookup([path]).hits).toEqual([]);
  });

  it('gives back the links of every file as remembered, from the cache file and from its journal', () => {
    const dir = workspace();
    const location = join(dir, 'cache');
    const paths = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(dir, f)).sort();
    const linksOf = (path: string) => fileLinks(loadBytes(path, readFileSync(path)));
    const readBack = () => {
      const { hits } = LintCache.open(location, 'k', { settleMs: 0 }).lookup(paths);
      expect(hits.length).toBeGreaterThan(3);
      for (const hit of hits) expect({ path: hit.path, ...linkLists(hit.links) }).toEqual({ path: hit.path, ...linkLists(linksOf(hit.path)) });
      expect(hits.some((h) => linkLists(h.links).links.length > 0 && linkLists(h.links).references.length > 0)).toBe(true);
      return hits;
    };
    fill(LintCache.open(location, 'k', { settleMs: 0 }), paths);
    expect(existsSync(LintCache.journalOf(location))).toBe(false);
    readBack();
    // One file changed and remembered again goes to the journal; the others stay in the cache file.
    const changed = paths.find((p) => p.endsWith('.yaml') && linkLists(linksOf(p)).links.length > 0)!;
    appendFileSync(changed, '# changed\n');
    fill(LintCache.open(location, 'k', { settleMs: 0 }), paths);
    expect(existsSync(LintCache.journalOf(location))).toBe(true);
    expect(readBack().map((h) => h.path)).toContain(changed);
  });

  /** A cache over `paths` as a run leaves it: every file looked up and remembered. */
  function fill(cache: LintCache, paths: readonly string[]): void {
    const { misses } = cache.lookup(paths);
    for (const path of misses) {
      const file = loadBytes(path, readFileSync(path));
      cache.remember(toTransferable(file), fileLinks(file), []);
    }
    cache.write();
  }

  it('keeps a few changed entries in a journal beside the cache file until the journal grows too large', () => {
    const dir = workspace();
    const location = join(dir, 'cache');
    const journal = LintCache.journalOf(location);
    const paths = ['anchors.yaml', 'suppressed.yaml', 'bad-schema.json'].map((f) => join(dir, f));
    const [a, b] = paths as [string, string];
    fill(LintCache.open(location, 'k'), paths);
    expect(existsSync(journal)).toBe(false);
    const whole = readFileSync(location);

    appendFileSync(a, '# changed\n');
    fill(LintCache.open(location, 'k', { journalMinimumBytes: 1 << 20 }), paths);
    // One entry changed: the journal takes it, the cache file stays as it was.
    expect(readFileSync(location)).toEqual(whole);
    expect(existsSync(journal)).toBe(true);
    const served = LintCache.open(location, 'k').lookup(paths);
    expect(served.misses).toEqual([]);
    expect(served.hits.find((h) => h.path === a)!.load().text).toBe(readFileSync(a, 'utf8'));
    const oldJournal = readFileSync(journal);

    // The journal outgrows its limit: everything goes into the cache file again, the journal goes.
    appendFileSync(b, '# changed\n');
    appendFileSync(a, '# changed again\n');
    fill(LintCache.open(location, 'k', { journalMinimumBytes: 0 }), paths);
    expect(existsSync(journal)).toBe(false);
    expect(readFileSync(location)).not.toEqual(whole);
    expect(LintCache.open(location, 'k').lookup(paths).misses).toEqual([]);

    // A journal written against an earlier cache file is never read: its entry for `a` would now be stale.
    writeFileSync(journal, oldJournal);
    const afterwards = LintCache.open(location, 'k').lookup(paths);
    expect(afterwards.misses).toEqual([]);
    expect(afterwards.hits.find((h) => h.path === a)!.load().text).toBe(readFileSync(a, 'utf8'));
  });

  it('takes a file on its status only while nobody wrote to it', () => {
    const dir = workspace();
    const location = join(dir, 'cache');
    const path = join(dir, 'anchors.yaml');
    const original = readFileSync(path, 'utf8');
    // A modification time in whole seconds, so that it can be set back exactly.
    const mtime = new Date('2020-01-01T00:00:00Z');
    utimesSync(path, mtime, mtime);
    fill(LintCache.open(location, 'k', { settleMs: 0 }), [path]);
    // Same size and modification time, other content: the change time still moves.
    writeFileSync(path, original.replace('anchored-edge', 'anchored-edgX'));
    utimesSync(path, mtime, mtime);
    expect(statSync(path).mtime).toEqual(mtime);
    expect(LintCache.open(location, 'k', { settleMs: 0 }).lookup([path]).misses).toEqual([path]);

    // A file taken on its status that changes before it is loaded is read as it is then.
    fill(LintCache.open(location, 'k', { settleMs: 0 }), [path]);
    const { hits } = LintCache.open(location, 'k', { settleMs: 0 }).lookup([path]);
    expect(hits.map((h) => h.path)).toEqual([path]);
    writeFileSync(path, original);
    const loaded = hits[0]!.load();
    expect(loaded.text).toBe(original);
    expect(JSON.stringify(loaded.documents[0]!.data)).toContain('anchored-edge"');

    // One that is gone by then: the file system's error, which the run reports as an unreadable file.
    fill(LintCache.open(location, 'k', { settleMs: 0 }), [path]);
    const gone = LintCache.open(location, 'k', { settleMs: 0 }).lookup([path]).hits;
    expect(gone.map((h) => h.path)).toEqual([path]);
    rmSync(path);
    expect(() => gone[0]!.load()).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('writes back the entries a run did not touch as they were, and rebuilds one cut short', () => {
    const dir = workspace();
    const location = join(dir, 'cache');
    const [a, b] = ['anchors.yaml', 'suppressed.yaml'].map((f) => join(dir, f));
    const first = LintCache.open(location, 'k');
    first.lookup([a!, b!]);
    for (const path of [a!, b!]) first.remember(toTransferable(loadBytes(path, readFileSync(path))), fileLinks(loadBytes(path, readFileSync(path))), [['0\u0000value\u0000', { range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } }, exact: true, aliasSites: [] }]]);
    first.write();
    // The second run changes `a` only: `b` must come back from the bytes carried over, places and all.
    appendFileSync(a!, '# changed\n');
    const second = LintCache.open(location, 'k');
    const lookedUp = second.lookup([a!, b!]);
    expect(lookedUp.misses).toEqual([a]);
    second.remember(toTransferable(loadBytes(a!, readFileSync(a!))), fileLinks(loadBytes(a!, readFileSync(a!))), []);
    second.write();
    const third = LintCache.open(location, 'k').lookup([a!, b!]);
    expect(third.misses).toEqual([]);
    expect(third.hits.map((h) => [h.path, h.placed().length])).toEqual([[a, 0], [b, 1]]);
    expect(third.hits[1]!.load().documents).toEqual(loadBytes(b!, readFileSync(b!)).documents);
    expect(linkLists(third.hits[1]!.links)).toEqual(linkLists(fileLinks(loadBytes(b!, readFileSync(b!)))));
    expect(linkLists(third.hits[1]!.links).defines).toEqual(Float64Array.of(nameKey('edge', 'anchored-edge')));

    // An index that decodes but whose numbers do not add up (one short) is rebuilt too.
    // The file: the serialized part's length, that part, its numbers from the next multiple of 8
    // bytes, then the blobs.
    const whole = readFileSync(location);
    const indexLength = whole.readUInt32LE(0);
    const numbersAt = (serialized: number) => Math.ceil((4 + serialized) / 8) * 8;
    const index = deserialize(whole.subarray(4, 4 + indexLength)) as { numberCount: number };
    const shortIndex = serialize({ ...index, numberCount: index.numberCount - 1 });
    const lengthBytes = Buffer.alloc(4);
    lengthBytes.writeUInt32LE(shortIndex.length, 0);
    const padding = Buffer.alloc(numbersAt(shortIndex.length) - 4 - shortIndex.length);
    writeFileSync(location, Buffer.concat([lengthBytes, shortIndex, padding, whole.subarray(numbersAt(indexLength))]));
    const notWhole = LintCache.open(location, 'k');
    expect(notWhole.note).toMatch(/could not be read \(its index is not whole\); it is rebuilt$/);
    expect(notWhole.lookup([a!, b!]).misses).toEqual([a, b]);
    notWhole.close();

    writeFileSync(location, whole.subarray(0, 200));
    const cut = LintCache.open(location, 'k');
    expect(cut.note).toMatch(/could not be read \(.+\); it is rebuilt$/);
    expect(cut.lookup([a!, b!]).misses).toEqual([a, b]);
  });
});

describe('a run that reports on some files only', () => {
  it('gives each file exactly the findings the whole run gives it', async () => {
    // The generated workspace, plus every rule's fixtures side by side: one topology where names
    // clash, links overlap and references cross files.
    const dir = workspace();
    cpSync(join(repoRoot, 'fixtures', 'rules'), join(dir, 'rules'), { recursive: true });
    writeFileSync(join(dir, '.erlintrc.yaml'), 'files: ["**/*.yaml", "**/*.json"]\n');
    const full = await lint(dir, { concurrency: 'off' });
    // Rules skip work for files nothing is reported on: the findings must come from most rules.
    expect(new Set(full.results.flatMap((r) => r.diagnostics.map((d) => d.ruleId))).size).toBeGreaterThan(25);
    // Eight runs, each reporting on every eighth file (as a pre-commit hook passes a few changed files).
    const groups = Array.from({ length: 8 }, (_, g) => full.results.filter((_, i) => i % 8 === g));
    for (const group of groups) {
      const part = await lint(dir, { concurrency: 'off' }, group.map((r) => r.filePath));
      expect(part.results).toEqual(group);
    }
  }, 60_000);
});

describe('--concurrency on the command line', () => {
  it('refuses what is not a thread count, auto or off', () => {
    const run = erlint(['--concurrency', 'many', 'x.yaml'], repoRoot);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'--concurrency' takes a thread count, 'auto' or 'off', not 'many'");
  });

  it('gives the same output on 1 and 3 threads', () => {
    const dir = workspace();
    const one = erlint(['-f', 'json', '--concurrency', 'off'], dir);
    const three = erlint(['-f', 'json', '--concurrency', '3'], dir);
    expect(one.status).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    expect(three.status).toBe(one.status);
  });
});

/** The key of the cache file at `location`, as the run that wrote it used it. */
function cacheKeyOf(location: string): string {
  const file = readFileSync(location);
  return (deserialize(file.subarray(4, 4 + file.readUInt32LE(0))) as { key: string }).key;
}

function readdirYaml(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
}
