// opencode on the whole catalogue with default options and with each --drive: wall time, the time from a scenario's
// servers being up to opencode's first request, what each scenario's namespace worker cost, and opencode's own CPU.
import { availableParallelism } from 'node:os';
import type { ScenarioTimings } from '../../reports/results.js';
import { median, out, runHarness, seconds, statusCounts } from './measure.js';

const DRIVES: { label: string; args: string[] }[] = [
  { label: 'default options (--drive auto)', args: [] },
  { label: '--drive agent', args: ['--drive', 'agent'] },
  { label: '--drive login', args: ['--drive', 'login'] },
];

export async function opencodeRuns(version: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  out(`## opencode ${version}, whole catalogue`);
  out(
    '| run | wall | scenarios | first request, median (max) | worker start per scenario, median wall / CPU | opencode CPU per scenario | harness CPU | load |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const drive of DRIVES) {
    // Not in a namespace of the bench's: the harness puts each of opencode's scenarios in its own.
    const run = await runHarness(['--client', `opencode@${version}`, ...drive.args], { namespace: false });
    const timing = (pick: (t: ScenarioTimings) => number | undefined) =>
      run.scenarios.map((sc) => (sc.timings ? pick(sc.timings) : undefined)).filter((t): t is number => t !== undefined);
    const firsts = timing((t) => t.firstRequestMs);
    const workerMs = timing((t) => t.workerStartMs);
    const workerCpuMs = timing((t) => t.workerStartCpuMs);
    const n = run.scenarios.length;
    const row = {
      drive: drive.label,
      wallMs: run.wallMs,
      scenarios: n,
      statuses: statusCounts(run),
      medianFirstRequestMs: firsts.length ? median(firsts) : null,
      maxFirstRequestMs: firsts.length ? Math.max(...firsts) : null,
      clientCpuMs: run.clientCpuMs,
      harnessCpuMs: run.harnessCpuMs,
    };
    rows.push(row);
    out(
      `| ${drive.label} | **${seconds(run.wallMs)}** | ${n} (${row.statuses}) | **${firsts.length ? seconds(median(firsts)) : 'n/a'}** (${firsts.length ? seconds(Math.max(...firsts)) : 'n/a'}) | ${workerMs.length ? `${seconds(median(workerMs))} / ${seconds(median(workerCpuMs))}` : 'n/a'} | ${seconds(run.clientCpuMs / n)} | ${seconds(run.harnessCpuMs)} | ${run.load.toFixed(1)} |`,
    );
  }
  out(
    `(opencode's CPU alone needs at least ${seconds((rows[0]!.clientCpuMs as number) / availableParallelism())} of wall on ${availableParallelism()} cores with default options)`,
  );
  out();
  return rows;
}
