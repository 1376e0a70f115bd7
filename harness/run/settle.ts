import { performance } from 'node:perf_hooks';
import type { Recorder } from '../../mock-servers/recorder.js';
import type { RunningModelServer } from '../../mock-servers/model/server.js';
import { isEchoTool } from '../../mock-servers/model/script.js';
import { settlement } from '../../scenarios/settled.js';
import { issuedAccessTokens } from '../../scenarios/trace.js';
import type { ResolvedTopology, Scenario } from '../../scenarios/types.js';
import type { SettleProbe } from './client-process.js';
import type { UserAgentService } from '../user-agent/service.js';

/** How long the user agent may still be busy once the client has exited (it may be mid-redirect). */
const USER_AGENT_SETTLE_MS = 5000;

/**
 * Quiet periods before a client that has not exited is ended (docs/decisions.md, "Settled scenarios"): silence
 * after the last expected request was answered (`done`) or once its callback cannot come (`stalled`), and silence
 * at any other point (`open`: a dead end the client waits in, such as a refused document). Each is at least
 * QUIET_FACTOR times the longest silence between two exchanges of this trace so far, so a client slowed down by a
 * loaded machine gets longer.
 */
export const QUIET_DONE_MS = 2000;
export const QUIET_OPEN_MS = 5000;
const QUIET_FACTOR = 3;

/** `promise`'s value, or undefined once `ms` have passed without it. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}

/** Once the client has exited: the user agent's last visit (a redirect it was following) ends, or is given up. */
export async function userAgentSettled(userAgent: UserAgentService): Promise<void> {
  await within(userAgent.idle(), USER_AGENT_SETTLE_MS);
}

/**
 * The runner's half of "settled": the scenario says whether the trace so far is done or decided (scenarios/settled.ts);
 * this adds the clock. Nothing is ended for quiet while the user agent is mid-visit, nor before the client's first request.
 */
export function settleProbe(
  recorder: Recorder,
  userAgent: UserAgentService,
  scenario: Scenario,
  topology: ResolvedTopology,
  model: RunningModelServer | undefined,
): SettleProbe {
  let seen = 0;
  let lastChange = performance.now();
  let longestGap = 0;
  return () => {
    const trace = recorder.trace();
    const count = trace.exchanges.length;
    if (count !== seen) {
      // Only the gaps the new exchanges opened: the earlier ones were counted at an earlier poll.
      for (let i = Math.max(1, seen); i < count; i++) longestGap = Math.max(longestGap, trace.exchanges[i]!.at - trace.exchanges[i - 1]!.at);
      seen = count;
      lastChange = performance.now();
    }
    if (count === 0) return undefined;
    let verdict = settlement(trace, scenario, topology);
    if (verdict.state === 'decided') return verdict.why;
    // An agent's authorized request is not its last: the tool call the model asks for follows. It is done once the
    // model has given its final answer after every tool result (agents then exit by themselves).
    if (
      verdict.state === 'done' &&
      model &&
      !model.turns.some((t) => t.turn.kind === 'text' && t.conversation.calls.length > 0 && t.conversation.calls.every((c) => c.answered))
    )
      verdict = { state: 'open' };
    if (userAgent.busy) return undefined;
    // An agent holding a token that has not asked its model for a turn with the MCP tools yet (a title or a side check
    // does not count) is between its login and its prompt command, starting
    // a large runtime in silence: no quiet period ends it before its first model turn (a driver that never gets there
    // runs to the timeout and is reported as a harness error). Before a token, a silent login is a dead end as ever.
    if (model && !model.turns.some((t) => t.conversation.tools.some(isEchoTool)) && issuedAccessTokens(trace, topology).length > 0) return undefined;
    const quiet = Math.max(verdict.state === 'open' ? QUIET_OPEN_MS : QUIET_DONE_MS, QUIET_FACTOR * longestGap);
    const silent = performance.now() - lastChange;
    if (silent < quiet) return undefined;
    const after = verdict.state === 'open' ? 'the flow went' : `${verdict.why}, then`;
    return `${after} quiet for ${Math.round(silent)} ms (quiet period ${Math.round(quiet)} ms)`;
  };
}
