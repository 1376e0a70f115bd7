// The fetch the reference client's SDK transport uses: it refuses metadata the SDK would accept (issuer, PKCE support),
// treats a well-known URL that is not JSON as absent, registers again when a server refuses the method asked, notes a
// step-up challenge, and refreshes once per refresh token. Every request goes out through DPoP (reference-dpop.ts).
import { withDpop } from './reference-dpop.js';
import { discovered, SPEC_VERSION, stepUp } from './reference-session.js';

// Well-known URLs, derived here from the specifications' text and deliberately not from the harness's scenarios/
// (whose code judges clients): a mistake there must not let this client pass by construction. Nothing in this file
// imports from scenarios/.
//   RFC 9728 §3.1: protected resource metadata lives at "/.well-known/oauth-protected-resource", inserted between
//     the host and the path of the resource identifier.
//   RFC 8414 §3.1: authorization server metadata lives at "/.well-known/oauth-authorization-server" inserted between
//     the host component and the path component of the issuer; "any terminating '/' MUST be removed before inserting".
//   OpenID Connect Discovery 1.0 §4: "/.well-known/openid-configuration" appended to the issuer, its trailing "/"
//     removed. MCP 2025-11-25 (Authorization Server Metadata Discovery) also inserts it as RFC 8414 does, and orders
//     them: for an issuer with a path, OAuth path insertion, OIDC path insertion, OIDC path appending; without a
//     path, the OAuth then the OIDC document at the root.
const PRM_WELL_KNOWN = 'oauth-protected-resource';
const AS_WELL_KNOWN = ['oauth-authorization-server', 'openid-configuration'];

/** The well-known document a URL path names: the segment after a "/.well-known/" anywhere in it (RFC 8615). */
function wellKnownDocument(pathname: string): string | undefined {
  return /\/\.well-known\/([^/]+)/.exec(pathname)?.[1];
}

function isMetadataPath(pathname: string): boolean {
  const name = wellKnownDocument(pathname);
  return name !== undefined && AS_WELL_KNOWN.includes(name);
}

function isResourceMetadataPath(pathname: string): boolean {
  return wellKnownDocument(pathname) === PRM_WELL_KNOWN;
}

/** Where the metadata of `issuer` may be, in the order MCP 2025-11-25 has a client try them. */
function metadataUrlsOf(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/$/, '');
  const inserted = AS_WELL_KNOWN.map((name) => `${url.origin}/.well-known/${name}${path}`);
  return path ? [...inserted, `${url.origin}${path}/.well-known/openid-configuration`] : inserted;
}

/** A quoted parameter of a WWW-Authenticate challenge. */
function challengeParam(header: string | null, name: string): string | undefined {
  return header?.match(new RegExp(`${name}="([^"]*)"`))?.[1];
}

/** Every request goes out through DPoP (reference-dpop.ts), which is active where an authorization server offers it. */
const send = withDpop(fetch);

/**
 * Wraps fetch to refuse metadata the SDK would accept: a document whose issuer is not the one its URL was
 * built from, and (2025-11-25 on) one without code_challenge_methods_supported.
 */
