// Measures on this machine, side by side in one run (docs/benchmarks.md holds what it printed):
//   1. the official suite's `auth` scenarios against our 14 equivalents, the same client program under both harnesses,
//      whole runs alternating, median of --repeat: wall and whole-tree CPU ratios, and each harness's own CPU;
//   2. the catalogue against the reference client: wall, CPU, peak memory, the harness's overhead per scenario;
//   3. with --scale: the reference client and opencode over the whole catalogue at --jobs 1, 2, 4; and every built-in
//      client in the client cache (or those --plan-clients names) once, its CPU per scenario, and what a 16-core runner
//      should take;
//   4. opencode (the newest cached, or --opencode VERSION) on the whole catalogue, default options and each --drive.
// Our harness and the official one run in a private network namespace with only loopback up (the official suite binds
// every interface); real clients' scenarios run in the harness's own namespaces.
//   node <build>/scripts/bench.js [--repeat 3] [--cache DIR] [--skip-official] [--scale [--plan-clients a,b]] [--opencode VERSION | --skip-opencode] [--json FILE]
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clientCacheRoot } from '../harness/clients/install.js';
import { REAL_CLIENTS } from '../harness/clients/index.js';
import { opencode as OPENCODE } from '../harness/clients/opencode.js';
import { referenceCatalogue } from './bench/catalogue.js';
import { mib, out } from './bench/measure.js';
import { compareWithOfficial } from './bench/official.js';
import { newestCached } from './bench/cached.js';
import { opencodeRuns } from './bench/opencode.js';
import { capacityPlan, jobsSweep } from './bench/scale.js';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    cache: { type: 'string', default: join(process.cwd(), 'node_modules', '.cache', 'official-suite') },
    'skip-official': { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    'plan-clients': { type: 'string' },
    opencode: { type: 'string' },
    'skip-opencode': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

function machineLine(repeat: number): Record<string, unknown> {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memory: mib(totalmem()),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => l.toFixed(2)),
  };
  out(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Linux ${machine.kernel}, bench on Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' ')}; ${repeat} repetitions, medians`,
  );
  out();
  return machine;
}

async function main(): Promise<void> {
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat ${values.repeat}: a whole number of runs, at least 1`);
  const report: Record<string, unknown> = { machine: machineLine(repeat) };
  if (!values['skip-official']) report.official = await compareWithOfficial(repeat, resolve(values.cache));
  report.reference = await referenceCatalogue(repeat);
  const opencode = values['skip-opencode'] ? undefined : (values.opencode ?? newestCached(OPENCODE));
  if (!opencode && !values['skip-opencode']) out(`## opencode: none in the client cache (${clientCacheRoot()}); --opencode VERSION installs one\n`);
  if (values.scale) {
    report.jobsSweep = await jobsSweep(['reference', ...(opencode ? [`opencode@${opencode}`] : [])]);
    const wanted = values['plan-clients']?.split(',').map((name) => name.trim());
    const cached = REAL_CLIENTS.filter((client) => !wanted || wanted.includes(client.name)).flatMap((client) => {
      const version = newestCached(client);
      return version ? [`${client.name}@${version}`] : [];
    });
    report.plan = await capacityPlan([...(!wanted || wanted.includes('reference') ? ['reference'] : []), ...cached]);
  }
  if (opencode) report.opencode = await opencodeRuns(opencode);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
