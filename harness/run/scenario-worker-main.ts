// One scenario in its own process, started by the runner inside a private network namespace, often ahead of its
// scenario: it loads its modules, then reads its WorkerRequest (JSON) from stdin until the end of input.
// It rebuilds the client (already installed: nothing is fetched here) and the run environment, runs the
// scenario, and writes its ScenarioResult as JSON to the request's resultFile. Sent SIGTERM or SIGINT by the runner
// (the run was interrupted), it judges nothing and writes what its scenario recorded so far, status `interrupted`.
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { cleanupAll } from '../cleanup.js';
import { resolveClient } from '../clients/index.js';
import { interruptAll } from '../interrupt.js';
import type { WorkerRequest } from './isolation.js';
import type { RunOptions } from './run-options.js';
import { runScenario } from './run-scenario.js';

async function readRequest(): Promise<WorkerRequest | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() ? (JSON.parse(text) as WorkerRequest) : undefined;
}

/** Where the result goes, once the request has come; set to undefined by an interruption, which writes its own. */
let resultFile: string | undefined;

async function main(): Promise<void> {
  // What isolation costs per scenario before any of its own work, measured so the bench can print it: the worker's
  // start (Node and the harness's modules) and how long its scenario waited for that, none when started ahead.
  const loadedAt = Date.now();
  const loadCpu = process.cpuUsage();
  const workerStart = { workerStartMs: Math.round(performance.now()), workerStartCpuMs: Math.round((loadCpu.user + loadCpu.system) / 1000) };
  const request = await readRequest();
  // No request: the worker was started ahead for a scenario that never came (the run ended or died).
  if (!request) return;
  resultFile = request.resultFile;
  const scenario = request.scenario ?? SCENARIOS.find((s) => s.id === request.scenarioId);
  if (!scenario) throw new Error(`unknown scenario ${request.scenarioId}`);
  const client = resolveClient(request.client, request.clientPath, request.drive);
  await client.prepare?.();
  const options: RunOptions = { client, specVersion: request.specVersion, strict: request.strict, timeoutMs: request.timeoutMs };
  let close = async () => {};
  if (request.userAgent === 'browser' || request.tls) {
    const { prepareRunEnvironment } = await import('../session/environment.js');
    const environment = await prepareRunEnvironment({
      userAgent: request.userAgent === 'browser' ? 'browser' : 'http',
      tls: request.tls,
      consent: (request.consent ?? 'approve') as 'approve',
    });
    Object.assign(options, { browser: environment.browser, tls: environment.tls });
    close = () => environment.close();
  }
  const startup = { ...workerStart, workerWaitMs: Math.max(0, loadedAt - request.sentAt) };
  try {
    const result = await runScenario(scenario, options);
    const total = process.cpuUsage();
    if (result.timings) Object.assign(result.timings, startup, { workerCpuMs: Math.round((total.user + total.system) / 1000) });
    if (resultFile) await writeFile(resultFile, JSON.stringify(result));
  } finally {
    await close();
  }
}

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const file = resultFile;
  resultFile = undefined;
  const partial = interruptAll(signal);
  void cleanupAll()
    .then(() => partial)
    .then(async ([result]) => {
      if (file && result) await writeFile(file, JSON.stringify(result));
    })
    .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
main().then(
  // An interruption exits once it has written its result.
  () => stopping || process.exit(0),
  (error: Error) => {
    process.stderr.write(`scenario worker: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
