import { spawn } from 'node:child_process';
import type { ClientRun } from '../reports/results.js';
import { onCleanup } from './cleanup.js';
import { sweepProcesses } from './process-sweep.js';

const MAX_CAPTURE = 1024 * 1024;
const KILL_GRACE_MS = 2000;

export interface LaunchPlan {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Text written to the client's standard input; when absent stdin is closed at once. */
  stdin?: string;
  /** Keep stdin open after writing `stdin` (until `finished` says so, or the client exits). */
  keepStdinOpen?: boolean;
  /**
   * For clients that do not exit by themselves (a stdio proxy, an agent waiting for a model): called on
   * output and every 250 ms; once true, stdin is closed and after `finishGraceMs` the group is ended.
   */
  finished?: (output: { stdout: string; stderr: string }) => boolean;
  finishGraceMs?: number;
  /** With keepStdinOpen: text written to stdin, in order, each once `after` matches the stdout so far (a host answering its server). */
  stdinReplies?: { after: RegExp; text: string }[];
}

/**
 * Asked by the runner every SETTLE_POLL_MS while the client runs: a reason once the scenario's verdict is settled
 * (the trace went quiet after the last expected request, or no further traffic can change it); the client is then
 * ended as at a timeout, but without being reported as timed out.
 */
export type SettleProbe = () => string | undefined;
const SETTLE_POLL_MS = 250;

export interface ClientOutcome extends Omit<ClientRun, 'command'> {
  /** Set when the command could not be started at all. */
  startError?: string;
}

class Capture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  push(chunk: Buffer): void {
    if (this.size >= MAX_CAPTURE) {
      this.truncated = true;
      return;
    }
    const slice = chunk.subarray(0, MAX_CAPTURE - this.size);
    this.chunks.push(slice);
    this.size += slice.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8') + (this.truncated ? '\n[output truncated by mcp-oauth-conformance]\n' : '');
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Runs a client in its own process group and ends the whole group when it exits, when the timeout
 * passes (SIGTERM, then SIGKILL) or when the harness is interrupted.
 */
export function runClient(plan: LaunchPlan, timeoutMs: number, settle?: SettleProbe): Promise<ClientOutcome> {
  const started = Date.now();
  const stdout = new Capture();
  const stderr = new Capture();
  return new Promise((resolve) => {
    const child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    // Descendants that left the group (setsid) still carry the run's private HOME/TMPDIR; never the
    // harness's own values, which the user's other processes share.
    const markers = (['HOME', 'TMPDIR'] as const)
      .filter((name) => plan.env[name] && plan.env[name] !== process.env[name])
      .map((name) => `${name}=${plan.env[name]}`);
    const endGroup = () => {
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      sweepProcesses(markers, child.pid);
    };
    const unregister = onCleanup(endGroup);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(endGroup, KILL_GRACE_MS);
    }, timeoutMs);
    // Set once the client is being ended early (its `finished` rule, or a settled verdict): the other path stays out.
    let finishing = false;
    let settledBecause: string | undefined;
    const settleTimer = settle
      ? setInterval(() => {
          if (settledBecause !== undefined || timedOut || finishing) return;
          settledBecause = settle();
          if (settledBecause === undefined) return;
          finishing = true;
          clearInterval(settleTimer);
          clearInterval(poll);
          clearTimeout(timer);
          child.stdin.end();
          if (child.pid !== undefined) killGroup(child.pid, 'SIGTERM');
          clearTimeout(killTimer);
          killTimer = setTimeout(endGroup, KILL_GRACE_MS);
        }, SETTLE_POLL_MS)
      : undefined;
    const finish = (outcome: Omit<ClientOutcome, 'durationMs' | 'stdout' | 'stderr' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearInterval(poll);
      clearInterval(settleTimer);
      // Whatever the client left behind in its group (a browser shim, a helper process) ends with it.
      endGroup();
      unregister();
      resolve({
        ...outcome,
        timedOut,
        ...(settledBecause !== undefined ? { settled: settledBecause } : {}),
        durationMs: Date.now() - started,
        stdout: stdout.text(),
        stderr: stderr.text(),
      });
    };
    let poll: NodeJS.Timeout | undefined;
    const watch = () => {
      if (finishing || !plan.finished?.({ stdout: stdout.text(), stderr: stderr.text() })) return;
      finishing = true;
      clearInterval(poll);
      child.stdin.end();
      clearTimeout(killTimer);
      killTimer = setTimeout(() => {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGTERM');
        killTimer = setTimeout(endGroup, KILL_GRACE_MS);
      }, plan.finishGraceMs ?? 1500);
    };
    if (plan.finished) poll = setInterval(watch, 250);
    child.on('exit', () => {
      clearInterval(poll);
      clearInterval(settleTimer);
    });
    let replied = 0;
    const reply = () => {
      const replies = plan.stdinReplies ?? [];
      while (!finishing) {
        const next = replies[replied];
        if (!next || !next.after.test(stdout.text())) break;
        child.stdin.write(next.text);
        replied++;
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (plan.stdinReplies) reply();
      if (plan.finished) watch();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (plan.finished) watch();
    });
    child.stdin.on('error', () => {});
    if (plan.keepStdinOpen) {
      if (plan.stdin !== undefined) child.stdin.write(plan.stdin);
    } else if (plan.stdin !== undefined) child.stdin.end(plan.stdin);
    else child.stdin.end();
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT' ? `command not found: ${plan.command}` : error.code === 'EACCES' ? `not executable: ${plan.command}` : error.message;
      finish({ exitCode: null, signal: null, startError: reason });
    });
    child.on('exit', (code, signal) => {
      // A descendant that keeps the output pipes open would hold 'close' back: end the group, and
      // settle even if something outside it still holds them.
      endGroup();
      setTimeout(() => finish({ exitCode: code, signal }), KILL_GRACE_MS).unref();
    });
    child.on('close', (code, signal) => finish({ exitCode: code, signal }));
  });
}
