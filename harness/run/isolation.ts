import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../usage-error.js';
import { scenarioById } from '../../scenarios/catalogue/index.js';
import { LATEST_SPEC_VERSION, type Scenario } from '../../scenarios/types.js';
import { scenarioResultFromJson } from '../../reports/results-folder.js';
import type { ScenarioResult } from '../../reports/results.js';
import { onCleanup } from '../cleanup.js';
import { interruptedReason, onInterrupt } from '../interrupt.js';
import type { ClientAdapter, Drive } from '../clients/types.js';
import { DIST_ROOT } from '../paths.js';
import type { RunOptions } from './run-options.js';
import { runScenario } from './run-scenario.js';

export const ISOLATION_MODES = ['auto', 'namespace', 'off'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];

/** What a scenario worker needs besides the scenario: it rebuilds the client and the run environment itself. */
export interface WorkerRequest {
  scenarioId: string;
  /** The scenario itself when it is not the catalogue's (a --topology file's): scenarios are plain data. */
  scenario?: Scenario;
  specVersion: RunOptions['specVersion'];
  strict?: boolean;
  timeoutMs: number;
  client: string;
  clientPath?: string;
  drive?: Drive;
  userAgent?: string;
  consent?: string;
  tls?: boolean;
  resultFile: string;
  /** When the runner handed the request over (Date.now()): the worker says how long the scenario waited for it. */
  sentAt: number;
}

/** Extra time a worker gets beyond the client's timeout (servers, judging, a browser start) before it is killed. */
const WORKER_GRACE_MS = 60_000;
/** How long an interrupted worker may take to end its scenario and write what it recorded before it is killed. */
const WORKER_INTERRUPT_GRACE_MS = 10_000;
const MAX_STDERR = 64 * 1024;

/** `unshare` flags: a private network namespace (only loopback) and PID namespace whose processes all die with it. */
function unshareFlags(): string[] {
  const asRoot = process.getuid?.() === 0;
  return [...(asRoot ? [] : ['-r']), '-n', '-p', '-f', '--kill-child'];
}
const LO_UP = 'ip link set lo up && exec "$0" "$@"';

let probed: { available: boolean; reason?: string } | undefined;

