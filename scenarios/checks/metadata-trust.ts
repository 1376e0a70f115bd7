import { isAsMetadataPath } from '../well-known.js';
import { authorizationServerById, bearerToken, describe, describeAll, fromClient, jsonBody, ok, pathOf, seqs, urlWithoutQuery } from '../trace.js';
import type { Exchange, ResolvedAuthorizationServer, ResolvedResourceServer, ResolvedTopology, Trace } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

// Negative checks: a document the client must not use. Each verdict rests on an observed prerequisite (the
// client fetched the document), so a client that crashes before the decision fails instead of passing.

const ENDPOINT_FIELDS = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint'] as const;

/** Requests to an authorization server's authorization or token endpoint, from anyone, after `after`. */
function authorizationOrTokenRequests(trace: Trace, servers: ResolvedAuthorizationServer[], after: number): Exchange[] {
  const endpoints = new Set(servers.flatMap((as) => [as.endpoints.authorization, as.endpoints.token]));
  return trace.exchanges.filter((ex) => ex.seq > after && ex.role === 'authorization-server' && endpoints.has(urlWithoutQuery(ex)));
}

/** Successful GETs of authorization server metadata by the client, with the parsed document. */
function fetchedMetadata(trace: Trace): { ex: Exchange; doc: Record<string, unknown> }[] {
  return fromClient(trace)
    .filter((ex) => ex.method === 'GET' && ok(ex) && ex.role === 'authorization-server' && isAsMetadataPath(pathOf(ex)))
    .map((ex) => ({ ex, doc: jsonBody(ex.responseBody) }))
    .filter((d): d is { ex: Exchange; doc: Record<string, unknown> } => d.doc !== undefined);
}

const neverReached = (expected: string, what: string) =>
  fail(
    `expected ${expected}; the client never fetched ${what}, so it never reached the decision this scenario tests (a client that stops early does not pass a negative check)`,
  );

function foreignResource(rs: ResolvedResourceServer): boolean {
  // The origin as resource is accepted: the TypeScript SDK and the official suite allow it (docs/decisions.md).
  return rs.resource !== undefined && rs.resource !== rs.mcpUrl && rs.resource !== rs.origin;
}

export const prmResourceValidated = defineCheck({
  id: 'prm-resource-validated',
  title: 'Protected resource metadata whose resource names another server is not used',
  requirements: ['PRM-4'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const foreign = topology.resourceServers.filter(foreignResource);
    if (foreign.length === 0) return skip("no protected resource metadata of this scenario names another server's resource");
    const judged: number[] = [];
    for (const rs of foreign) {
      const fetched = fromClient(trace).find((ex) => ex.method === 'GET' && ok(ex) && rs.prmUrls.includes(urlWithoutQuery(ex)));
      if (!fetched)
        return neverReached(`GET ${rs.prmUrls[0]} (whose resource is ${rs.resource}), then no authorization request`, 'that protected resource metadata');
      const servers = rs.authorizationServers.map((id) => authorizationServerById(topology, id));
      const used = authorizationOrTokenRequests(trace, servers, fetched.seq);
      if (used.length > 0) {
        return fail(
          `expected no authorization or token request after ${describe(fetched, topology)}, whose resource "${rs.resource}" is not ${rs.mcpUrl} (RFC 9728 §3.3: the document must not be used); the client sent ${describeAll(used, topology)}`,
          [fetched.seq, ...seqs(used)],
          seqs(used),
        );
      }
      judged.push(fetched.seq);
    }
    return pass(`fetched protected resource metadata naming another server (${foreign.map((rs) => rs.resource).join(', ')}) and did not use it`, judged);
  },
});

function endpointsIn(doc: Record<string, unknown>): string[] {
  return ENDPOINT_FIELDS.map((f) => doc[f]).filter((v): v is string => typeof v === 'string');
}

