import { bearerCredentials } from './credentials.js';
import type { Exchange, ResolvedAuthorizationServer, ResolvedResourceServer, ResolvedTopology, Trace } from './types.js';

/** Pure queries over a recorded trace, in the vocabulary checks speak. */

export function pathOf(ex: Exchange): string {
  return new URL(ex.url).pathname;
}

/** The URL of an exchange (or a URL) without query and fragment: origin and path; a URL that does not parse, as it is. */
export function urlWithoutQuery(target: Exchange | string): string {
  const text = typeof target === 'string' ? target : target.url;
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}`;
  } catch {
    return text;
  }
}

export function query(ex: Exchange): URLSearchParams {
  return new URL(ex.url).searchParams;
}

/** Form or JSON body fields of a request, as strings. */
export function bodyParams(ex: Exchange): URLSearchParams {
  const type = ex.requestHeaders['content-type'] ?? '';
  if (type.includes('application/json')) {
    try {
      const json = JSON.parse(ex.requestBody) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(ex.requestBody);
}

export function jsonBody<T = Record<string, unknown>>(text: string): T | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON-RPC methods of a request to an MCP endpoint, in order (a batch has several; none for a body without). */
export function rpcMethods(ex: { requestBody?: string }): string[] {
  const body = jsonBody<unknown>(ex.requestBody ?? '');
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.flatMap((m) => {
    const method = m && typeof m === 'object' ? (m as { method?: unknown }).method : undefined;
    return typeof method === 'string' ? [method] : [];
  });
}

export function header(ex: Exchange, name: string): string | undefined {
  return ex.requestHeaders[name.toLowerCase()];
}

export function fromClient(trace: Trace): Exchange[] {
  return trace.exchanges.filter((ex) => ex.from === 'client');
}

/** An automatic redirect hop: a request that followed the Location of its party's earlier 3xx (mock-servers/recorder.ts). */
export function isHop(ex: Exchange): boolean {
  return ex.redirectedFrom !== undefined;
}

/**
 * The client's requests to URLs it chose: its requests without automatic redirect hops, whose URL the server
 * chose. Checks that judge which URLs a client requests (discovery order, metadata from a listed authorization
 * server, guessed endpoints) use this. Checks that judge what a request carried (tokens, credentials, parameters)
 * and checks that need evidence of what happened (a document fetched, an endpoint used) keep the hops: a token sent
 * along a redirect to another server leaks all the same, and a document reached through a redirect was fetched.
 */
export function chosenByClient(trace: Trace): Exchange[] {
  return fromClient(trace).filter((ex) => !isHop(ex));
}

/** The last exchange of the redirect chain a request started: its last hop, or the request itself when nothing followed. */
export function endOfRedirects(trace: Trace, ex: Exchange): Exchange {
  let last = ex;
  for (let next = hopOf(trace, last); next; next = hopOf(trace, last)) last = next;
  return last;
}

function hopOf(trace: Trace, ex: Exchange): Exchange | undefined {
  return trace.exchanges.find((hop) => hop.redirectedFrom === ex.seq && hop.seq > ex.seq);
}

export function ok(ex: Exchange): boolean {
  return ex.status >= 200 && ex.status < 300;
}

export function mainResourceServer(topology: ResolvedTopology): ResolvedResourceServer {
  const rs = topology.resourceServers[0];
  if (!rs) throw new Error('topology has no resource server');
  return rs;
}

export function authorizationServerById(topology: ResolvedTopology, id: string): ResolvedAuthorizationServer {
  const as = topology.authorizationServers.find((a) => a.id === id);
  if (!as) throw new Error(`topology has no authorization server ${id}`);
  return as;
}

/** The authorization servers the main resource server's PRM lists, in order. */
export function listedAuthorizationServers(topology: ResolvedTopology): ResolvedAuthorizationServer[] {
  return mainResourceServer(topology).authorizationServers.map((id) => authorizationServerById(topology, id));
}

/** Human name of the party that received an exchange, for failure messages. */
export function receiverName(ex: Exchange, topology: ResolvedTopology): string {
  if (ex.role === 'client-callback') return "the client's redirect URI";
  if (ex.role === 'identity-provider') return 'the enterprise identity provider';
  if (ex.role === 'resource-server') {
    const many = topology.resourceServers.length > 1;
    return many ? `the MCP server ${ex.server}` : 'the MCP server';
  }
  const many = topology.authorizationServers.length > 1;
  return many ? `the authorization server ${ex.server}` : 'the authorization server';
}

/**
 * "GET http://…/x to the MCP server (answered 401)": how failure messages name a request; a redirect hop says so,
 * "(answered 200; an automatic redirect hop of #4)".
 */
export function describe(ex: Exchange, topology: ResolvedTopology): string {
  const hop = isHop(ex) ? `; an automatic redirect hop of #${ex.redirectedFrom}` : '';
  return `${ex.method} ${ex.url} to ${receiverName(ex, topology)} (answered ${ex.status}${hop})`;
}

