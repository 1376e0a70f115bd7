// Measures on this machine: wall time and peak memory of the catalogue against the reference client; the
// harness's own overhead per scenario; and, side by side, the official conformance suite
// (@modelcontextprotocol/conformance, on Node 22, installed into a cache folder here) against the same
// client program as this harness on equivalent scenarios. Both run in a private network namespace with
// only loopback up, so neither can reach beyond the machine (the official suite binds every interface).
//   node <build>/scripts/bench.js [--repeat 3] [--cache DIR] [--skip-official] [--json FILE]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(BUILD_ROOT, 'harness', 'cli.js');
const SCRIPTED = join(BUILD_ROOT, 'tests', 'clients', 'scripted-client.js');
const OFFICIAL_VERSION = '0.1.16';
const NODE22_VERSION = '22.23.3';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    cache: { type: 'string', default: join(process.cwd(), 'node_modules', '.cache', 'official-suite') },
    'skip-official': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const REPEAT = Number(values.repeat);
const CACHE = resolve(values.cache);

/**
 * A client program both harnesses can drive: the scripted client without a browser (the official suite's
 * mock authorization server redirects to a redirect URI nobody listens on, so the code is taken from the
 * Location header), picking its token endpoint authentication from the metadata.
 */
const SAME_CLIENT = `${process.execPath} ${SCRIPTED} --code-from-location --auth-method auto`;

/** Official core auth scenario ↔ this harness's scenario with the same discovery shape. */
const EQUIVALENTS: [official: string, ours: string, shape: string][] = [
  ['auth/metadata-default', 'split-auth0', 'PRM named by the 401, AS metadata at the root of another origin'],
  ['auth/metadata-var1', 'path-suffixed', 'no resource_metadata in the 401: path-inserted PRM probing'],
  ['auth/metadata-var3', 'www-authenticate-only', 'PRM at a custom URL only the 401 reveals'],
  ['auth/metadata-var2', 'okta-path-issuer', 'issuer with a path: path-inserted AS metadata'],
];

interface Measured {
  wallMs: number;
  peakRssBytes: number;
  code: number | null;
  stdout: string;
}

