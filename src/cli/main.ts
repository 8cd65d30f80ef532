#!/usr/bin/env node
/**
 * The `erlint` command. Exit codes: 0 clean (warnings within `--max-warnings`), 1 errors or too
 * many warnings, 2 the run itself failed. Nothing below reaches the user as a stack trace.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { rulesMarkdownTable } from './table.js';
import { inBatches, writeFully } from './write-batches.js';
import type { FileResult } from '../index.js';

const HELP = `erlint: lint Azure ExpressRoute topologies kept as code

Usage:
  erlint [lint] [PATH|GLOB ...] [options]   lint the workspace, report on the given files (default: all)
  erlint rules [--format table|json|markdown]
  erlint explain RULE-ID                     the rule's documentation
  erlint schema [--out FILE]                 print or write the topology JSON Schema
  erlint init                                write a starter .erlintrc.yaml and topology/example.yaml
  erlint --version | --help

Lint options:
  -c, --config FILE          use this config file; no discovery
      --no-config            ignore config files; built-in defaults only
  -f, --format NAME          pretty (default), json, sarif, junit, github, compact;
                             repeat with -o to write several
  -o, --output-file FILE     write the preceding format to FILE instead of stdout
      --rule ID:SEVERITY     override one rule (error, warn, off); repeatable
      --registry FILE        routing-registry data: RPKI ROA JSON (rpki-client, Routinator)
                             or RPSL route/route6 objects; repeatable
      --base REF             change-aware rules: compare with the workspace at git revision REF
                             (HEAD, origin/main, a commit)
      --baseline PATH        the same, against a previous copy of the workspace on disk
      --report-unused-disable-directives
                             warn about suppression comments that suppress nothing
      --stdin                lint standard input (editors); --stdin-filename PATH names it
      --print-config FILE    show the configuration that applies to FILE, and exit
      --max-warnings N       exit 1 when there are more than N warnings
      --cache                keep what each file parsed to between runs (by content hash)
      --cache-location PATH  the cache file, or a directory for .erlintcache
                             (default: .erlintcache in the working directory)
      --concurrency N|auto|off
                             threads that read the workspace (default auto: one per core,
                             at most 8, for workspaces of 4 MB and more)
      --quiet                report errors only
      --no-color             no colours (NO_COLOR and FORCE_COLOR are honoured too)

Exit codes: 0 no errors, 1 errors or too many warnings, 2 the run failed (bad arguments,
bad config, missing or unreadable path, internal error).
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o', multiple: true },
  rule: { type: 'string', multiple: true },
  registry: { type: 'string', multiple: true },
  base: { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean' },
  stdin: { type: 'boolean' },
  'print-config': { type: 'string' },
  'stdin-filename': { type: 'string' },
  baseline: { type: 'string' },
  'max-warnings': { type: 'string' },
  concurrency: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  quiet: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  out: { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  // Decided once, before the formatter loads: its icon library looks at TERM, not at whether stdout is a terminal.
  // --no-color wins; then FORCE_COLOR (any value but 0/false forces colour); then NO_COLOR (set and
  // not empty, per no-color.org); else colour only on a terminal.
  const force = process.env.FORCE_COLOR;
  const forced = force !== undefined && force !== '0' && force !== 'false';
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  if (values['no-color'] || (!forced && (noColor || !process.stdout.isTTY))) {
    process.env.FORCE_COLOR = '0';
    process.env.NO_COLOR = '1';
  }
  // Imported after the colour decision: the terminal styling library reads the environment once, on import.
  const api = await import('../index.js');

  if (values.help) return print(HELP);
  if (values.version) return print(`${api.version}\n`);

  const [command, ...rest] = positionals;
  switch (command) {
    case 'rules':
      return print(listRules(api, values.format?.[0] ?? 'table'));
    case 'explain':
      return explain(api, rest[0]);
    case 'schema': {
      const schema = api.topologySchemaText();
      if (!values.out) return print(schema);
      writeOutput(values.out, schema);
      return 0;
    }
    case 'init':
      return init();
    case 'lint':
      return lint(api, rest, values, tokens);
    default:
      return lint(api, positionals, values, tokens);
  }
}

type Api = typeof import('../index.js');
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; tokens: true }>>['values'];
type Tokens = NonNullable<ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; tokens: true }>>['tokens']>;

async function lint(api: Api, paths: readonly string[], values: Values, tokens: Tokens): Promise<number> {
  const outputs = outputsFrom(tokens);
  for (const { format } of outputs) {
    if (!api.formatters[format]) throw new UsageError(`Unknown format \`${format}\`; available: ${Object.keys(api.formatters).map((f) => `\`${f}\``).join(', ')}`);
  }
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`\`--max-warnings\` takes a whole number, not \`${values['max-warnings']}\``);
    maxWarnings = Number(values['max-warnings']);
  }
  const concurrency = values.concurrency;
  if (concurrency !== undefined && !/^([1-9]\d*|auto|off)$/.test(concurrency)) throw new UsageError(`\`--concurrency\` takes a thread count, \`auto\` or \`off\`, not \`${concurrency}\``);

  if (values['print-config'] !== undefined) {
    const printed = await api.printableConfig(values['print-config'], {
      ...(values.config ? { configFile: values.config } : {}), ...(values['no-config'] ? { noConfig: true } : {}), ruleFlags: values.rule ?? [],
    });
    for (const problem of printed.problems) process.stderr.write(`erlint: ${plain(problem)}\n`);
    if (!printed.config) return 2;
    return print(JSON.stringify(printed.config, null, 2) + '\n');
  }
  let stdin: { text: string; filePath: string } | undefined;
  if (values.stdin) {
    if (paths.length > 0) throw new UsageError('`--stdin` lints standard input only; give no paths with it (name the file with `--stdin-filename`)');
    stdin = { text: await readStdin(), filePath: values['stdin-filename'] ?? 'stdin.yaml' };
  } else if (values['stdin-filename'] !== undefined) {
    throw new UsageError('`--stdin-filename` goes with `--stdin`');
  }
  const run = await api.lintFilesLazily(paths, {
    ...(stdin ? { stdin } : {}),
    ...(values.config ? { configFile: values.config } : {}),
    ...(values['no-config'] ? { noConfig: true } : {}),
    ruleFlags: values.rule ?? [],
    registryFiles: values.registry ?? [],
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(values['report-unused-disable-directives'] ? { reportUnusedDirectives: true } : {}),
    ...(values.cache ? { cache: true } : {}),
    ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}),
    ...(concurrency !== undefined ? { concurrency: /^\d+$/.test(concurrency) ? Number(concurrency) : concurrency as 'auto' | 'off' } : {}),
  });
  let files = 0;
  let warnings = 0;
  let errors = 0;
  let clean = true;
  const quiet = values.quiet === true;
  // Counted as the results go by: one report in a format written a file at a time takes them as
  // they are made, and no more than one file's findings exist at once.
  function* counted(results: Iterable<FileResult>): Generator<FileResult> {
    for (const result of results) {
      files++;
      warnings += result.warningCount;
      errors += result.errorCount;
      const shown = quiet ? errorsOnly(result) : result;
      if (shown.diagnostics.length > 0) clean = false;
      yield shown;
    }
  }
  const streamed = outputs.length === 1 && api.STREAMED_FORMATS.has(outputs[0]!.format);
  const shown = streamed ? counted(run.results) : [...counted(run.results)];

  const context = api.formatContext(process.cwd());
  for (const { format, file } of outputs) {
    const chunks = api.formatChunks(format, shown, context);
    if (file) writeOutput(file, chunks);
    else inBatches(chunks, (bytes) => process.stdout.write(bytes), false);
  }
  for (const note of run.notes) process.stderr.write(`erlint: note: ${plain(note)}\n`);
  for (const message of run.runErrors) process.stderr.write(`erlint: ${plain(message)}\n`);
  if (run.runErrors.length > 0 || run.failed()) return 2;
  if (clean && outputs.some((o) => o.format === 'pretty' && !o.file)) {
    process.stdout.write(`✔ ${files} ${files === 1 ? 'file' : 'files'} checked, no problems\n`);
  }
  if (errors > 0) return 1;
  if (warnings > maxWarnings) {
    process.stderr.write(`erlint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Pairs each `-f` with the `-o` that follows it, as in `-f json -o out.json -f pretty`. */