export const asmIssuerValidated = defineCheck({
  id: 'asm-issuer-validated',
  title: 'Authorization server metadata whose issuer is not the issuer it was fetched for is not used',
  requirements: ['ASM-3'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const documents = fetchedMetadata(trace);
    const issuerOf = (ex: Exchange) => authorizationServerById(topology, ex.server).issuer;
    const mismatched = topology.authorizationServers.filter((as) => as.advertisedIssuer !== undefined && as.advertisedIssuer !== as.issuer);
    for (const as of mismatched) {
      if (!documents.some((d) => d.ex.server === as.id)) {
        const first = Object.values(as.metadataUrls)[0] ?? as.issuer;
        return neverReached(
          `GET ${first} (metadata whose issuer is "${as.advertisedIssuer}", not "${as.issuer}"), then no request to its endpoints`,
          'that metadata',
        );
      }
    }
    // Exact comparison (RFC 8414 §3.3); the harness never serves a difference of a trailing "/" alone (docs/decisions.md).
    const foreign = documents.filter((d) => d.doc.issuer !== issuerOf(d.ex));
    if (foreign.length === 0) return skip('the client fetched no metadata whose issuer differs from the issuer it was fetched for');
    const trusted = new Set(documents.filter((d) => d.doc.issuer === issuerOf(d.ex)).flatMap((d) => endpointsIn(d.doc).map(urlWithoutQuery)));
    for (const { ex, doc } of foreign) {
      const untrusted = new Set(
        endpointsIn(doc)
          .map(urlWithoutQuery)
          .filter((e) => !trusted.has(e)),
      );
      const used = trace.exchanges.filter((u) => u.seq > ex.seq && u.role !== 'client-callback' && untrusted.has(urlWithoutQuery(u)));
      if (used.length > 0) {
        return fail(
          `expected no request to the endpoints of ${describe(ex, topology)}, whose issuer ${JSON.stringify(doc.issuer)} is not "${issuerOf(ex)}" (RFC 8414 §3.3: the metadata must not be used); the client sent ${describeAll(used, topology)}`,
          [ex.seq, ...seqs(used)],
          seqs(used),
        );
      }
    }
    return pass(
      `fetched metadata with a foreign issuer (${foreign.map((d) => JSON.stringify(d.doc.issuer)).join(', ')}) and did not use its endpoints`,
      seqs(foreign.map((d) => d.ex)),
    );
  },
});

export const pkceSupportVerified = defineCheck({
  id: 'pkce-support-verified',
  title: 'Metadata without code_challenge_methods_supported stops the flow before the authorization request',
  requirements: ['PKCE-3'],
  level: levelSince('MUST', '2025-11-25'),
  run({ trace, topology, scenario }) {
    const lacking = scenario.topology.authorizationServers
      .filter((spec) => spec.omitMetadata?.includes('code_challenge_methods_supported'))
      .map((spec) => authorizationServerById(topology, spec.id));
    if (lacking.length === 0) return skip('every authorization server of this scenario lists code_challenge_methods_supported');
    const documents = fetchedMetadata(trace).filter((d) => !Array.isArray(d.doc.code_challenge_methods_supported));
    const judged: number[] = [];
    for (const as of lacking) {
      const fetched = documents.find((d) => d.ex.server === as.id);
      if (!fetched) {
        const first = Object.values(as.metadataUrls)[0] ?? as.issuer;
        return neverReached(`GET ${first} (metadata without code_challenge_methods_supported), then no authorization request`, 'that metadata');
      }
      const used = authorizationOrTokenRequests(trace, [as], fetched.ex.seq);
      if (used.length > 0) {
        return fail(
          `expected no authorization request after ${describe(fetched.ex, topology)}, which lacks code_challenge_methods_supported (MCP 2025-11-25: verify PKCE support and refuse to proceed); the client sent ${describeAll(used, topology)}. ` +
            'Microsoft Entra ID and Amazon Cognito publish metadata without this field although they accept S256, so a conforming client cannot use them; the requirement is judged as written from 2025-11-25 and not before (docs/decisions.md)',
          [fetched.ex.seq, ...seqs(used)],
          seqs(used),
        );
      }
      judged.push(fetched.ex.seq);
    }
    return pass('fetched metadata without code_challenge_methods_supported and made no authorization request', judged);
  },
});

