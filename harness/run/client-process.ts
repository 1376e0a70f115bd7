import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ClientRun } from '../../reports/results.js';
import { onCleanup } from '../cleanup.js';
import { sweepProcesses } from './process-sweep.js';

const MAX_CAPTURE = 1024 * 1024;
const KILL_GRACE_MS = 2000;
/**
 * After SIGTERM to a client whose verdict is already settled: time to flush its output, nothing more (opencode, for
 * one, ignores SIGTERM while it waits for a callback, and every such scenario used to idle the whole KILL_GRACE_MS).
 */
const SETTLED_KILL_GRACE_MS = 500;

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
  return new Promise((resolve) => new RunningClient(plan, resolve).start(timeoutMs, settle));
}

type EndedHow = Omit<ClientOutcome, 'durationMs' | 'stdout' | 'stderr' | 'timedOut'>;

/** One client process from launch to its outcome: each way it can end is a method, and they share the timers below. */
class RunningClient {
  private readonly started = Date.now();
  private readonly stdout = new Capture();
  private readonly stderr = new Capture();
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly markers: string[];
  private readonly unregister: () => void;
  private timedOut = false;
  private resolved = false;
  /** Set once the client is being ended early (its `finished` rule, or a settled verdict): the other path stays out. */
  private finishing = false;
  private settledBecause: string | undefined;
  private replied = 0;
  private timer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly plan: LaunchPlan,
    private readonly resolve: (outcome: ClientOutcome) => void,
  ) {
    this.child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // Descendants that left the group (setsid) still carry the run's private HOME/TMPDIR; never the
    // harness's own values, which the user's other processes share.
    this.markers = (['HOME', 'TMPDIR'] as const)
      .filter((name) => plan.env[name] && plan.env[name] !== process.env[name])
      .map((name) => `${name}=${plan.env[name]}`);
    this.unregister = onCleanup(() => this.endGroup());
  }

  start(timeoutMs: number, settle: SettleProbe | undefined): void {
    this.timer = setTimeout(() => this.timeOut(), timeoutMs);
    if (settle) this.settleTimer = setInterval(() => this.pollSettle(settle), SETTLE_POLL_MS);
    if (this.plan.finished) this.poll = setInterval(() => this.watchFinished(), 250);
    this.listen();
    this.feedStdin();
    this.awaitEnd();
  }

  private listen(): void {
    const { child, plan } = this;
    child.on('exit', () => {
      clearInterval(this.poll);
      clearInterval(this.settleTimer);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      this.stdout.push(chunk);
      if (plan.stdinReplies) this.reply();
      if (plan.finished) this.watchFinished();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk);
      if (plan.finished) this.watchFinished();
    });
    child.stdin.on('error', () => {});
  }

  private feedStdin(): void {
    const { child, plan } = this;
    if (plan.keepStdinOpen) {
      if (plan.stdin !== undefined) child.stdin.write(plan.stdin);
    } else if (plan.stdin !== undefined) child.stdin.end(plan.stdin);
    else child.stdin.end();
  }

  private awaitEnd(): void {
    const { child, plan } = this;
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT' ? `command not found: ${plan.command}` : error.code === 'EACCES' ? `not executable: ${plan.command}` : error.message;
      this.finish({ exitCode: null, signal: null, startError: reason });
    });
    child.on('exit', (code, signal) => {
      // A descendant that keeps the output pipes open would hold 'close' back: end the group, and
      // settle even if something outside it still holds them.
      this.endGroup();
      setTimeout(() => this.finish({ exitCode: code, signal }), KILL_GRACE_MS).unref();
    });
    child.on('close', (code, signal) => this.finish({ exitCode: code, signal }));
  }

  private endGroup(): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid, 'SIGKILL');
    sweepProcesses(this.markers, this.child.pid);
  }

  private terminate(): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid, 'SIGTERM');
  }

  /** The timeout passed: SIGTERM now, SIGKILL after the grace. */
  private timeOut(): void {
    this.timedOut = true;
    this.terminate();
    this.killTimer = setTimeout(() => this.endGroup(), KILL_GRACE_MS);
  }

  /** The verdict is settled: end the client as at a timeout, without calling it timed out. */
  private pollSettle(settle: SettleProbe): void {
    if (this.settledBecause !== undefined || this.timedOut || this.finishing) return;
    this.settledBecause = settle();
    if (this.settledBecause === undefined) return;
    this.finishing = true;
    clearInterval(this.settleTimer);
    clearInterval(this.poll);
    clearTimeout(this.timer);
    this.child.stdin.end();
    this.terminate();
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => this.endGroup(), SETTLED_KILL_GRACE_MS);
  }

  /** The plan's `finished` rule holds: close stdin, give the client `finishGraceMs`, then SIGTERM and SIGKILL. */
  private watchFinished(): void {
    const { stdout, stderr } = this;
    if (this.finishing || !this.plan.finished?.({ stdout: stdout.text(), stderr: stderr.text() })) return;
    this.finishing = true;
    clearInterval(this.poll);
    this.child.stdin.end();
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => {
      this.terminate();
      this.killTimer = setTimeout(() => this.endGroup(), KILL_GRACE_MS);
    }, this.plan.finishGraceMs ?? 1500);
  }

  private reply(): void {
    const replies = this.plan.stdinReplies ?? [];
    while (!this.finishing) {
      const next = replies[this.replied];
      if (!next || !next.after.test(this.stdout.text())) break;
      this.child.stdin.write(next.text);
      this.replied++;
    }
  }

  private finish(outcome: EndedHow): void {
    if (this.resolved) return;
    this.resolved = true;
    clearTimeout(this.timer);
    clearTimeout(this.killTimer);
    clearInterval(this.poll);
    clearInterval(this.settleTimer);
    // Whatever the client left behind in its group (a browser shim, a helper process) ends with it.
    this.endGroup();
    this.unregister();
    this.resolve({
      ...outcome,
      timedOut: this.timedOut,
      ...(this.settledBecause !== undefined ? { settled: this.settledBecause } : {}),
      durationMs: Date.now() - this.started,
      stdout: this.stdout.text(),
      stderr: this.stderr.text(),
    });
  }
}
