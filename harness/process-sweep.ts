import { readdirSync, readFileSync } from 'node:fs';

/**
 * Kills every process whose environment carries one of `markers` (e.g. `HOME=<the run's private home>`).
 * Killing the client's process group misses descendants that started a new session (a daemonizing helper,
 * `setsid`); they still inherit the run's private environment, which is unique to the run. Linux only
 * (reads /proc); elsewhere it does nothing.
 */
export function sweepProcesses(markers: string[], signal: NodeJS.Signals = 'SIGKILL'): number[] {
  const needles = markers.map((m) => `${m}\0`);
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
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