export function describeAll(exchanges: Exchange[], topology: ResolvedTopology, max = 3): string {
  const shown = exchanges.slice(0, max).map((ex) => describe(ex, topology));
  const more = exchanges.length > max ? ` and ${exchanges.length - max} more` : '';
  return shown.join('; ') + more;
}

/** First occurrence of each distinct URL (query ignored): clients often repeat discovery. */
export function distinctByUrl(exchanges: Exchange[]): Exchange[] {
  const seen = new Set<string>();
  return exchanges.filter((ex) => {
    const key = `${ex.method} ${urlWithoutQuery(ex)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function isMcpEndpoint(ex: Exchange, rs: ResolvedResourceServer): boolean {
  return ex.server === rs.id && urlWithoutQuery(ex) === rs.mcpUrl;
}

export function bearerToken(ex: Exchange): string | undefined {
  return bearerCredentials(header(ex, 'authorization'));
}

/** Token responses (2xx from a token endpoint) with the access tokens they issued. */
export function issuedAccessTokens(trace: Trace, topology: ResolvedTopology): { ex: Exchange; token: string }[] {
  const tokenEndpoints = new Set(topology.authorizationServers.map((a) => a.endpoints.token));
  const issued: { ex: Exchange; token: string }[] = [];
  for (const ex of trace.exchanges) {
    if (ex.method !== 'POST' || !ok(ex) || !tokenEndpoints.has(urlWithoutQuery(ex))) continue;
    const token = jsonBody<{ access_token?: string }>(ex.responseBody)?.access_token;
    if (token) issued.push({ ex, token });
  }
  return issued;
}

/** Requests to an authorization server's authorization endpoint (made by the user agent or the client). */
export function authorizationRequests(trace: Trace, as: ResolvedAuthorizationServer): Exchange[] {
  return trace.exchanges.filter((ex) => ex.method === 'GET' && urlWithoutQuery(ex) === as.endpoints.authorization);
}

/** Authorization requests to every authorization server of the topology, in arrival order. */
export function allAuthorizationRequests(trace: Trace, topology: ResolvedTopology): Exchange[] {
  const endpoints = new Set(topology.authorizationServers.map((as) => as.endpoints.authorization));
  return trace.exchanges.filter((ex) => ex.method === 'GET' && endpoints.has(urlWithoutQuery(ex)));
}

export function tokenRequests(trace: Trace, as: ResolvedAuthorizationServer, grantType?: string): Exchange[] {
  return trace.exchanges.filter(
    (ex) => ex.method === 'POST' && urlWithoutQuery(ex) === as.endpoints.token && (grantType === undefined || bodyParams(ex).get('grant_type') === grantType),
  );
}

/**
 * Token requests to every authorization server of the topology, optionally of one grant type: server by server in
 * the topology's order, each server's in arrival order (sort by seq for arrival order overall).
 */
export function allTokenRequests(trace: Trace, topology: ResolvedTopology, grantType?: string): Exchange[] {
  return topology.authorizationServers.flatMap((as) => tokenRequests(trace, as, grantType));
}

/** The client's own token requests to every authorization server of the topology (`allTokenRequests` it sent). */
export function clientTokenRequests(trace: Trace, topology: ResolvedTopology, grantType?: string): Exchange[] {
  return allTokenRequests(trace, topology, grantType).filter((ex) => ex.from === 'client');
}

export function registrationRequests(trace: Trace, as: ResolvedAuthorizationServer): Exchange[] {
  if (!as.endpoints.registration) return [];
  return trace.exchanges.filter((ex) => ex.method === 'POST' && urlWithoutQuery(ex) === as.endpoints.registration);
}

/** The client's registration requests to every authorization server of the topology, server by server. */
export function clientRegistrationRequests(trace: Trace, topology: ResolvedTopology): Exchange[] {
  return topology.authorizationServers.flatMap((as) => registrationRequests(trace, as)).filter((ex) => ex.from === 'client');
}

/** The authorization code an authorization response redirected with, read from its Location header. */
export function issuedCode(ex: Exchange): string | undefined {
  const location = ex.responseHeaders['location'];
  if (!location) return undefined;
  try {
    return new URL(location).searchParams.get('code') ?? undefined;
  } catch {
    return undefined;
  }
}

export function seqs(exchanges: Exchange[]): number[] {
  return exchanges.map((ex) => ex.seq);
}