/** Runs a command inside a new network namespace with only loopback up; samples the peak RSS of the process tree's root. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const started = performance.now();
  const child = spawn('unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', command, ...args], {
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
      resolvePromise({ wallMs: performance.now() - started, peakRssBytes: peak, code, stdout });
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

interface HarnessRun extends Measured {
  scenarios: { id: string; status: string; timings?: { setupMs: number; clientMs: number; judgeMs: number; teardownMs: number } }[];
}

async function runHarness(args: string[]): Promise<HarnessRun> {
  const out = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-bench-'));
  try {
    // The harness process itself is what is measured: exec'd inside the namespace, so its pid is the root's.
    const measured = await measure(process.execPath, [CLI, ...args, '--out', out]);
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { scenarios: HarnessRun['scenarios'] };
    return { ...measured, scenarios: results.scenarios };
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

async function main(): Promise<void> {
  const report: Record<string, unknown> = {};
  const lines: string[] = [];
  const out = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };

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
  const steady = reference.flatMap((r) => r.scenarios.slice(availableParallelism()).map((sc) => sc.timings!.setupMs + sc.timings!.judgeMs));
  report.reference = {
    wallMs: median(reference.map((r) => r.wallMs)),
    peakRssBytes: median(reference.map((r) => r.peakRssBytes)),
    scenarios: reference[0]!.scenarios.length,
    statuses: reference[0]!.scenarios.map((sc) => `${sc.id}=${sc.status}`),
    overheadMs: { mean: mean(perScenario), median: median(perScenario), max: Math.max(...perScenario), steadyMean: steady.length ? mean(steady) : NaN },
    setupMs: mean(overheads.map((t) => t.setupMs)),
    judgeMs: mean(overheads.map((t) => t.judgeMs)),
    teardownMs: mean(overheads.map((t) => t.teardownMs)),
    clientMs: mean(overheads.map((t) => t.clientMs)),
  };
  const ref = report.reference as {
    wallMs: number;
    peakRssBytes: number;
    scenarios: number;
    statuses: string[];
    overheadMs: { mean: number; median: number; max: number; steadyMean: number };
    setupMs: number;
    judgeMs: number;
    teardownMs: number;
    clientMs: number;
  };
  out(`## Catalogue against the reference client (--jobs ${availableParallelism()})`);
  out(`wall ${s(ref.wallMs)} for ${ref.scenarios} scenarios (${ref.statuses.join(', ')}); harness peak RSS ${mib(ref.peakRssBytes)}`);
  out(
    `harness overhead per scenario (start → client launched, plus client exit → verdict): mean ${ref.overheadMs.mean.toFixed(1)} ms, median ${ref.overheadMs.median.toFixed(1)} ms, max ${ref.overheadMs.max.toFixed(1)} ms (target < 50 ms)`,
  );
  out(`  after the first batch of ${availableParallelism()} (steady state, the one-time warm-up behind): mean ${ref.overheadMs.steadyMean.toFixed(1)} ms`);
  out(
    `  setup ${ref.setupMs.toFixed(1)} ms, judge ${ref.judgeMs.toFixed(1)} ms; teardown after the verdict ${ref.teardownMs.toFixed(1)} ms; the client itself ${ref.clientMs.toFixed(0)} ms`,
  );
  out();

  if (values['skip-official']) {
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return;
  }

  // 2. The same client program under both harnesses.
  const official = installOfficial();
  // Both write their results to a folder, as this harness does with --out.
  const runOfficial = async (args: string[]) => {
    const dir = await mkdtemp(join(tmpdir(), 'official-suite-bench-'));
    try {
      return await measure(official.node, [official.suite, 'client', '--command', SAME_CLIENT, '-o', dir, ...args]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  out(`## Same client program under both harnesses: \`scripted-client --code-from-location --auth-method auto\``);
  out(
    `official: @modelcontextprotocol/conformance ${OFFICIAL_VERSION} on Node ${NODE22_VERSION}; both inside \`unshare -rn\` (loopback only), both writing results to a folder`,
  );
  out();
  out('| official scenario | ours | official wall | ours wall | ours / official |');
  out('| --- | --- | --- | --- | --- |');
  const pairs: { official: string; ours: string; officialMs: number; oursMs: number; officialVerdict: string; oursVerdict: string }[] = [];
  for (const [officialId, oursId] of EQUIVALENTS) {
    const o: Measured[] = [];
    const h: HarnessRun[] = [];
    for (let i = 0; i < REPEAT; i += 1) {
      o.push(await runOfficial(['--scenario', officialId]));
      h.push(await runHarness(['--client', SAME_CLIENT, '--scenario', oursId]));
    }
    const pair = {
      official: officialId,
      ours: oursId,
      officialMs: median(o.map((m) => m.wallMs)),
      oursMs: median(h.map((m) => m.wallMs)),
      officialVerdict: /OVERALL: PASSED/.test(o[0]!.stdout) ? 'pass' : 'fail',
      oursVerdict: h[0]!.scenarios[0]?.status ?? 'none',
    };
    pairs.push(pair);
    out(
      `| ${officialId} (${pair.officialVerdict}) | ${oursId} (${pair.oursVerdict}) | ${s(pair.officialMs)} | ${s(pair.oursMs)} | ${(pair.oursMs / pair.officialMs).toFixed(2)} |`,
    );
  }
  const sumOfficial = pairs.reduce((a, p) => a + p.officialMs, 0);
  const sumOurs = pairs.reduce((a, p) => a + p.oursMs, 0);
  out(`| **4 equivalents, one process each** | | ${s(sumOfficial)} | ${s(sumOurs)} | **${(sumOurs / sumOfficial).toFixed(2)}** |`);
  out();

  const suites: Measured[] = [];
  const catalogues: HarnessRun[] = [];
  const cataloguesAllAtOnce: HarnessRun[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    suites.push(await runOfficial(['--suite', 'auth']));
    catalogues.push(await runHarness(['--client', SAME_CLIENT]));
    // The official suite starts every scenario at once; the same here, for a like-for-like row.
    cataloguesAllAtOnce.push(await runHarness(['--client', SAME_CLIENT, '--jobs', '64']));
  }
  const allAtOnceMs = median(cataloguesAllAtOnce.map((m) => m.wallMs));
  const suiteMs = median(suites.map((m) => m.wallMs));
  const catalogueMs = median(catalogues.map((m) => m.wallMs));
  const catalogueCount = catalogues[0]!.scenarios.length;
  out('| whole run, one process | scenarios | wall | per scenario | peak RSS |');
  out('| --- | --- | --- | --- | --- |');
  out(`| official \`--suite auth\` (all in parallel) | 14 | ${s(suiteMs)} | ${s(suiteMs / 14)} | ${mib(median(suites.map((m) => m.peakRssBytes)))} |`);
  out(
    `| ours, catalogue (--jobs ${availableParallelism()}) | ${catalogueCount} | ${s(catalogueMs)} | ${s(catalogueMs / catalogueCount)} | ${mib(median(catalogues.map((m) => m.peakRssBytes)))} |`,
  );
  out(
    `| ours, catalogue (all at once, --jobs 64) | ${catalogueCount} | ${s(allAtOnceMs)} | ${s(allAtOnceMs / catalogueCount)} | ${mib(median(cataloguesAllAtOnce.map((m) => m.peakRssBytes)))} |`,
  );
  out(
    `whole run, ours / official: ${(catalogueMs / suiteMs).toFixed(2)} (--jobs ${availableParallelism()}), ${(allAtOnceMs / suiteMs).toFixed(2)} (all at once)`,
  );
  out(
    `time per scenario, ours / official: **${(catalogueMs / catalogueCount / (suiteMs / 14)).toFixed(2)}** (--jobs ${availableParallelism()}), **${(allAtOnceMs / catalogueCount / (suiteMs / 14)).toFixed(2)}** (all at once)`,
  );
  out(`official suite verdicts for this client: ${officialSummary(suites[0]!.stdout)}`);
  report.sameClient = {
    pairs,
    sumOfficialMs: sumOfficial,
    sumOursMs: sumOurs,
    suiteMs,
    catalogueMs,
    allAtOnceMs,
    catalogueCount,
    officialSummary: officialSummary(suites[0]!.stdout),
  };
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

await main();
