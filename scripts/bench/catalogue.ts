// The catalogue against the reference client: wall time, peak memory, and what the harness adds to each scenario.
import { FIRST_BATCH_SIZE } from './scale.js';
import { mean, median, mib, out, runHarness, seconds, statusCounts, type HarnessRun } from './measure.js';

export async function referenceCatalogue(repeat: number): Promise<Record<string, unknown>> {
  const runs: HarnessRun[] = [];
  for (let i = 0; i < repeat; i += 1) runs.push(await runHarness(['--client', 'reference']));
  const timings = runs.flatMap((r) => r.scenarios.map((sc) => sc.timings!).filter(Boolean));
  const overhead = timings.map((t) => t.setupMs + t.judgeMs);
  // The first batch (one scenario per job) shares the process's one-time warm-up (loading the MCP SDK), which runs
  // while the first client boots; later scenarios show the steady state.
  const steady = runs.flatMap((r) => r.scenarios.slice(FIRST_BATCH_SIZE).map((sc) => sc.timings!.setupMs + sc.timings!.judgeMs));
  const result = {
    wallMs: median(runs.map((r) => r.wallMs)),
    peakRssBytes: median(runs.map((r) => r.peakRssBytes)),
    scenarios: runs[0]!.scenarios.length,
    statuses: statusCounts(runs[0]!),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    treeCpuMs: median(runs.map((r) => r.treeCpuMs)),
    overheadMs: { mean: mean(overhead), median: median(overhead), max: Math.max(...overhead), steadyMean: steady.length ? mean(steady) : NaN },
  };
  out(`## Catalogue against the reference client (--jobs default, median of ${repeat})`);
  out(`wall ${seconds(result.wallMs)} for ${result.scenarios} scenarios (${result.statuses}); harness peak RSS ${mib(result.peakRssBytes)}`);
  out(
    `CPU: whole tree ${seconds(result.treeCpuMs)} (${(result.treeCpuMs / result.scenarios).toFixed(0)} ms per scenario), the harness alone ${seconds(result.cpuMs)} (${(result.cpuMs / result.scenarios).toFixed(0)} ms per scenario, its start-up included)`,
  );
  out(
    `harness overhead per scenario (start → client launched, plus client exit → verdict): mean ${result.overheadMs.mean.toFixed(1)} ms, median ${result.overheadMs.median.toFixed(1)} ms, after the first batch ${result.overheadMs.steadyMean.toFixed(1)} ms`,
  );
  out();
  return result;
}