export const validatingFetch: typeof fetch = async (input, init) => {
  const refreshToken = refreshTokenOf(init);
  if (refreshToken) return singleFlightRefresh(refreshToken, () => send(input, init));
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  if (method === 'POST' && url.href === discovered.registrationEndpoint) return registerWithFallback(input, init);
  // A well-known URL that redirects or answers something other than JSON (a login page, a single-page app)
  // holds no document: it counts as absent, so discovery moves on to the next URL (docs/decisions.md).
  const wellKnown = method === 'GET' && (isMetadataPath(url.pathname) || isResourceMetadataPath(url.pathname));
  const response = await send(input, wellKnown ? { ...init, redirect: 'manual' } : init);
  const challenge = response.headers.get('www-authenticate');
  if (response.status === 403 && challengeParam(challenge, 'error') === 'insufficient_scope') {
    stepUp.challenged = challengeParam(challenge, 'scope');
    stepUp.onChallenge();
  }
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  if (wellKnown && ((response.status >= 300 && response.status < 400) || (response.ok && !isJson))) {
    await response.body?.cancel();
    return new Response(null, { status: 404 });
  }
  if (!response.ok || method !== 'GET' || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const document = (await response
    .clone()
    .json()
    .catch(() => undefined)) as Record<string, unknown> | undefined;
  if (Array.isArray(document?.authorization_servers)) discovered.authorizationServers = document.authorization_servers.map(String);
  if (!document || !isMetadataPath(url.pathname)) return response;
  const fetched = `${url.origin}${url.pathname}`;
  const expected = discovered.authorizationServers.filter((issuer) => metadataUrlsOf(issuer).includes(fetched));
  if (expected.length > 0 && !expected.includes(String(document.issuer))) {
    throw new Error(`authorization server metadata at ${fetched} has issuer ${JSON.stringify(document.issuer)}, expected ${expected.join(' or ')}`);
  }
  if (SPEC_VERSION >= '2025-11-25' && !Array.isArray(document.code_challenge_methods_supported)) {
    throw new Error(`authorization server metadata at ${fetched} lacks code_challenge_methods_supported; refusing to proceed without verified PKCE support`);
  }
  discovered.issuer = String(document.issuer);
  discovered.issParameterSupported = document.authorization_response_iss_parameter_supported === true;
  discovered.authMethods = Array.isArray(document.token_endpoint_auth_methods_supported) ? document.token_endpoint_auth_methods_supported.map(String) : [];
  discovered.registrationEndpoint = typeof document.registration_endpoint === 'string' ? new URL(document.registration_endpoint).href : undefined;
  return response;
};

/**
 * The client asks for none, as a public client (RFC 8252 §8.4). Most servers register it with the method they support
 * and say so in the response (RFC 7591 §3.2.1), and the SDK then authenticates with the method the response names. A
 * stricter server answers 400 invalid_client_metadata instead: then the client registers once more, asking for a
 * method of token_endpoint_auth_methods_supported (client_secret_basic first: RFC 6749 §2.3.1 has every server that
 * issues secrets support it, and discourages client_secret_post).
 */
async function registerWithFallback(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): Promise<Response> {
  const response = await send(input, init);
  if (response.status !== 400 || typeof init?.body !== 'string') return response;
  const error = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: string } | undefined;
  const body = JSON.parse(init.body) as Record<string, unknown>;
  const asked = typeof body.token_endpoint_auth_method === 'string' ? body.token_endpoint_auth_method : 'client_secret_basic';
  const listed = ['client_secret_basic', 'client_secret_post', 'none'].filter((m) => discovered.authMethods.includes(m));
  const instead = listed.find((m) => m !== asked);
  if (error?.error !== 'invalid_client_metadata' || discovered.authMethods.includes(asked) || !instead) return response;
  await response.body?.cancel();
  return send(input, { ...init, body: JSON.stringify({ ...body, token_endpoint_auth_method: instead }) });
}

function refreshTokenOf(init: RequestInit | undefined): string | undefined {
  if (init?.method !== 'POST' || !(init.body instanceof URLSearchParams)) return undefined;
  return init.body.get('grant_type') === 'refresh_token' ? (init.body.get('refresh_token') ?? undefined) : undefined;
}

/**
 * The SDK refreshes from every request that meets an expired token, so two at once (a POST and the GET stream)
 * would both present the same refresh token, and the second would reuse a rotated one. One refresh per token:
 * the others get the same answer.
 */
const refreshes = new Map<string, Promise<Response>>();
async function singleFlightRefresh(token: string, send: () => Promise<Response>): Promise<Response> {
  let pending = refreshes.get(token);
  if (!pending) {
    pending = send();
    refreshes.set(token, pending);
  }
  return (await pending).clone();
}
