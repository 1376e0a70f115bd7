// Writes docs/client-verdicts.md: for each real client's results folder, every scenario that did not pass, with each
// failed check, its level at the revision judged, the sentence of the specification that makes it a MUST or SHOULD
// (scenarios/requirement-quotes.ts), and the requests that violated it (the check's message and its evidence
// exchanges from trace.json). With --before, also a before/after table per client.
//
//   node dist/scripts/client-verdicts.js [RESULTS_DIR...] [--results DIR] [--before DIR] [--out FILE]
//   node dist/scripts/client-verdicts.js --run [--results DIR] [--clients a,b] [--timeout MS] [--nice N] [--spec-version V] [--scenario ID]... [--before DIR]
//
//   RESULTS_DIR   a folder written by `--out` (results.json, per-scenario trace.json); its name is the client's label
//   --results DIR a folder of such folders, one per client (default conformance-results/verdicts); with --run the
//                 clients are run into it first, one at a time with --jobs 1, each folder getting a run.json
//                 (command, wall time, exit code) beside its results
//   --before DIR  a folder of results folders of the code before: folders are matched by label, else by client name
//   --clients     with --run, only these labels (default: every client of CLIENT_RUNS)
//   --timeout, --nice, --spec-version, --scenario   with --run: per-scenario timeout (default 90000), niceness
//                 (default 10, 0: none), the revision to ask for (default: the harness's), scenarios (default: all)
//
// results.json files with or without the fields added later (scenario suite, protocolVersion, preview; check advisory)
// are read alike; the protocol version is then taken from the client's initialize request in the trace.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { newestVersion } from '../harness/clients/install.js';
import { PACKAGE_ROOT } from '../harness/paths.js';
import { renderVerdicts } from './verdicts/render.js';
import { runClient } from './verdicts/run-client.js';
import { CLIENT_RUNS, loadRun, loadRunsIn } from './verdicts/runs.js';

// The modules: verdicts/runs.ts reads results folders, verdicts/markdown.ts and verdicts/session.ts render their
// parts, verdicts/render.ts the whole document, verdicts/run-client.ts runs a client (--run).

export { renderVerdicts, matchBefore } from './verdicts/render.js';
export { runClient } from './verdicts/run-client.js';
export { sessionStory } from './verdicts/session.js';
export {
  CLIENT_RUNS,
  loadRun,
  loadRunsIn,
  protocolVersions,
  type LoadedRun,
  type ResultsCheck,
  type ResultsDocument,
  type ResultsScenario,
  type RunRecord,
} from './verdicts/runs.js';

export const VERDICTS_PATH = join(PACKAGE_ROOT, 'docs', 'client-verdicts.md');
export const DEFAULT_RESULTS = join(PACKAGE_ROOT, 'conformance-results', 'verdicts');

interface Options {
  run: boolean;
  results: string;
  before?: string;
  out: string;
  clients?: string[];
  timeoutMs: number;
  nice: number;
  specVersion?: string;
  scenarios: string[];
  dirs: string[];
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { run: false, results: DEFAULT_RESULTS, out: VERDICTS_PATH, timeoutMs: 90_000, nice: 10, scenarios: [], dirs: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      i += 1;
      return v;
    };
    if (arg === '--run') options.run = true;
    else if (arg === '--results') options.results = resolve(value());
    else if (arg === '--before') options.before = resolve(value());
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--clients')
      options.clients = value()
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    else if (arg === '--timeout') options.timeoutMs = Number(value());
    else if (arg === '--nice') options.nice = Number(value());
    else if (arg === '--spec-version') options.specVersion = value();
    else if (arg === '--scenario') options.scenarios.push(value());
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else options.dirs.push(resolve(arg));
  }
  if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('--timeout needs a positive whole number of milliseconds');
  if (!Number.isInteger(options.nice) || options.nice < 0) throw new Error('--nice needs a whole number ≥ 0');
  if (options.run && options.dirs.length) throw new Error('--run writes into --results DIR; give no results folders with it');
  return options;
}

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.run) {
    const unknown = (options.clients ?? []).filter((l) => !CLIENT_RUNS.some((c) => c.label === l));
    if (unknown.length) throw new Error(`unknown client label(s) ${unknown.join(', ')}; labels: ${CLIENT_RUNS.map((c) => c.label).join(', ')}`);
    await mkdir(options.results, { recursive: true });
    for (const { label, client } of CLIENT_RUNS.filter((c) => !options.clients || options.clients.includes(c.label))) {
      const resolved = client === 'sdk@newest' ? `sdk@${await newestVersion('@modelcontextprotocol/sdk')}` : client;
      process.stdout.write(`running ${resolved} into ${join(options.results, label)} ...\n`);
      const record = await runClient(label, resolved, options.results, { ...options, scenarios: options.scenarios });
      process.stdout.write(`  ${label}: exit code ${record.exitCode}, ${record.wallSeconds} s\n`);
    }
  }
  const runs = options.dirs.length ? options.dirs.map((d) => loadRun(d)) : loadRunsIn(options.results);
  if (runs.length === 0) throw new Error(`no results folders in ${options.results}; run with --run, or name results folders`);
  const befores = options.before ? loadRunsIn(options.before) : [];
  if (options.before && befores.length === 0) throw new Error(`no results folders in ${options.before}`);
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, renderVerdicts(runs, befores));
  process.stdout.write(`wrote ${options.out} (${runs.length} client(s)${befores.length ? `, before/after against ${options.before}` : ''})\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`client-verdicts: ${(error as Error).message}\n`);
      process.exit(2);
    },
  );
}
