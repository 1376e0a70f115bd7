// How the bench measures a run: wall time, the CPU of its whole process tree, the CPU of the harness process and of
// each client program, and the peak memory of the tree's root. One command at a time, so a run's tree is all that ran.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ScenarioTimings } from '../../reports/results.js';

const BUILD_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(BUILD_ROOT, 'harness', 'cli.js');
const HARNESS_CPU_PRELOAD = join(BUILD_ROOT, 'scripts', 'cpu-usage-preload.js');
const CLIENT_CPU_PRELOAD = join(BUILD_ROOT, 'scripts', 'client-cpu-preload.js');
const SCRIPTED = join(BUILD_ROOT, 'tests', 'clients', 'scripted-client.js');

/**
 * A client program both harnesses can drive: the scripted client without a browser (the official suite's mock
 * authorization server redirects to a redirect URI nobody listens on, so the code is taken from the Location header),
 * picking its token endpoint authentication from the metadata. Each of its processes writes its own CPU time into
 * BENCH_CLIENT_CPU_DIR, so what the clients cost is measured on both sides, not assumed equal.
 */
export const SAME_CLIENT = `${process.execPath} --import ${CLIENT_CPU_PRELOAD} ${SCRIPTED} --code-from-location --auth-method auto`;

/** Clock ticks per second of /proc's CPU times. */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU time (user + system) of this process's ended children that were waited for, each with its own waited-for
 * descendants (Linux: cutime and cstime of /proc/self/stat): the change over a run is its whole tree's CPU.
 */
function reapedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

export interface Measured {
  wallMs: number;
  /** CPU of the run's whole process tree. */
  treeCpuMs: number;
  /** CPU of the client programs that wrote theirs (SAME_CLIENT); 0 for other clients. */
  sameClientCpuMs: number;
  sameClientRuns: number;
  /** The same clients' CPU by the scenario each was run for. */
  sameClientCpuByScenario: Record<string, number>;
  peakRssBytes: number;
  code: number | null;
  stdout: string;
  /** One-minute load average when the run started: how far to trust its wall time. */
  load: number;
}

async function clientCpu(dir: string): Promise<{ ms: number; runs: number; byScenario: Record<string, number> }> {
  let ms = 0;
  const byScenario: Record<string, number> = {};
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  for (const file of files) {
    const { user, system, scenario } = JSON.parse(await readFile(join(dir, file), 'utf8')) as { user: number; system: number; scenario: string | null };
    ms += (user + system) / 1000;
    const name = scenario ?? '(none)';
    byScenario[name] = (byScenario[name] ?? 0) + (user + system) / 1000;
  }
  return { ms, runs: files.length, byScenario };
}

/** Runs a command, by default inside a new network namespace with only loopback up; samples the root's peak RSS. */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}, namespace = true): Promise<Measured> {
  const clientCpuDir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-bench-cpu-'));
  try {
    const load = loadavg()[0]!;
    const started = performance.now();
    const cpuBefore = reapedChildrenCpuMs();
    const [file, argv] = namespace ? ['unshare', ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', command, ...args]] : [command, args];
    const child = spawn(file, argv, {
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', BENCH_CLIENT_CPU_DIR: clientCpuDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        const kb = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1];
        if (kb) peak = Math.max(peak, Number(kb) * 1024);
      } catch {
        // exited
      }
    }, 10);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(sampler);
    const wallMs = performance.now() - started;
    const treeCpuMs = reapedChildrenCpuMs() - cpuBefore;
    const clients = await clientCpu(clientCpuDir);
    return {
      wallMs,
      treeCpuMs,
      sameClientCpuMs: clients.ms,
      sameClientRuns: clients.runs,
      sameClientCpuByScenario: clients.byScenario,
      peakRssBytes: peak,
      code,
      stdout,
      load,
    };
  } finally {
    await rm(clientCpuDir, { recursive: true, force: true });
  }
}

export interface HarnessRun extends Measured {
  scenarios: { id: string; status: string; timings?: ScenarioTimings }[];
  /** The harness process's own CPU, its clients and workers excluded. */
  cpuMs: number;
  /** The harness's CPU with its namespace workers' (each scenario's servers and verdict when isolated). */
  harnessCpuMs: number;
  /** Everything else in the tree: the client programs, the browser shims, the isolation's own commands. */
  clientCpuMs: number;
}

/** Our harness on `node` (default: the bench's), its results read back. */
export async function runHarness(args: string[], options: { node?: string; namespace?: boolean } = {}): Promise<HarnessRun> {
  const out = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-bench-'));
  const cpuFile = join(out, 'cpu.json');
  try {
    // The harness process itself is what is measured: exec'd inside the namespace, so its pid is the root's.
    const measured = await measure(
      options.node ?? process.execPath,
      ['--import', HARNESS_CPU_PRELOAD, CLI, ...args, '--out', join(out, 'results')],
      { BENCH_CPU_FILE: cpuFile },
      options.namespace ?? true,
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

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
export const loads = (runs: Measured[]) => runs.map((r) => r.load.toFixed(1)).join('/');

export function statusCounts(run: HarnessRun): string {
  const counts = new Map<string, number>();
  for (const sc of run.scenarios) counts.set(sc.status, (counts.get(sc.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

/** Where the bench writes its lines (stdout), one Markdown line at a time. */
export const out = (line = '') => process.stdout.write(`${line}\n`);
