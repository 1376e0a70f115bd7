// Measures on this machine, side by side in one run:
//   1. the catalogue against the reference client: wall time, peak memory, the harness's overhead and CPU per scenario;
//   2. the 14 scenarios of the official suite's `auth` suite (@modelcontextprotocol/conformance, on Node 22, installed
//      into a cache folder) against the 14 of ours that stand for them, the same client program driven by both, whole
//      runs alternating (official, ours, official, ...): wall time, ratio, the harness's CPU per scenario;
//   3. with --jobs-sweep: both of the above at --jobs 1, 2, 4 and 8;
//   4. opencode (the newest cached, or --opencode VERSION) on the whole catalogue: wall time and the median time from a
//      scenario's servers being up to opencode's first request.
// The harnesses of 1-3 run in a private network namespace with only loopback up, so neither can reach beyond the
// machine (the official suite binds every interface); opencode's scenarios run in the harness's own namespaces.
//   node <build>/scripts/bench.js [--repeat 3] [--cache DIR] [--skip-official] [--jobs-sweep] [--opencode VERSION | --skip-opencode] [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ScenarioTimings } from '../reports/results.js';
import { clientCacheRoot } from '../harness/clients/install.js';
import { OFFICIAL_CLIENT_AUTH_SCENARIOS } from '../scenarios/official-parity.js';