/** Whether this system can give a scenario its own loopback-only network namespace (tried once). */
export function namespaceSupport(): { available: boolean; reason?: string } {
  if (probed) return probed;
  if (process.platform !== 'linux') return (probed = { available: false, reason: `network namespaces are Linux-only (this is ${process.platform})` });
  const probe = spawnSync('unshare', [...unshareFlags(), 'sh', '-c', LO_UP, 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return (probed = { available: false, reason: `unshare cannot run (${probe.error.message})` });
  if (probe.status !== 0) return (probed = { available: false, reason: `unshare failed: ${probe.stderr.trim().split('\n')[0] ?? `exit ${probe.status}`}` });
  return (probed = { available: true });
}

/**
 * A namespace worker: its own network and PID namespace, its own TMPDIR, its modules loading as soon as it starts
 * while it waits for its request on stdin.
 */
interface Worker {
  child: ChildProcess;
  /** Its TMPDIR: the client workspace and TLS files go below it, so killing the worker leaves nothing behind. */
  dir: string;
  stderr: () => string;
  /** Why it could not start (no `unshare`, say): reported when the scenario gets no result. */
  spawnError: () => Error | undefined;
  kill: () => void;
  unregister: () => void;
}

async function newWorker(): Promise<Worker> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-worker-'));
  const script = join(DIST_ROOT, 'harness', 'scenario-worker.js');
  const child = spawn('unshare', [...unshareFlags(), 'sh', '-c', LO_UP, process.execPath, script], {
    detached: true,
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, TMPDIR: dir },
  });
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
  });
  // A worker that is never handed a request (the harness died) reads end of input and exits; an EPIPE is that.
  child.stdin.on('error', () => {});
  // unshare --kill-child: killing unshare kills the namespace's first process, and with it every process inside.
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  // On Ctrl-C the process exits right after the cleanups: the worker's folders go synchronously.
  const unregister = onCleanup(() => {
    kill();
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  return { child, dir, stderr: () => stderr, spawnError: () => spawnError, kill, unregister };
}

/**
 * Workers started ahead, one per scenario that has yet to start, so a scenario finds its worker's Node and modules
 * loaded (about 0.2 s) instead of waiting for them; each is still a fresh process in fresh namespaces.
 */
const spares: Worker[] = [];

/** Ends the workers started ahead that no scenario took (a scenario the client skips runs without one). */
export async function endSpareWorkers(): Promise<void> {
  const unused = spares.splice(0);
  for (const worker of unused) {
    worker.unregister();
    worker.kill();
  }
  await Promise.all(unused.map((worker) => rm(worker.dir, { recursive: true, force: true, maxRetries: 3 })));
}

/** What the caller tells a worker; the scenario and where to write the result are added here. */
type NamespaceRequest = Omit<WorkerRequest, 'scenarioId' | 'resultFile' | 'sentAt'>;

/**
 * Runs one scenario in a worker inside its own network and PID namespace; the result comes back as JSON. With
 * `toStart` scenarios still waiting for a worker, it starts the next one's worker while this one runs.
 */
export async function runInNamespace(scenario: Scenario, request: NamespaceRequest, toStart = 0): Promise<ScenarioResult> {
  const started = Date.now();
  const worker = spares.shift() ?? (await newWorker());
  if (spares.length < toStart) spares.push(await newWorker());
  const full: WorkerRequest = {
    ...request,
    scenarioId: scenario.id,
    ...(scenarioById(scenario.id) === scenario ? {} : { scenario }),
    resultFile: join(worker.dir, 'result.json'),
    sentAt: Date.now(),
  };
  const { child, dir } = worker;
  child.stdin!.end(JSON.stringify(full));
  const timer = setTimeout(worker.kill, request.timeoutMs + WORKER_GRACE_MS);
  let interruptedBy: NodeJS.Signals | undefined;
  const outcome = finishInNamespace();
  // Interrupted: the worker is told (it sits in its own process group, out of the terminal's Ctrl-C) and writes what
  // its scenario recorded; the run's cleanup leaves it alone meanwhile, and it is killed if it takes too long.
  const unregisterInterrupt = onInterrupt(async (signal) => {
    interruptedBy = signal;
    worker.unregister();
    clearTimeout(timer);
    setTimeout(worker.kill, WORKER_INTERRUPT_GRACE_MS).unref();
    try {
      // The run's own signal, so the scenario's reason names what the user did (Ctrl-C is SIGINT).
      process.kill(-child.pid!, signal);
    } catch {
      // gone already
    }
    return outcome;
  });
  try {
    return await outcome;
  } finally {
    unregisterInterrupt();
  }

  async function finishInNamespace(): Promise<ScenarioResult> {
    const exit = await workerExit(worker);
    clearTimeout(timer);
    worker.unregister();
    try {
      return await readWorkerResult(full.resultFile, request);
    } catch (error) {
      const exited = exit.error ? exit.error.message : `exit ${exit.code}; stderr: ${worker.stderr().trim().split('\n').slice(-3).join(' | ') || '(nothing)'}`;
      return resultWithoutWorker(scenario, request, `${(error as Error).message}; ${exited}`, interruptedBy, started);
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

function workerExit(worker: Worker): Promise<{ code: number | null; error?: Error }> {
  const { child } = worker;
  return new Promise((resolve) => {
    const failed = worker.spawnError();
    if (failed) resolve({ code: null, error: failed });
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode });
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });
}

/** The scenario's result as its worker wrote it; throws when there is none or it does not match the schema. */
async function readWorkerResult(resultFile: string, request: NamespaceRequest): Promise<ScenarioResult> {
  const text = await readFile(resultFile, 'utf8').catch(() => undefined);
  if (text === undefined) throw new Error('no result file');
  try {
    return scenarioResultFromJson(text, {
      tool: { name: 'mcp-oauth-conformance', version: '' },
      client: { name: request.client, description: '' },
      specVersion: request.specVersion,
    });
  } catch (error) {
    throw new Error(`its result does not match the results schema: ${(error as Error).message}`, { cause: error });
  }
}

/** The scenario's result when its worker gave none: an error, or interrupted when the user stopped the run. */
function resultWithoutWorker(
  scenario: Scenario,
  request: NamespaceRequest,
  why: string,
  interruptedBy: NodeJS.Signals | undefined,
  started: number,
): ScenarioResult {
  return {
    id: scenario.id,
    description: scenario.description,
    suite: scenario.suite,
    specVersion: request.specVersion === 'auto' ? LATEST_SPEC_VERSION : request.specVersion,
    protocolVersion: null,
    ...(interruptedBy
      ? { status: 'interrupted', reason: `${interruptedReason(interruptedBy, Date.now() - started)}; its worker wrote nothing (${why})` }
      : { status: 'error', reason: `the scenario worker in its network namespace gave no result (${why})` }),
    userAgent: [],
    trace: { exchanges: [] },
    checks: [],
    durationMs: Date.now() - started,
  };
}

/** Fixed ports held by scenarios running in this process: runs that share one wait for each other. */
const portQueues = new Map<number, Promise<unknown>>();

async function withPorts<T>(ports: readonly number[], run: () => Promise<T>): Promise<T> {
  const before = ports.map((p) => portQueues.get(p) ?? Promise.resolve());
  const result = Promise.allSettled(before).then(run);
  const settled = result.catch(() => undefined);
  for (const p of ports) portQueues.set(p, settled);
  return result;
}

export interface IsolationSettings {
  mode: IsolationMode;
  userAgent?: string;
  consent?: string;
  tls?: boolean;
}

/**
 * How each scenario runs: in a namespace worker for clients that ask for isolation (every real client; with
 * `--isolation namespace` any client), else in this process with the run's private folders, serializing
 * scenarios whose client needs the same fixed port.
 */
export function scenarioRunner(client: ClientAdapter, settings: IsolationSettings): { runOne: NonNullable<RunOptions['runOne']>; note?: string } {
  const wanted = settings.mode === 'namespace' || (settings.mode === 'auto' && client.isolate === true);
  const support = wanted ? namespaceSupport() : { available: false };
  const spec = client.spec?.() ?? { client: client.name };
  if (wanted && support.available) {
    return {
      note: 'isolation: each scenario in its own loopback-only network namespace (unshare)',
      runOne: (scenario, options, queue) =>
        client.skipReason?.(scenario)
          ? runScenario(scenario, options)
          : runInNamespace(
              scenario,
              {
                specVersion: options.specVersion,
                ...(options.strict ? { strict: true } : {}),
                timeoutMs: options.timeoutMs,
                ...spec,
                ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
                ...(settings.consent ? { consent: settings.consent } : {}),
                ...(settings.tls ? { tls: true } : {}),
              },
              queue?.waiting ?? 0,
            ),
    };
  }
  if (settings.mode === 'namespace') throw new UsageError(`--isolation namespace: ${support.reason}`);
  const ports = client.fixedPorts ?? [];
  return {
    ...(wanted
      ? {
          note:
            `isolation: private folders only (${support.reason}); scenarios needing port ${ports.join(', ') || '-'} run one at a time` +
            // An agent's own traffic (telemetry, updates) is only switched off by its settings here, not blocked.
            (client.drive === 'agent' || client.drive === 'auto'
              ? "; the agent runs with this machine's network: its telemetry and update checks are switched off by settings, not blocked"
              : ''),
        }
      : (client.drive === 'agent' || client.drive === 'auto') && settings.mode === 'off'
        ? { note: "isolation off: the agent runs with this machine's network; its telemetry and update checks are switched off by settings, not blocked" }
        : {}),
    runOne: (scenario, options) => (ports.length ? withPorts(ports, () => runScenario(scenario, options)) : runScenario(scenario, options)),
  };
}