const HTTP_URL = /^https?:\/\//i;

export const authorizationUrlScheme = defineCheck({
  id: 'authorization-url-scheme',
  title: 'An authorization URL whose scheme is not http or https is never opened',
  requirements: ['SEC-2'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const hostile = topology.authorizationServers.filter((as) => !HTTP_URL.test(as.endpoints.authorization));
    if (hostile.length === 0) return skip('every authorization endpoint of this scenario is an http(s) URL');
    const documents = fetchedMetadata(trace);
    const fetched = hostile.map((as) => documents.find((d) => d.ex.server === as.id)).find(Boolean);
    if (!fetched) {
      const as = hostile[0]!;
      return neverReached(
        `GET ${Object.values(as.metadataUrls)[0] ?? as.issuer} (whose authorization_endpoint is ${as.endpoints.authorization}), then no attempt to open it`,
        'that metadata',
      );
    }
    // The user agent refuses any non-http(s) URL a client asks it to open, and records the refusal.
    const opened = trace.exchanges.filter((ex) => ex.role === 'user-agent' && !HTTP_URL.test(ex.url));
    if (opened.length > 0) {
      return fail(
        `expected the client to refuse authorization_endpoint ${String(fetched.doc.authorization_endpoint)} from ${describe(fetched.ex, topology)} (scheme not http or https); it asked the browser to open ${opened[0]!.url}`,
        [fetched.ex.seq, ...seqs(opened)],
        seqs(opened),
      );
    }
    return pass(`fetched metadata whose authorization_endpoint is ${String(fetched.doc.authorization_endpoint)} and never asked the browser to open it`, [
      fetched.ex.seq,
    ]);
  },
});

/** Resource servers a token issued by `issuerId` is meant for. */
function audienceOf(topology: ResolvedTopology, issuerId: string): ResolvedResourceServer[] {
  return topology.resourceServers.filter((rs) => rs.authorizationServers.includes(issuerId));
}

export const tokenNotSentElsewhere = defineCheck({
  id: 'token-not-sent-elsewhere',
  title: 'A token issued for one MCP server is never sent to another',
  requirements: ['TOK-3'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    if (topology.resourceServers.length < 2) return skip('this scenario has one MCP server');
    const tokenEndpoints = new Map(topology.authorizationServers.map((as) => [as.endpoints.token, as]));
    const issued = new Map<string, { ex: Exchange; as: ResolvedAuthorizationServer }>();
    for (const ex of trace.exchanges) {
      const as = tokenEndpoints.get(urlWithoutQuery(ex));
      const token = ex.method === 'POST' && ok(ex) && as ? jsonBody<{ access_token?: string }>(ex.responseBody)?.access_token : undefined;
      if (token && as) issued.set(token, { ex, as });
    }
    if (issued.size === 0) return neverReached('a token from each authorization server, each sent only to its own MCP server', 'any access token');
    // Redirect hops count here: a token the client's HTTP stack carried along a redirect to another server leaks all the same.
    const bearers = fromClient(trace).filter((ex) => ex.role === 'resource-server');
    for (const ex of bearers) {
      const token = bearerToken(ex);
      const origin = token ? issued.get(token) : undefined;
      if (!origin) continue;
      const meant = audienceOf(topology, origin.as.id);
      if (!meant.some((rs) => rs.id === ex.server)) {
        return fail(
          `expected the token from ${describe(origin.ex, topology)} only on requests to ${meant.map((rs) => rs.mcpUrl).join(', ')}; the client sent it with ${describe(ex, topology)}`,
          [origin.ex.seq, ex.seq],
          [ex.seq],
        );
      }
    }
    const reached = new Set(bearers.map((ex) => ex.server));
    const missing = topology.resourceServers.filter((rs) => !reached.has(rs.id));
    if (missing.length > 0) return skip(`the client never contacted ${missing.map((rs) => rs.mcpUrl).join(', ')}, so no token could have gone astray there`);
    return pass(`${issued.size} token(s), each sent only to the MCP server it was issued for`, seqs([...issued.values()].map((i) => i.ex)));
  },
});
