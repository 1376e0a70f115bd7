// Runs the reference client and every broken test client over the whole catalogue with one harness build, one results
// folder per client, so that a change which must not move any verdict (a redesign) can be compared build against
// build: the test clients are always this build's, only the harness varies.
//
//   node dist/scripts/verdict-sweep.js run --out DIR [--cli PATH] [--jobs N] [--only LABEL,...]
//   node dist/scripts/verdict-sweep.js compare DIR_A DIR_B
//
//   --cli    the harness to sweep with: a built harness/cli.js (default: this build's)
//   --jobs   scenarios at once in each run (default 4: most of a broken client's time is waiting for a quiet period)
//   --only   the labels to run (reference, scripted, scripted--<fault>, dpop--<fault>, …, <program>); default all
//
// `compare` prints every verdict difference per client (scripts/compare-verdicts.ts) and exits 1 when there is one or
// when a client is in one sweep only.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DPOP_FAULTS, EXTENSION_FAULTS, SCRIPTED_FAULTS } from '../tests/clients/faults.js';
import { readResults, verdictDifferences } from './compare-verdicts.js';

const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENTS_DIR = join(BUILD_ROOT, 'tests', 'clients');

/** Test client programs that run a whole flow from the MCP URL alone, besides those with faults. */
const OTHER_PROGRAMS = ['independent-client', 'leaky-page-client', 'official-contract-client', 'single-slot-client', 'untrusting-client'];

interface SweepClient {
  label: string;
  /** The --client value: `reference` or a command line. */
  client: string;
}

function sweepClients(): SweepClient[] {
  const node = (program: string, ...args: string[]) => [process.execPath, join(CLIENTS_DIR, `${program}.js`), ...args].map((w) => `'${w}'`).join(' ');
  return [
    { label: 'reference', client: 'reference' },
    { label: 'scripted', client: node('scripted-client') },
    ...SCRIPTED_FAULTS.map((fault) => ({ label: `scripted--${fault}`, client: node('scripted-client', '--fault', fault) })),
    { label: 'dpop', client: node('dpop-client') },
    ...DPOP_FAULTS.map((fault) => ({ label: `dpop--${fault}`, client: node('dpop-client', '--fault', fault) })),
    { label: 'extension-grant', client: node('extension-grant-client') },
    ...EXTENSION_FAULTS.map((fault) => ({ label: `extension-grant--${fault}`, client: node('extension-grant-client', '--fault', fault) })),
    ...OTHER_PROGRAMS.map((program) => ({ label: program, client: node(program) })),
  ];
}

function runOnce(cli: string, client: SweepClient, out: string, jobs: number): Promise<number> {
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, [cli, '--client', client.client, '--jobs', String(jobs), '--out', join(out, client.label)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolveCode(code ?? 1));
  });
}

async function sweep(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, cli: { type: 'string' }, jobs: { type: 'string', default: '4' }, only: { type: 'string' } },
  });
  if (!values.out) throw new Error('run: --out DIR is required');
  const cli = resolve(values.cli ?? join(BUILD_ROOT, 'harness', 'cli.js'));
  if (!existsSync(cli)) throw new Error(`--cli ${cli}: no such file (build that harness first)`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs ${values.jobs}: a whole number, at least 1`);
  const all = sweepClients();
  const only = values.only?.split(',').map((label) => label.trim());
  const unknown = only?.filter((label) => !all.some((c) => c.label === label)) ?? [];
  if (unknown.length) throw new Error(`--only: no sweep client ${unknown.join(', ')} (labels: ${all.map((c) => c.label).join(', ')})`);
  await mkdir(values.out, { recursive: true });
  for (const client of all.filter((c) => !only || only.includes(c.label))) {
    const started = Date.now();
    const code = await runOnce(cli, client, values.out, jobs);
    process.stdout.write(`${client.label}: exit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

function compare(first: string | undefined, second: string | undefined): number {
  if (!first || !second) throw new Error('compare: two sweep folders');
  const labels = (dir: string) => new Set(readdirSync(dir).filter((name) => existsSync(join(dir, name, 'results.json'))));
  const a = labels(first);
  const b = labels(second);
  let differing = 0;
  let checks = 0;
  for (const label of [...new Set([...a, ...b])].sort()) {
    if (!a.has(label) || !b.has(label)) {
      process.stdout.write(`${label}: in ${a.has(label) ? 'the first' : 'the second'} sweep only\n`);
      differing += 1;
      continue;
    }
    const x = readResults(join(first, label));
    const differences = verdictDifferences(x.scenarios, readResults(join(second, label)).scenarios);
    checks += x.scenarios.reduce((n, s) => n + s.checks.length, 0);
    for (const line of differences) process.stdout.write(`${label}: ${line}\n`);
    if (differences.length) differing += 1;
  }
  const clients = new Set([...a, ...b]).size;
  process.stdout.write(`${clients} client(s), ${checks} check verdict(s) compared; ${differing ? `${differing} client(s) differ` : 'identical'}\n`);
  return differing ? 1 : 0;
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'run') process.exitCode = await sweep(rest);
  else if (command === 'compare') process.exitCode = compare(rest[0], rest[1]);
  else throw new Error('usage: verdict-sweep.js run --out DIR [--cli PATH] [--jobs N] [--only LABEL,...] | compare DIR_A DIR_B');
} catch (error) {
  process.stderr.write(`verdict-sweep: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
