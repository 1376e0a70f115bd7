// When a scenario's verdict is settled before its client exits: scenario knowledge, as pure functions of the
// trace so far. The runner polls it and adds the timing (a quiet period), so nothing here reads a clock.
import { attemptsAfterRefusal, MAX_REAUTHORIZATIONS } from './checks/step-up.js';
import { allAuthorizationRequests, bearerToken, fromClient, isMcpEndpoint, ok } from './trace.js';
import { dpopToken } from './dpop.js';
import type { CheckId, ResolvedTopology, Scenario, Trace } from './types.js';

/**
 * - `open`: the flow may still be under way; a client that stays silent is only ended after the long quiet period.
 * - `done`: the client's last expected request has been answered; it is ended after the short quiet period.
 * - `stalled`: the client waits for an authorization callback that cannot come; it is ended after the short quiet period.
 * - `decided`: whatever the client sends next, no check can change its status (a failure more traffic cannot undo).
 */
export type Settlement = { state: 'open' } | { state: 'done' | 'stalled' | 'decided'; why: string };

/** Checks whose failure only grows with more traffic: once they fail, they fail whatever follows. */
const MONOTONE_FAILURES: Partial<Record<CheckId, 401 | 403>> = {
  'invalid-token-retry-limit': 401,
  'step-up-retry-limit': 403,
};

/** Topologies where a first authorized answer is not the end: a refusal follows it (expiry, step-up, migration, a server that never accepts). */
export function refusesAfterFirstToken(scenario: Scenario): boolean {
  const { resourceServers, authorizationServers } = scenario.topology;
  return (
    resourceServers.some((rs) => rs.requiredScopes || rs.rejectEveryToken || rs.prm?.migrateTo) ||
    authorizationServers.some((as) => as.accessTokenUses !== undefined || (as.accessTokenTtl !== undefined && as.accessTokenTtl < 60))
  );
}

/**
 * Why the client's authorization callback cannot come, when the last thing that happened ended the authorization
 * request short of the redirect URI: the authorization server answered it with an error page (no redirect, as
 * RFC 6749 4.1.2.1 has it for a client or redirect URI it refuses, or a grant it does not offer), or the user agent
 * refused to open the URL. A client that then goes silent is waiting for a redirect nobody will send.
 */
function callbackCannotCome(trace: Trace, topology: ResolvedTopology): string | undefined {
  const last = trace.exchanges.at(-1);
  if (!last) return undefined;
  if (last.server === 'user-agent') return 'the user agent refused to open the URL the client gave it, so no callback can come';
  const authorization = allAuthorizationRequests(trace, topology).at(-1);
  if (authorization !== last || last.status < 400) return undefined;
  return `the authorization server answered the authorization request ${last.status} without a redirect, so no callback can come`;
}

export function settlement(trace: Trace, scenario: Scenario, topology: ResolvedTopology): Settlement {
  const monotone = scenario.checks.flatMap((id) => MONOTONE_FAILURES[id] ?? []);
  if (monotone.length > 0 && monotone.length === scenario.checks.length) {
    const exceeded = monotone.every((status) => attemptsAfterRefusal({ trace, topology }, status).later.length > MAX_REAUTHORIZATIONS);
    if (exceeded)
      return { state: 'decided', why: `the client re-authorized more than ${MAX_REAUTHORIZATIONS} times after a refusal: the retry limit is already exceeded` };
  }
  const client = fromClient(trace);
  const authorized = (rs: ResolvedTopology['resourceServers'][number]) =>
    client.filter((ex) => isMcpEndpoint(ex, rs) && (bearerToken(ex) ?? dpopToken(ex)) !== undefined);
  const stalled = (): Settlement => {
    const why = callbackCannotCome(trace, topology);
    return why ? { state: 'stalled', why } : { state: 'open' };
  };
  if (!refusesAfterFirstToken(scenario)) {
    const everyOne = topology.resourceServers.every((rs) => authorized(rs).some(ok));
    return everyOne ? { state: 'done', why: 'every MCP server answered an authorized request' } : stalled();
  }
  // Expiry, step-up or migration: done once a refusal to an authorized request has been followed by a success.
  const rs = topology.resourceServers[0];
  const requests = rs ? authorized(rs) : [];
  const lastRefusal = requests.findLast((ex) => ex.status === 401 || ex.status === 403);
  if (lastRefusal && requests.some((ex) => ex.seq > lastRefusal.seq && ok(ex)))
    return { state: 'done', why: 'an authorized request succeeded after the server refused the previous token' };
  return stalled();
}
