// Scale on paper: a whole catalogue at --jobs 1, 2 and 4 for a client (wall, CPU per scenario, the harness's peak
// memory), and for every built-in client what one scenario costs in CPU, so a user can plan a runner of any size.
import { availableParallelism } from 'node:os';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { mib, out, runHarness, seconds, statusCounts, type HarnessRun } from './measure.js';

/** The reference client's default --jobs (harness/session/request.ts defaultJobs): the first batch of scenarios. */
export const FIRST_BATCH_SIZE = availableParallelism();
const SWEEP_JOBS = [1, 2, 4];
/** The runner size the plan is written for. */
export const PLAN_CORES = 16;

/** Real clients run each scenario in their own namespaces: the bench's own would only hide their network. */
const runWholeCatalogue = (client: string, extra: string[] = []): Promise<HarnessRun> =>
  runHarness(['--client', client, ...extra], { namespace: client === 'reference' });

export async function jobsSweep(clients: string[]): Promise<Record<string, unknown>[]> {
  out(`## Whole catalogue at --jobs ${SWEEP_JOBS.join(', ')} (${availableParallelism()} cores)`);
  out('| client | --jobs | scenarios | wall | wall per scenario | CPU per scenario (tree) | harness CPU per scenario | harness peak RSS | load |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const rows: Record<string, unknown>[] = [];
  for (const client of clients) {
    for (const jobs of SWEEP_JOBS) {
      const run = await runWholeCatalogue(client, ['--jobs', String(jobs)]);
      const n = run.scenarios.length;
      rows.push({ client, jobs, scenarios: n, wallMs: run.wallMs, treeCpuMs: run.treeCpuMs, harnessCpuMs: run.harnessCpuMs, peakRssBytes: run.peakRssBytes });
      out(
        `| ${client} | ${jobs} | ${n} | ${seconds(run.wallMs)} | ${seconds(run.wallMs / n)} | ${seconds(run.treeCpuMs / n)} | ${seconds(run.harnessCpuMs / n)} | ${mib(run.peakRssBytes)} | ${run.load.toFixed(1)} |`,
      );
    }
  }
  out();
  return rows;
}

/**
 * Each client once over the whole catalogue at its default --jobs: CPU per scenario, and what a runner of PLAN_CORES
 * cores should take, the catalogue's CPU spread over its cores (no run is shorter than its longest scenario).
 */
export async function capacityPlan(clients: string[]): Promise<Record<string, unknown>[]> {
  out(`## Planning: CPU per scenario of each built-in client, and a ${PLAN_CORES}-core runner`);
  out(
    `| client | scenarios | wall here (${availableParallelism()} cores) | CPU per scenario | longest scenario | ${PLAN_CORES} cores: catalogue CPU ÷ ${PLAN_CORES} | verdicts |`,
  );
  out('| --- | --- | --- | --- | --- | --- | --- |');
  const rows: Record<string, unknown>[] = [];
  for (const client of clients) {
    const run = await runWholeCatalogue(client);
    const perScenario = run.treeCpuMs / run.scenarios.length;
    const longest = Math.max(...run.scenarios.map((sc) => (sc.timings ? sc.timings.setupMs + sc.timings.clientMs + sc.timings.judgeMs : 0)));
    const projected = Math.max((perScenario * SCENARIOS.length) / PLAN_CORES, longest);
    rows.push({ client, scenarios: run.scenarios.length, wallMs: run.wallMs, cpuPerScenarioMs: perScenario, longestMs: longest, projectedMs: projected });
    out(
      `| ${client} | ${run.scenarios.length} | ${seconds(run.wallMs)} | ${seconds(perScenario)} | ${seconds(longest)} | **${seconds(projected)}** | ${statusCounts(run)} |`,
    );
  }
  out();
  return rows;
}
