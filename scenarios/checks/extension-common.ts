// What the extension checks share: the authorization server that plays the extension, and the skip of a client that
// never attempts it (an extension is optional: a client without it is not judged by it).
import { allAuthorizationRequests, chosenByClient, clientRegistrationRequests, describe, receiverName, tokenRequests, urlWithoutQuery } from '../trace.js';
import type { ExtensionGrantsSpec, ResolvedExtensionGrants } from '../extension-grants.js';
import type { CheckContext, CheckOutcome, Exchange, ResolvedAuthorizationServer } from '../types.js';
import { basicCredentials, percentDecoded } from '../credentials.js';
import { skip } from './define.js';

export interface ExtensionServer<K extends ExtensionGrantsSpec['kind']> {
  as: ResolvedAuthorizationServer;
  spec: Extract<ExtensionGrantsSpec, { kind: K }>;
  resolved: ResolvedExtensionGrants;
}

/** The authorization server of the scenario that plays extension `kind`, if any. */
export function extensionServer<K extends ExtensionGrantsSpec['kind']>(ctx: CheckContext, kind: K): ExtensionServer<K> | undefined {
  const spec = ctx.scenario.topology.authorizationServers.find((as) => as.extensionGrants?.kind === kind);
  const as = spec && ctx.topology.authorizationServers.find((a) => a.id === spec.id);
  if (!spec || !as?.extensionGrants) return undefined;
  return { as, spec: spec.extensionGrants as Extract<ExtensionGrantsSpec, { kind: K }>, resolved: as.extensionGrants };
}

/** The client's requests to an extension server's token endpoint, in arrival order. */
export function extensionTokenRequests(ctx: CheckContext, as: ResolvedAuthorizationServer): Exchange[] {
  return tokenRequests(ctx.trace, as).filter((ex) => ex.from === 'client');
}

/**
 * The skip of a client that never attempted the extension, saying what it did instead: the authorization or
 * registration request it went for, else its last request.
 */
export function notImplemented(ctx: CheckContext, extension: string): CheckOutcome {
  const instead = [...allAuthorizationRequests(ctx.trace, ctx.topology), ...clientRegistrationRequests(ctx.trace, ctx.topology)].sort(
    (a, b) => a.seq - b.seq,
  )[0];
  // The URL without its query: what the client went for, not the parameters of a flow this scenario does not judge.
  if (instead)
    return skip(
      `does not implement ${extension}: it sent ${instead.method} ${urlWithoutQuery(instead)} to ${receiverName(instead, ctx.topology)} (answered ${instead.status}) instead`,
      [instead.seq],
    );
  const last = chosenByClient(ctx.trace).at(-1);
  if (last) return skip(`does not implement ${extension}: it sent no token request (its last request: ${describe(last, ctx.topology)})`, [last.seq]);
  return skip(`does not implement ${extension}: it sent no request`);
}

/** A request's client_secret_basic credentials, decoded as RFC 6749 §2.3.1 has them encoded; undefined without a Basic header. */
export function basicPair(ex: Exchange): { id?: string; secret?: string } | undefined {
  const basic = basicCredentials(ex.requestHeaders['authorization']);
  if (!basic) return undefined;
  return { id: basic.pair && percentDecoded(basic.pair.id), secret: basic.pair && percentDecoded(basic.pair.secret) };
}

/** How a failure names Basic credentials that are not the expected ones. */
export function describeBasic(pair: { id?: string; secret?: string }, clientId: string): string {
  if (pair.id === undefined) return 'Basic credentials that do not decode';
  return `Basic credentials of client_id=${pair.id}${pair.id === clientId ? ' with another secret' : ''}`;
}

/** The wall-clock second at which a request arrived. */
export function requestEpochSeconds(resolved: ResolvedExtensionGrants, ex: Exchange): number {
  return (resolved.traceEpochMs + ex.at) / 1000;
}

/** Seconds of skew allowed when an `exp` is judged against the time of a request: client and servers share a clock. */
export const CLOCK_SKEW_S = 5;