const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(BUILD_ROOT, 'harness', 'cli.js');
const CPU_PRELOAD = join(BUILD_ROOT, 'scripts', 'cpu-usage-preload.js');
const SCRIPTED = join(BUILD_ROOT, 'tests', 'clients', 'scripted-client.js');
const OFFICIAL_VERSION = '0.1.16';
const NODE22_VERSION = '22.23.3';
const OPENCODE_PACKAGE = `opencode-${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    cache: { type: 'string', default: join(process.cwd(), 'node_modules', '.cache', 'official-suite') },
    'skip-official': { type: 'boolean', default: false },
    'jobs-sweep': { type: 'boolean', default: false },
    opencode: { type: 'string' },
    'skip-opencode': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const REPEAT = Number(values.repeat);
/** The reference client's default --jobs (harness/cli.ts defaultJobs): the first batch of scenarios. */
const FIRST_BATCH = 2 * availableParallelism();
const CACHE = resolve(values.cache);

/**
 * A client program both harnesses can drive: the scripted client without a browser (the official suite's
 * mock authorization server redirects to a redirect URI nobody listens on, so the code is taken from the
 * Location header), picking its token endpoint authentication from the metadata.
 */
const SAME_CLIENT = `${process.execPath} ${SCRIPTED} --code-from-location --auth-method auto`;

/**
 * The official 0.1.16 `auth` suite, each scenario with one of ours that stands for it (scenarios/official-parity.ts), no
 * scenario of ours used twice: those with fewer equivalents choose first, each the first of its list still free.
 */
function equivalents(): { official: string; ours: string }[] {
  const auth = OFFICIAL_CLIENT_AUTH_SCENARIOS.filter((s) => s.since === '0.1.16' && s.suite === 'auth' && s.ours.length > 0);
  const taken = new Set<string>();
  const chosen = new Map<string, string>();
  for (const s of [...auth].sort((a, b) => a.ours.length - b.ours.length)) {
    const ours = s.ours.find((id) => !taken.has(id)) ?? s.ours[0]!;
    taken.add(ours);
    chosen.set(s.official, ours);
  }
  return auth.map((s) => ({ official: s.official, ours: chosen.get(s.official)! }));
}

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU time (user + system) of this process's ended children that were waited for, each with its own waited-for
 * descendants (Linux: cutime and cstime of /proc/self/stat). The bench runs one command at a time, so the change over
 * a run is the CPU of that run's whole process tree: harness, namespace workers, clients, browser shims.
 */
function reapedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

interface Measured {
  wallMs: number;
  /** CPU time of the run's whole process tree (reapedChildrenCpuMs). */
  treeCpuMs: number;
  peakRssBytes: number;
  code: number | null;
  stdout: string;
  /** One-minute load average when the run started (the machine is shared: it says how much to trust the wall time). */
  load: number;
}

/**
 * Runs a command, by default inside a new network namespace with only loopback up; samples the peak RSS of the
 * process tree's root.
 */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}, namespace = true): Promise<Measured> {
  const load = loadavg()[0]!;
  const started = performance.now();
  const cpuBefore = reapedChildrenCpuMs();
  const [file, argv] = namespace ? ['unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', command, ...args]] : [command, args];
  const child = spawn(file, argv, {
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  let peak = 0;
  const sample = () => {
    try {
      const kb = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1];
      if (kb) peak = Math.max(peak, Number(kb) * 1024);
    } catch {
      // exited
    }
  };
  const sampler = setInterval(sample, 10);
  return new Promise((resolvePromise) =>
    child.on('close', (code) => {
      clearInterval(sampler);
      resolvePromise({ wallMs: performance.now() - started, treeCpuMs: reapedChildrenCpuMs() - cpuBefore, peakRssBytes: peak, code, stdout, load });
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const loads = (runs: Measured[]) => runs.map((r) => r.load.toFixed(1)).join('/');

type Timings = ScenarioTimings;

interface HarnessRun extends Measured {
  scenarios: { id: string; status: string; timings?: Timings }[];
  /** The harness process's own CPU time (user + system), its clients excluded. */
  cpuMs: number;
  /** The harness's CPU with its namespace workers' (each scenario's servers and verdict when isolated). */
  harnessCpuMs: number;
  /** Everything else in the process tree: the client programs, the browser shims, the isolation's own commands. */
  clientCpuMs: number;
}

async function runHarness(args: string[], namespace = true): Promise<HarnessRun> {
  const out = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-bench-'));
  const cpuFile = join(out, 'cpu.json');
  try {
    // The harness process itself is what is measured: exec'd inside the namespace, so its pid is the root's.
    const measured = await measure(
      process.execPath,
      ['--import', CPU_PRELOAD, CLI, ...args, '--out', join(out, 'results')],
      { BENCH_CPU_FILE: cpuFile },
      namespace,
    );
    const results = JSON.parse(await readFile(join(out, 'results', 'results.json'), 'utf8')) as { scenarios: HarnessRun['scenarios'] };
    const cpu = JSON.parse(await readFile(cpuFile, 'utf8')) as { user: number; system: number };
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const harnessCpuMs = cpuMs + results.scenarios.reduce((sum, sc) => sum + (sc.timings?.workerCpuMs ?? 0), 0);
    return { ...measured, scenarios: results.scenarios, cpuMs, harnessCpuMs, clientCpuMs: measured.treeCpuMs - harnessCpuMs };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function installOfficial(): { node: string; suite: string } {
  const node = join(CACHE, 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
  const suite = join(CACHE, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  if (!existsSync(node) || !existsSync(suite)) {
    process.stderr.write(`installing Node ${NODE22_VERSION} and @modelcontextprotocol/conformance@${OFFICIAL_VERSION} into ${CACHE}\n`);
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        CACHE,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `node-${process.platform}-${process.arch}@${NODE22_VERSION}`,
        `@modelcontextprotocol/conformance@${OFFICIAL_VERSION}`,
      ],
      { stdio: 'inherit' },
    );
    if (npm.status !== 0) throw new Error('npm install of the official suite failed');
  }
  return { node, suite };
}

function officialSummary(stdout: string): string {
  const total = stdout.match(/Total: .*/)?.[0] ?? stdout.match(/Passed: .*/)?.[0] ?? '';
  const failing = [...stdout.matchAll(/✗ (auth\/\S+):/g)].map((m) => m[1]);
  return `${total}${failing.length ? `; not passing: ${failing.join(', ')}` : ''}`;
}

/** The newest opencode in the client cache, when there is one (the bench never installs it). */
function cachedOpencode(): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync(clientCacheRoot());
  } catch {
    return undefined;
  }
  const versions = entries.filter((e) => e.startsWith(`${OPENCODE_PACKAGE}@`)).map((e) => e.slice(OPENCODE_PACKAGE.length + 1));
  const key = (v: string) => v.split('.').map(Number);
  return versions
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 3; i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
      return 0;
    })
    .at(-1);
}

const statusCounts = (run: HarnessRun) => {
  const counts = new Map<string, number>();
  for (const sc of run.scenarios) counts.set(sc.status, (counts.get(sc.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
};

async function main(): Promise<void> {
  const report: Record<string, unknown> = {};
  const out = (line = '') => process.stdout.write(`${line}\n`);

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memory: mib(totalmem()),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
  report.machine = machine;
  out(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Linux ${machine.kernel}, harness on Node ${machine.node}; load average at start ${machine.loadAverageAtStart}; ${REPEAT} repetitions, medians`,
  );
  out();

  // 1. The catalogue against the reference client.
  const reference: HarnessRun[] = [];
  for (let i = 0; i < REPEAT; i += 1) reference.push(await runHarness(['--client', 'reference']));
  const overheads = reference.flatMap((r) => r.scenarios.map((sc) => sc.timings!).filter(Boolean));
  const perScenario = overheads.map((t) => t.setupMs + t.judgeMs);
  // The first batch (one scenario per job) shares the process's one-time warm-up (loading the MCP SDK,
  // compiling schemas), which runs while the first client boots; later scenarios show the steady state.
  const steady = reference.flatMap((r) => r.scenarios.slice(FIRST_BATCH).map((sc) => sc.timings!.setupMs + sc.timings!.judgeMs));
  const ref = {
    wallMs: median(reference.map((r) => r.wallMs)),
    peakRssBytes: median(reference.map((r) => r.peakRssBytes)),
    scenarios: reference[0]!.scenarios.length,
    statuses: statusCounts(reference[0]!),
    cpuMs: median(reference.map((r) => r.cpuMs)),
    overheadMs: { mean: mean(perScenario), median: median(perScenario), max: Math.max(...perScenario), steadyMean: steady.length ? mean(steady) : NaN },
    setupMs: mean(overheads.map((t) => t.setupMs)),
    judgeMs: mean(overheads.map((t) => t.judgeMs)),
    teardownMs: mean(overheads.map((t) => t.teardownMs)),
    clientMs: mean(overheads.map((t) => t.clientMs)),
  };
  report.reference = ref;
  out(`## Catalogue against the reference client (--jobs default; load ${loads(reference)})`);
  out(`wall ${s(ref.wallMs)} for ${ref.scenarios} scenarios (${ref.statuses}); harness peak RSS ${mib(ref.peakRssBytes)}`);
  out(
    `harness CPU ${s(ref.cpuMs)}: **${(ref.cpuMs / ref.scenarios).toFixed(0)} ms per scenario** (its clients excluded, the process's start-up included; target ≤ 60 ms)`,
  );
  out(
    `harness overhead per scenario (start → client launched, plus client exit → verdict): mean ${ref.overheadMs.mean.toFixed(1)} ms, median ${ref.overheadMs.median.toFixed(1)} ms, max ${ref.overheadMs.max.toFixed(1)} ms`,
  );
  out(`  after the first batch of ${FIRST_BATCH} (steady state, the one-time warm-up behind): mean ${ref.overheadMs.steadyMean.toFixed(1)} ms`);
  out(
    `  setup ${ref.setupMs.toFixed(1)} ms, judge ${ref.judgeMs.toFixed(1)} ms; teardown after the verdict ${ref.teardownMs.toFixed(1)} ms; the client itself ${ref.clientMs.toFixed(0)} ms`,
  );
  out();

  // 2. The official auth suite against our equivalents, the same client program, whole runs alternating.
  const pairs = equivalents();
  const oursArgs = ['--client', SAME_CLIENT, ...pairs.flatMap((p) => ['--scenario', p.ours])];
  if (!values['skip-official']) {
    const official = installOfficial();
    const runOfficial = async (args: string[]) => {
      const dir = await mkdtemp(join(tmpdir(), 'official-suite-bench-'));
      try {
        return await measure(official.node, [official.suite, 'client', '--command', SAME_CLIENT, '-o', dir, ...args]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    const suites: Measured[] = [];
    const ours: HarnessRun[] = [];
    for (let i = 0; i < REPEAT; i += 1) {
      suites.push(await runOfficial(['--suite', 'auth']));
      ours.push(await runHarness(oursArgs));
    }
    const officialMs = median(suites.map((m) => m.wallMs));
    const oursMs = median(ours.map((m) => m.wallMs));
    const oursCpuMs = median(ours.map((m) => m.cpuMs));
    out(`## The official \`auth\` suite against our ${pairs.length} equivalents: \`scripted-client --code-from-location --auth-method auto\``);
    out(
      `official: @modelcontextprotocol/conformance ${OFFICIAL_VERSION} on Node ${NODE22_VERSION}, \`--suite auth\` (all at once); ours: one run of the ${pairs.length} (--jobs default); alternating, both inside \`unshare -rn\`; load ${loads(suites)} / ${loads(ours)}`,
    );
    out(`pairs: ${pairs.map((p) => `${p.official.replace('auth/', '')}=${p.ours}`).join(', ')}`);
    out();
    out('| | official | ours | ours / official |');
    out('| --- | --- | --- | --- |');
    out(`| wall, each run | ${suites.map((m) => s(m.wallMs)).join(', ')} | ${ours.map((m) => s(m.wallMs)).join(', ')} | |`);
    out(`| **wall, median** | ${s(officialMs)} | ${s(oursMs)} | **${(oursMs / officialMs).toFixed(2)}** (target ≤ 0.8) |`);
    out(`| peak RSS | ${mib(median(suites.map((m) => m.peakRssBytes)))} | ${mib(median(ours.map((m) => m.peakRssBytes)))} | |`);
    out(`| verdicts | ${officialSummary(suites[0]!.stdout)} | ${statusCounts(ours[0]!)} | |`);
    // The same client program runs the same number of flows under both, so what our run's clients cost stands for
    // the official run's too: whatever is left of the official run's CPU is its harness.
    const clientCpuMs = median(ours.map((m) => m.clientCpuMs));
    const officialTreeCpuMs = median(suites.map((m) => m.treeCpuMs));
    const oursTreeCpuMs = median(ours.map((m) => m.treeCpuMs));
    const floorMs = clientCpuMs / availableParallelism();
    out(`| CPU, whole process tree | ${s(officialTreeCpuMs)} | ${s(oursTreeCpuMs)} | ${(oursTreeCpuMs / officialTreeCpuMs).toFixed(2)} |`);
    out(`| CPU, the harness alone | ~${s(officialTreeCpuMs - clientCpuMs)} (tree less our run's clients) | ${s(oursCpuMs)} | |`);
    out(`harness CPU ${s(oursCpuMs)}: **${(oursCpuMs / pairs.length).toFixed(0)} ms per scenario** (its clients excluded, the process's start-up included)`);
    out(
      `the client program's ${pairs.length} flows alone: ${s(clientCpuMs)} of CPU, so at least **${s(floorMs)}** of wall on ${availableParallelism()} cores whatever drives them; 0.8 × official = ${s(0.8 * officialMs)}`,
    );
    out();
    report.officialVsOurs = {
      pairs,
      officialMs,
      oursMs,
      ratio: oursMs / officialMs,
      oursCpuMs,
      officialTreeCpuMs,
      clientCpuMs,
      clientFloorMs: floorMs,
      officialSummary: officialSummary(suites[0]!.stdout),
    };
  }

  // 3. The runner at several --jobs: wall time, and the harness's CPU (it must not grow with jobs).
  if (values['jobs-sweep']) {
    out(`## --jobs sweep (${availableParallelism()} cores)`);
    out('| run | --jobs | wall (median) | harness CPU (median) | load |');
    out('| --- | --- | --- | --- | --- |');
    const sweep: Record<string, unknown>[] = [];
    for (const [name, args] of [
      [`${pairs.length} equivalents, scripted client`, oursArgs],
      ['catalogue, reference client', ['--client', 'reference']],
    ] as const) {
      for (const jobs of [1, 2, 4, 8]) {
        const runs: HarnessRun[] = [];
        for (let i = 0; i < REPEAT; i += 1) runs.push(await runHarness([...args, '--jobs', String(jobs)]));
        const row = { run: name, jobs, wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
        sweep.push(row);
        out(`| ${name} | ${jobs} | ${s(row.wallMs)} | ${s(row.cpuMs)} | ${loads(runs)} |`);
      }
    }
    out();
    report.jobsSweep = sweep;
  }

  // 4. opencode on the whole catalogue, default options (--drive auto: the prompt command only where the verdict needs
  // the session), with --drive agent (every scenario) and with --drive login (the login command alone): wall time, its
  // start-up before the first request, and what the namespace worker of each scenario cost before the scenario began.
  const opencode = values['skip-opencode'] ? undefined : (values.opencode ?? cachedOpencode());
  if (!opencode && !values['skip-opencode']) out(`## opencode: none in the client cache (${clientCacheRoot()}); --opencode VERSION installs one\n`);
  if (opencode) {
    const opencodeRuns: Record<string, unknown>[] = [];
    report.opencode = opencodeRuns;
    for (const drive of ['auto (default)', 'agent', 'login']) {
      // Not in a namespace of the bench's: the harness puts each of opencode's scenarios in its own.
      const run = await runHarness(['--client', `opencode@${opencode}`, ...(drive === 'auto (default)' ? [] : ['--drive', drive])], false);
      const timing = (pick: (t: Timings) => number | undefined) =>
        run.scenarios.map((sc) => (sc.timings ? pick(sc.timings) : undefined)).filter((t): t is number => t !== undefined);
      const firsts = timing((t) => t.firstRequestMs);
      const workerMs = timing((t) => t.workerStartMs);
      const workerCpuMs = timing((t) => t.workerStartCpuMs);
      const waitMs = timing((t) => t.workerWaitMs);
      out(`## opencode ${opencode}, whole catalogue, --drive ${drive}, otherwise default options (load ${loads([run])})`);
      out(
        `wall **${s(run.wallMs)}** for ${run.scenarios.length} scenarios (${statusCounts(run)}); time from a scenario's servers being up to opencode's first request: median **${firsts.length ? s(median(firsts)) : 'n/a'}**, max ${firsts.length ? s(Math.max(...firsts)) : 'n/a'} (${firsts.length} scenarios with a request)`,
      );
      if (workerMs.length)
        out(
          `namespace worker start per scenario (Node and the harness's modules): median ${s(median(workerMs))} wall, ${s(median(workerCpuMs))} CPU; the scenario waited for it: median ${waitMs.length ? s(median(waitMs)) : 'n/a'} (workers are started ahead)`,
        );
      const floorMs = run.clientCpuMs / availableParallelism();
      out(
        `CPU: opencode and its shims ${s(run.clientCpuMs)} (${s(run.clientCpuMs / run.scenarios.length)} per scenario), the harness with its workers ${s(run.harnessCpuMs)}; opencode alone needs at least **${s(floorMs)}** of wall on ${availableParallelism()} cores`,
      );
      out();
      opencodeRuns.push({
        version: opencode,
        drive,
        wallMs: run.wallMs,
        scenarios: run.scenarios.length,
        statuses: statusCounts(run),
        medianFirstRequestMs: firsts.length ? median(firsts) : null,
        medianWorkerStartMs: workerMs.length ? median(workerMs) : null,
        medianWorkerStartCpuMs: workerCpuMs.length ? median(workerCpuMs) : null,
        medianWorkerWaitMs: waitMs.length ? median(waitMs) : null,
        clientCpuMs: run.clientCpuMs,
        harnessCpuMs: run.harnessCpuMs,
        clientFloorMs: floorMs,
      });
    }
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
