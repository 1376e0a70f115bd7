import { readdirSync, readFileSync } from 'node:fs';

/**
 * The newest process id the kernel handed out in this pid namespace, or undefined where it cannot be read.
 */
function lastPid(): number | undefined {
  try {
    const value = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'latin1').trim());
    return Number.isInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Kills every process whose environment carries one of `markers` (e.g. `HOME=<the run's private home>`).
 * Killing the client's process group misses descendants that started a new session (a daemonizing helper,
 * `setsid`); they still inherit the run's private environment, which is unique to the run. Linux only
 * (reads /proc); elsewhere it does nothing.
 *
 * `bornAfter`: the client's pid. Its descendants were given larger ids unless the ids wrapped around since, so only
 * those are read (the machine's other processes cost a read of their environment each, per scenario) unless the
 * namespace's newest id is below it, or cannot be read.
 */
export function sweepProcesses(markers: string[], bornAfter?: number, signal: NodeJS.Signals = 'SIGKILL'): number[] {
  const needles = markers.map((m) => `${m}\0`);
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  const newest = bornAfter === undefined ? undefined : lastPid();
  const from = bornAfter !== undefined && newest !== undefined && newest >= bornAfter ? bornAfter : 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || pid < from) continue;
    let environ: string;
    try {
      environ = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
    } catch {
      continue; // gone, or another user's process
    }
    if (!needles.some((needle) => environ.includes(`\0${needle}`))) continue;
    try {
      process.kill(pid, signal);
      killed.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}
