import {
  authorizationRequests,
  authorizationServerById,
  bearerToken,
  bodyParams,
  describe,
  fromClient,
  header,
  isMcpEndpoint,
  jsonBody,
  ok,
  query,
  registrationRequests,
  tokenRequests,
  urlWithoutQuery,
} from '../trace.js';
import type { Exchange, ResolvedAuthorizationServer, Trace } from '../types.js';
import { basicCredentials, percentDecoded } from '../credentials.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/** What an authorization server handed out: DCR client ids and secrets, access and refresh tokens. */
function issuedBy(trace: Trace, as: ResolvedAuthorizationServer): Map<string, string> {
  const issued = new Map<string, string>();
  for (const ex of registrationRequests(trace, as).filter(ok)) {
    const body = jsonBody<{ client_id?: string; client_secret?: string }>(ex.responseBody);
    if (body?.client_id) issued.set(body.client_id, 'client_id');
    if (body?.client_secret) issued.set(body.client_secret, 'client_secret');
  }
  for (const ex of tokenRequests(trace, as).filter(ok)) {
    const body = jsonBody<{ access_token?: string; refresh_token?: string }>(ex.responseBody);
    if (body?.access_token) issued.set(body.access_token, 'access token');
    if (body?.refresh_token) issued.set(body.refresh_token, 'refresh token');
  }
  return issued;
}

/** Every credential-bearing value of a request to an authorization server: query, body and Basic credentials. */
export function credentialsIn(ex: Exchange): string[] {
  const values = [...query(ex).values(), ...bodyParams(ex).values()];
  const basic = basicCredentials(header(ex, 'authorization'));
  if (basic?.encoded) {
    for (const part of basic.pair ? [basic.pair.id, basic.pair.secret] : [basic.decoded]) values.push(percentDecoded(part) ?? part);
  }
  const bearer = bearerToken(ex);
  if (bearer) values.push(bearer);
  return values;
}

export const authorizationServerBinding = defineCheck({
  id: 'authorization-server-binding',
  title: 'When the MCP server moves to another authorization server, the client registers there and sends it nothing of the old one',
  requirements: ['PRM-6'],
  level: levelSince('MUST', '2026-07-28'),
  run({ trace, topology, scenario }) {
    const rs = topology.resourceServers.find((r) => r.migratedAuthorizationServers?.length);
    if (!rs) return skip('no MCP server of this scenario moves to another authorization server');
    const before = rs.authorizationServers.map((id) => authorizationServerById(topology, id));
    const after = rs.migratedAuthorizationServers!.map((id) => authorizationServerById(topology, id));
    const newIssuers = after.map((as) => as.issuer);
    const client = fromClient(trace);
    const changed = client.find((ex) => {
      if (ex.method !== 'GET' || !ok(ex) || !rs.prmUrls.includes(urlWithoutQuery(ex))) return false;
      const listed = jsonBody<{ authorization_servers?: unknown }>(ex.responseBody)?.authorization_servers;
      return Array.isArray(listed) && listed.some((issuer) => newIssuers.includes(String(issuer)));
    });
    if (!changed) {
      const refused = client.find((ex) => isMcpEndpoint(ex, rs) && ex.status === 401 && bearerToken(ex));
      const why = refused ? `after ${describe(refused, topology)} ("the authorization server has changed")` : 'after its first authorized request';
      return fail(
        `expected GET ${rs.prmUrls[0]} again ${why}, listing ${newIssuers.join(', ')}; the client never fetched the changed protected resource metadata, so it never reached the decision this scenario tests`,
        refused ? [refused.seq] : [],
        [],
      );
    }

    const old = new Map<string, string>();
    for (const as of before) for (const [value, kind] of issuedBy(trace, as)) old.set(value, `${kind} from ${as.issuer}`);
    for (const ex of trace.exchanges) {
      if (ex.role !== 'authorization-server' || !after.some((as) => as.id === ex.server)) continue;
      const leaked = credentialsIn(ex).find((value) => old.has(value));
      if (leaked !== undefined) {
        return fail(
          `expected nothing of the previous authorization server at ${after.find((as) => as.id === ex.server)!.issuer}; ${describe(ex, topology)} carried the ${old.get(leaked)} (credentials are bound to the issuer that issued them)`,
          [changed.seq, ex.seq],
          [ex.seq],
        );
      }
    }

    const offering = after.filter((as) => as.endpoints.registration);
    const registered = after.flatMap((as) => registrationRequests(trace, as)).filter((ex) => ex.from === 'client' && ok(ex));
    if (offering.length > 0 && registered.length === 0 && !scenario.context?.client_id) {
      const authorizing = after.flatMap((as) => authorizationRequests(trace, as))[0];
      const instead = authorizing ? `went to ${describe(authorizing, topology)} without registering` : 'never registered there';
      return fail(
        `expected POST ${offering[0]!.endpoints.registration} (registration at the new authorization server ${offering[0]!.issuer}) after ${describe(changed, topology)}; the client ${instead}`,
        authorizing ? [changed.seq, authorizing.seq] : [changed.seq],
        authorizing ? [authorizing.seq] : [],
      );
    }

    const fresh = new Set<string>();
    for (const as of after) for (const [value, kind] of issuedBy(trace, as)) if (kind === 'access token') fresh.add(value);
    const accepted = client.find((ex) => ex.seq > changed.seq && isMcpEndpoint(ex, rs) && ok(ex) && fresh.has(bearerToken(ex) ?? ''));
    const wentOn = after.some((as) => authorizationRequests(trace, as).length > 0 || tokenRequests(trace, as).length > 0);
    if (!accepted && scenario.context?.client_id && !wentOn) {
      return pass(
        `stopped at ${newIssuers.join(', ')} rather than use the pre-registered credentials, which are for ${before.map((as) => as.issuer).join(', ')} (2026-07-28: surface an error rather than silently use them)`,
        [changed.seq],
      );
    }
    if (!accepted) {
      return fail(
        `expected an MCP request with a token of ${newIssuers.join(', ')} answered 2xx after ${describe(changed, topology)}; the client made none`,
        [changed.seq],
        [],
      );
    }
    return pass(
      `re-registered with ${newIssuers.join(', ')}, sent it nothing of ${before.map((as) => as.issuer).join(', ')}, and used its token: ${describe(accepted, topology)}`,
      [changed.seq, ...registered.map((ex) => ex.seq), accepted.seq],
    );
  },
});