function outputsFrom(tokens: Tokens): { format: string; file?: string }[] {
  const outputs: { format: string; file?: string }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'format') outputs.push({ format: token.value ?? '' });
    if (token.name === 'output-file') {
      const last = outputs[outputs.length - 1];
      if (last && last.file === undefined) last.file = token.value ?? '';
      else if (!last) outputs.push({ format: 'pretty', file: token.value ?? '' });
      else throw new UsageError('Each `--output-file` follows the `--format` it writes');
    }
  }
  return outputs.length > 0 ? outputs : [{ format: 'pretty' }];
}

function errorsOnly<T extends { diagnostics: { severity: string }[]; warningCount: number }>(result: T): T {
  return { ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 'error'), warningCount: 0 };
}

function listRules(api: Api, format: string): string {
  const rows = api.rules.map((r) => ({ id: r.id, severity: r.meta.defaultSeverity, recommended: r.meta.recommended, needsBase: r.meta.needsBase === true, description: r.meta.description, docs: r.meta.docsUrl }));
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (format === 'markdown') return rulesMarkdownTable(api.rules) + '\n';
  if (format !== 'table') throw new UsageError(`Unknown format \`${format}\` for \`erlint rules\`; available: \`table\`, \`json\`, \`markdown\``);
  const width = Math.max(...rows.map((r) => r.id.length));
  return rows.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.recommended ? 'rec' : '   '}  ${r.needsBase ? 'needs --base  ' : ''}${r.description}`).join('\n') + '\n';
}

const STARTER_CONFIG = `# yaml-language-server: $schema=./node_modules/erlint/schemas/config.schema.json
# erlint configuration: https://github.com/erlint/erlint#configuration
files: ["topology/**/*.{yaml,yml,json}"]
extends: recommended
edition: current
# base: origin/main          # compare with this revision by default (change-aware rules)
# registry: [registry/roas.json]
rules: {}
`;

const STARTER_TOPOLOGY = `# yaml-language-server: $schema=../node_modules/erlint/schemas/topology.schema.json
# A starting point: one circuit, one hub VNet with its ExpressRoute gateway, and the link between them.
version: 1
defaults: { subscription: 00000000-0000-4000-8000-000000000000, location: westeurope }
edges:
  - { name: dc1-core, site: DC1, internet: false }
circuits:
  - name: er-circuit-1
    serviceProviderName: Equinix
    peeringLocation: Amsterdam
    bandwidthInMbps: 1000
    sku: { tier: Standard, family: MeteredData }
    peerings:
      - peeringType: AzurePrivatePeering
        peerASN: 65010
        vlanId: 100
        primaryPeerAddressPrefix: 172.16.0.0/30
        secondaryPeerAddressPrefix: 172.16.0.4/30
        edge: dc1-core
vnets:
  - name: vnet-hub
    addressSpace: [10.1.0.0/16]
    subnets:
      - { name: GatewaySubnet, addressPrefix: 10.1.255.0/27 }
    gateways:
      - { name: ergw, gatewayType: ExpressRoute, sku: ErGw1AZ }
connections:
  - { name: vnet-hub-to-er-circuit-1, gateway: vnet-hub/ergw, circuit: er-circuit-1 }
`;

/** Writes the starter files that do not exist yet; never overwrites. */
function init(): number {
  for (const [path, text] of [['.erlintrc.yaml', STARTER_CONFIG], ['topology/example.yaml', STARTER_TOPOLOGY]] as const) {
    if (existsSync(path)) {
      process.stdout.write(`erlint: ${path} exists; left as it is\n`);
      continue;
    }
    writeOutput(path, text);
    process.stdout.write(`erlint: wrote ${path}\n`);
  }
  process.stdout.write('Next: edit topology/example.yaml, then run `npx erlint`.\n');
  return 0;
}

async function explain(api: Api, id: string | undefined): Promise<number> {
  if (!id) throw new UsageError('`erlint explain` needs a rule id; `erlint rules` lists them');
  const rule = api.rules.find((r) => r.id === id);
  if (!rule) {
    const suggestion = api.closestMatch(id, api.rules.map((r) => r.id));
    throw new UsageError(`No rule \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : '; `erlint rules` lists them'}`);
  }
  return print(api.ruleDoc(id) ?? `${rule.meta.description}\n\n${rule.meta.docsUrl}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function writeOutput(file: string, text: string | Iterable<string>): void {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  if (typeof text === 'string') {
    writeFileSync(path, text);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    inBatches(text, (bytes) => writeFully(fd, bytes), true);
  } finally {
    closeSync(fd);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function plain(message: string): string {
  return message.replace(/`([^`]*)`/g, "'$1'");
}

// An error writing the report is looked at once the run is over (`exitOnceFlushed`); listened to
// here so that Node.js does not end the process with a stack trace first.
let stdoutError: NodeJS.ErrnoException | undefined;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  stdoutError ??= error;
});
process.stderr.on('error', () => {});

/**
 * Ends the process with `code` once stdout and stderr have taken everything written to them (a pipe
 * takes writes later on POSIX, and a report cut short would still end with the right code). Left to
 * end by itself, Node.js first takes its V8 heap apart, a call into the kernel for each of its
 * hundreds of 256 KB pages: on the bench's workspace, 53 ms passed from the `exit` event to the end
 * of the process, against 28 ms when it ends at once (medians of ten). ajv-cli ends the same way.
 * Should a stream never call back, the process still ends, with `code`, once nothing is left to do.
 *
 * A reader that stopped reading (`erlint -f json | head`) closed the pipe: the rest of the report
 * had nowhere to go, and the run ends with its own code. Any other failure to write the report (a
 * full disk) is said on stderr, with exit code 2. Node.js reports a failed write in a later tick
 * than the write's own callback, hence the look one turn of the event loop later.
 */
function exitOnceFlushed(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = (): void => {
    if (--open === 0) setImmediate(exitWith, code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

function exitWith(code: number): void {
  const failed = stdoutError;
  if (failed === undefined || failed.code === 'EPIPE') {
    process.exit(code);
    return;
  }
  process.exitCode = 2;
  // Node.js words it `ENOSPC: no space left on device, write`: the words first, the code after.
  const reason = /^[A-Z0-9_]+: ([^,]+)/.exec(failed.message)?.[1] ?? failed.message;
  process.stderr.write(`erlint: cannot write the report to stdout: ${reason}${failed.code ? ` (${failed.code})` : ''}\n`, () => process.exit(2));
}

main(process.argv.slice(2)).then(
  (code) => exitOnceFlushed(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`erlint: ${plain(error.message)}\nRun \`erlint --help\` for usage.\n`);
    } else {
      process.stderr.write(`erlint: internal error: ${(error as Error)?.stack ?? String(error)}\nThis is a bug in erlint; please report it.\n`);
    }
    exitOnceFlushed(2);
  },
);
