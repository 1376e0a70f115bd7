#!/usr/bin/env node
/**
 * independent-client: an MCP OAuth client written from the specifications alone
 * (MCP 2025-06-18, 2025-11-25 and 2026-07-28 authorization + Streamable HTTP transport,
 * RFC 9728, RFC 8414, OpenID Connect Discovery 1.0 §4, RFC 7591, RFC 7636, RFC 8707,
 * RFC 9207, RFC 6750). Node 20, standard library only, no MCP SDK.
 *
 * Usage: node independent-client.js [--bug NAME]... <mcp-server-url>
 *
 * Environment:
 *   MCP_CONFORMANCE_CONTEXT           JSON; may carry pre-registered client_id, client_secret,
 *                                     token_endpoint_auth_method (optionally issuer).
 *   MCP_CONFORMANCE_PROTOCOL_VERSION  revision to speak: 2025-06-18, 2025-11-25 (default), 2026-07-28.
 *   MCP_CONFORMANCE_MCP_URLS          JSON array of further MCP server URLs; each is connected to.
 *   BROWSER                           program that opens the authorization URL (falls back to xdg-open,
 *                                     then to following the URL itself).
 *
 * Deliberately broken variants (--bug NAME); each is one realistic mistake, everything else unchanged:
 *   as-metadata-from-mcp-url       builds the authorization server metadata well-known URLs from the MCP
 *                                  server URL (as if the MCP server were the issuer) instead of the issuer
 *                                  named in the protected resource metadata.
 *   no-pkce                        sends no code_challenge / code_challenge_method and no code_verifier,
 *                                  and does not check the server's PKCE support.
 *   no-resource                    omits the RFC 8707 `resource` parameter from authorization, token and
 *                                  refresh requests.
 *   ignore-resource-metadata       ignores `resource_metadata` in WWW-Authenticate and only probes the
 *                                  RFC 9728 well-known URLs.
 *   no-issuer-check                accepts authorization server metadata whose `issuer` differs from the
 *                                  issuer the well-known URL was built from.
 *   no-state                       sends no `state` in the authorization request (and so checks none).
 *   stop-after-oauth-metadata-404  only tries the RFC 8414 oauth-authorization-server URL; never falls back
 *                                  to OpenID Connect Discovery.
 *   wrong-auth-method              always authenticates at the token endpoint as a public client
 *                                  (client_id in the body, no secret), whatever registration assigned.
 *   no-iss-check                   skips the RFC 9207 `iss` validation of the authorization response.
 *
 * Exit status: 0 when every MCP server was reached (and `echo` called where listed), 1 on failure
 * (one "independent-client: FAILED ..." line on stderr per failed server), 2 on bad usage, 3 on the
 * overall watchdog.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Constants, arguments, logging
// ---------------------------------------------------------------------------------------------

const CLIENT_NAME = 'independent-conformance-client';
const CLIENT_VERSION = '1.0.0';
const HTTP_TIMEOUT_MS = 10_000;
const CALLBACK_TIMEOUT_MS = 20_000;
const WATCHDOG_MS = 170_000;
const MAX_AUTHORIZATIONS_PER_SERVER = 4;
const MAX_REFRESHES_PER_SERVER = 4;
const MAX_AUTH_RETRIES_PER_REQUEST = 3;
const MAX_STEP_UPS_PER_OPERATION = 2;

const KNOWN_BUGS = [
  'as-metadata-from-mcp-url',
  'no-pkce',
  'no-resource',
  'ignore-resource-metadata',
  'no-issuer-check',
  'no-state',
  'stop-after-oauth-metadata-404',
  'wrong-auth-method',
  'no-iss-check',
] as const;
type BugName = (typeof KNOWN_BUGS)[number];

const LEGACY_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
const MODERN_VERSIONS = ['2026-07-28'];

type Json = Record<string, unknown>;

class ClientError extends Error {}

function log(msg: string): void {
  process.stderr.write(`[independent-client] ${msg}\n`);
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function usage(msg: string): never {
  process.stderr.write(`independent-client: ${msg}\nusage: independent-client [--bug NAME]... <mcp-server-url>\n`);
  process.exit(2);
}

const bugs = new Set<BugName>();
const positional: string[] = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    let name: string | undefined;
    if (a === '--bug') {
      name = argv[++i];
      if (name === undefined) usage('--bug needs a name');
    } else if (a.startsWith('--bug=')) {
      name = a.slice('--bug='.length);
    } else {
      positional.push(a);
      continue;
    }
    if (!(KNOWN_BUGS as readonly string[]).includes(name)) usage(`unknown bug ${name}; known: ${KNOWN_BUGS.join(', ')}`);
    bugs.add(name as BugName);
  }
}
const bug = (b: BugName): boolean => bugs.has(b);

const requestedRevision = process.env['MCP_CONFORMANCE_PROTOCOL_VERSION']?.trim() || '2025-11-25';
if (![...LEGACY_VERSIONS, ...MODERN_VERSIONS].includes(requestedRevision)) {
  usage(`unsupported MCP_CONFORMANCE_PROTOCOL_VERSION ${requestedRevision}`);
}
/** Revision comparison: revision identifiers are dates, so string order is time order. */
const revAtLeast = (r: string): boolean => requestedRevision >= r;

interface PreRegistered {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method?: string;
  issuer?: string;
}

function readContext(): PreRegistered | undefined {
  const raw = process.env['MCP_CONFORMANCE_CONTEXT'];
  if (!raw) return undefined;
  let ctx: unknown;
  try {
    ctx = JSON.parse(raw);
  } catch {
    log('MCP_CONFORMANCE_CONTEXT is not JSON; ignoring it');
    return undefined;
  }
  if (!isObj(ctx)) return undefined;
  const clientId = str(ctx['client_id']);
  if (!clientId) return undefined;
  const pre: PreRegistered = { client_id: clientId };
  const secret = str(ctx['client_secret']);
  if (secret) pre.client_secret = secret;
  const method = str(ctx['token_endpoint_auth_method']);
  if (method) pre.token_endpoint_auth_method = method;
  const iss = str(ctx['issuer']) ?? str(ctx['authorization_server']);
  if (iss) pre.issuer = iss;
  return pre;
}
const preRegistered = readContext();

// ---------------------------------------------------------------------------------------------
// Small helpers: URLs, HTTP, encoding
// ---------------------------------------------------------------------------------------------

function base64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]';
}

/**
 * "All authorization server endpoints MUST be served over HTTPS" (2025-11-25 Communication Security);
 * plain http is tolerated only on loopback, where the test servers live.
 */
function secureUrl(raw: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ClientError(`${what} is not an absolute URL: ${raw}`);
  }
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return u;
  throw new ClientError(`${what} must use https (or http on loopback): ${raw}`);
}

/** Canonical MCP server URI: lowercase scheme and host, no fragment, no trailing slash for the root. */
function canonicalUri(u: URL): string {
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${u.protocol}//${u.host}${path}${u.search}`;
}

function sameResource(a: string, b: string): boolean {
  try {
    return canonicalUri(new URL(a)) === canonicalUri(new URL(b));
  } catch {
    return false;
  }
}

async function httpFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  log(`-> ${method} ${url}`);
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    log(`<- ${res.status} ${method} ${url}`);
    return res;
  } catch (e) {
    throw new ClientError(`${method} ${url} failed: ${(e as Error).message}`);
  }
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    /* ignore */
  }
}

/** A well-known answer that is not 2xx JSON (object) is treated as absent. */
async function fetchJsonDocument(url: string): Promise<Json | undefined> {
  let res: Response;
  try {
    res = await httpFetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    log(`${(e as Error).message}; treating as absent`);
    return undefined;
  }
  if (res.status < 200 || res.status > 299) {
    await discard(res);
    return undefined;
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    return undefined;
  }
  try {
    const doc: unknown = JSON.parse(text);
    if (isObj(doc)) return doc;
  } catch {
    /* fall through */
  }
  log(`${url} answered ${res.status} but not with a JSON object; treating as absent`);
  return undefined;
}

/** application/x-www-form-urlencoded encoding of one value (RFC 6749 Appendix B). */
function formEncode(v: string): string {
  return new URLSearchParams({ v }).toString().slice(2);
}

// ---------------------------------------------------------------------------------------------
// WWW-Authenticate (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9728 §5.1)
// ---------------------------------------------------------------------------------------------

interface Challenge {
  scheme: string;
  params: Record<string, string>;
  token68?: string;
}

function parseWwwAuthenticate(header: string | null): Challenge[] {
  const out: Challenge[] = [];
  if (!header) return out;
  const s = header;
  let i = 0;
  let cur: Challenge | undefined;
  const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
  const skipWs = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && tchar.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    if (i >= s.length) break;
    if (s[i] === ',') {
      i++;
      continue;
    }
    const tok = readToken();
    if (!tok) {
      i++;
      continue;
    }
    skipWs();
    if (s[i] === '=' && cur) {
      let j = i;
      while (s[j] === '=') j++;
      let k = j;
      while (s[k] === ' ' || s[k] === '\t') k++;
      if (j - i === 1 && k < s.length && s[k] !== ',') {
        // auth-param: name = ( token / quoted-string ); unquoted values are read leniently
        i = k;
        let val = '';
        if (s[i] === '"') {
          i++;
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i++;
            val += s[i];
            i++;
          }
          i++;
        } else {
          const start = i;
          while (i < s.length && s[i] !== ',' && s[i] !== ' ' && s[i] !== '\t') i++;
          val = s.slice(start, i);
        }
        cur.params[tok.toLowerCase()] = val;
      } else {
        cur.token68 = tok + s.slice(i, j);
        i = j;
      }
    } else {
      cur = { scheme: tok, params: {} };
      out.push(cur);
    }
  }
  return out;
}

interface BearerChallenge {
  present: boolean;
  resourceMetadata?: string;
  scope?: string;
  error?: string;
  errorDescription?: string;
}

function bearerChallenge(res: Response): BearerChallenge {
  const all = parseWwwAuthenticate(res.headers.get('www-authenticate'));
  const b = all.find((c) => c.scheme.toLowerCase() === 'bearer');
  if (!b) return { present: false };
  const out: BearerChallenge = { present: true };
  if (b.params['resource_metadata']) out.resourceMetadata = b.params['resource_metadata'];
  if (b.params['scope'] !== undefined) out.scope = b.params['scope'];
  if (b.params['error']) out.error = b.params['error'];
  if (b.params['error_description']) out.errorDescription = b.params['error_description'];
  return out;
}

function scopeUnion(a: string | undefined, b: string | undefined): string | undefined {
  const set: string[] = [];
  for (const part of `${a ?? ''} ${b ?? ''}`.split(/\s+/)) if (part && !set.includes(part)) set.push(part);
  return set.length ? set.join(' ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Protected resource metadata (RFC 9728; MCP "Protected Resource Metadata Discovery Requirements")
// ---------------------------------------------------------------------------------------------

interface ResourceMetadata {
  url: string;
  resource: string;
  authorizationServers: string[];
  scopesSupported?: string[];
}

function validatePrm(doc: Json, url: string, acceptable: string[]): ResourceMetadata | string {
  const resource = str(doc['resource']);
  if (!resource) return `protected resource metadata at ${url} has no "resource"`;
  // RFC 9728 §3.3: the "resource" value MUST be identical to the resource identifier the well-known
  // URL was built from / the URL the client requested; otherwise the data MUST NOT be used.
  if (!acceptable.some((a) => sameResource(resource, a))) {
    return `protected resource metadata at ${url} names resource ${resource}, expected ${acceptable.join(' or ')}`;
  }
  const as = doc['authorization_servers'];
  if (!Array.isArray(as) || as.length === 0 || !as.every((x) => typeof x === 'string')) {
    return `protected resource metadata at ${url} has no authorization_servers`;
  }
  const out: ResourceMetadata = { url, resource, authorizationServers: as };
  const ss = doc['scopes_supported'];
  if (Array.isArray(ss) && ss.every((x) => typeof x === 'string')) out.scopesSupported = ss;
  return out;
}

async function discoverResourceMetadata(mcpUrl: URL, headerUrl: string | undefined): Promise<ResourceMetadata> {
  const mcp = canonicalUri(mcpUrl);
  // "use the resource metadata URL from the parsed WWW-Authenticate headers when present; otherwise,
  //  they MUST fall back to constructing and requesting the well-known URIs in the order listed above."
  if (headerUrl && !bug('ignore-resource-metadata')) {
    const u = secureUrl(new URL(headerUrl, mcpUrl).href, 'resource_metadata URL');
    const doc = await fetchJsonDocument(u.href);
    if (!doc) throw new ClientError(`protected resource metadata at ${u.href} (from WWW-Authenticate) is not available`);
    // RFC 9728 §3.3: obtained via WWW-Authenticate -> "resource" MUST be identical to the URL requested.
    const prm = validatePrm(doc, u.href, [mcp]);
    if (typeof prm === 'string') throw new ClientError(prm);
    return prm;
  }
  const probes: { url: string; acceptable: string[] }[] = [];
  const path = mcpUrl.pathname === '/' ? '' : mcpUrl.pathname;
  if (path) {
    probes.push({ url: `${mcpUrl.origin}/.well-known/oauth-protected-resource${path}${mcpUrl.search}`, acceptable: [mcp] });
  }
  // Root document: its resource identifier is the origin (RFC 9728 §3.1/§3.3); one naming the MCP URL
  // itself is equally about this server.
  probes.push({ url: `${mcpUrl.origin}/.well-known/oauth-protected-resource`, acceptable: [mcpUrl.origin, mcp] });
  const problems: string[] = [];
  for (const p of probes) {
    const doc = await fetchJsonDocument(p.url);
    if (!doc) {
      problems.push(`${p.url}: absent`);
      continue;
    }
    const prm = validatePrm(doc, p.url, p.acceptable);
    if (typeof prm === 'string') {
      log(prm);
      problems.push(prm);
      continue;
    }
    return prm;
  }
  // 2025-11-25 / 2026-07-28 discovery sequence: "Root metadata not found -> Abort or use pre-configured
  // values". The 2025-03-26 fallback (authorization server at the MCP origin) belongs to a revision this
  // client does not speak, so it aborts here.
  throw new ClientError(`no usable protected resource metadata (${problems.join('; ')})`);
}

// ---------------------------------------------------------------------------------------------
// Authorization server metadata (RFC 8414 §3, OIDC Discovery §4, MCP "Authorization Server
// Metadata Discovery")
// ---------------------------------------------------------------------------------------------

interface AuthServer {
  issuer: string;
  metadata: Json;
  metadataUrl: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  registrationEndpoint?: string;
}

function metadataUrls(base: string): { url: string; kind: 'oauth' | 'oidc' }[] {
  const u = new URL(base);
  // RFC 8414 §3.1 / OIDC Discovery §4.1: a terminating "/" is removed before building the URL.
  let path = u.pathname;
  if (path.endsWith('/')) path = path.slice(0, -1);
  const o = u.origin;
  if (path) {
    return [
      { url: `${o}/.well-known/oauth-authorization-server${path}`, kind: 'oauth' },
      { url: `${o}/.well-known/openid-configuration${path}`, kind: 'oidc' },
      { url: `${o}${path}/.well-known/openid-configuration`, kind: 'oidc' },
    ];
  }
  return [
    { url: `${o}/.well-known/oauth-authorization-server`, kind: 'oauth' },
    { url: `${o}/.well-known/openid-configuration`, kind: 'oidc' },
  ];
}

async function discoverAuthServer(issuer: string, mcpUrl: URL): Promise<AuthServer> {
  const iu = secureUrl(issuer, 'authorization server issuer');
  if (iu.search || iu.hash) throw new ClientError(`issuer ${issuer} has a query or fragment (RFC 8414 §2)`);
  let candidates = metadataUrls(bug('as-metadata-from-mcp-url') ? canonicalUri(mcpUrl) : issuer);
  if (bug('stop-after-oauth-metadata-404')) candidates = candidates.filter((c) => c.kind === 'oauth');
  const problems: string[] = [];
  for (const c of candidates) {
    const doc = await fetchJsonDocument(c.url);
    if (!doc) {
      problems.push(`${c.url}: absent`);
      continue;
    }
    // RFC 8414 §3.3 / OIDC Discovery §4.3 (explicit MUST in 2026-07-28): "the issuer value in the
    // document MUST be identical to the issuer identifier used to construct the well-known URL. If they
    // differ, the client MUST NOT use the metadata." Simple string comparison, no normalisation.
    if (doc['issuer'] !== issuer && !bug('no-issuer-check')) {
      const msg = `${c.url}: issuer ${JSON.stringify(doc['issuer'])} is not ${issuer}; not using it`;
      log(msg);
      problems.push(msg);
      continue;
    }
    const authz = str(doc['authorization_endpoint']);
    const token = str(doc['token_endpoint']);
    if (!authz || !token) {
      problems.push(`${c.url}: no authorization_endpoint/token_endpoint`);
      continue;
    }
    secureUrl(authz, 'authorization_endpoint');
    secureUrl(token, 'token_endpoint');
    // PKCE support: "MCP clients MUST verify PKCE support before proceeding" and (2025-11-25+) "If
    // code_challenge_methods_supported is absent ... MCP clients MUST refuse to proceed." A list that
    // lacks S256 is refused at every revision (S256 is the only method this client uses).
    if (!bug('no-pkce')) {
      const methods = doc['code_challenge_methods_supported'];
      if (Array.isArray(methods)) {
        if (!methods.includes('S256')) {
          throw new ClientError(`authorization server ${issuer} does not support PKCE S256 (code_challenge_methods_supported=${JSON.stringify(methods)})`);
        }
      } else if (revAtLeast('2025-11-25')) {
        throw new ClientError(
          `authorization server ${issuer} metadata has no code_challenge_methods_supported; refusing to proceed without verified PKCE support`,
        );
      } else {
        log(`authorization server ${issuer} does not advertise PKCE methods; using S256 anyway (${requestedRevision})`);
      }
    }
    const as: AuthServer = {
      issuer,
      metadata: doc,
      metadataUrl: c.url,
      authorizationEndpoint: authz,
      tokenEndpoint: token,
    };
    const reg = str(doc['registration_endpoint']);
    if (reg) as.registrationEndpoint = reg;
    return as;
  }
  throw new ClientError(`no usable authorization server metadata for ${issuer} (${problems.join('; ')})`);
}

// ---------------------------------------------------------------------------------------------
// Client registration (pre-registered -> [CIMD skipped: no https document can be hosted] -> DCR)
// ---------------------------------------------------------------------------------------------

type AuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  method: AuthMethod;
  source: 'pre-registered' | 'dynamic';
}

/** Credentials are bound to the issuer that issued them (2026-07-28 "Authorization Server Binding"). */
const credentialsByIssuer = new Map<string, ClientCredentials>();
let preRegisteredIssuer: string | undefined;

function toAuthMethod(m: string | undefined, hasSecret: boolean): AuthMethod {
  if (m === undefined) return hasSecret ? 'client_secret_basic' : 'none'; // RFC 7591 §2 default
  if (m === 'none' || m === 'client_secret_basic' || m === 'client_secret_post') return m;
  throw new ClientError(`unsupported token_endpoint_auth_method ${m}`);
}

async function credentialsFor(as: AuthServer, redirectUri: string): Promise<ClientCredentials> {
  const known = credentialsByIssuer.get(as.issuer);
  if (known) return known;
  if (preRegistered) {
    const boundTo = preRegistered.issuer ?? preRegisteredIssuer;
    if (boundTo === undefined || boundTo === as.issuer) {
      preRegisteredIssuer = as.issuer;
      const creds: ClientCredentials = {
        clientId: preRegistered.client_id,
        method: toAuthMethod(preRegistered.token_endpoint_auth_method, !!preRegistered.client_secret),
        source: 'pre-registered',
      };
      if (preRegistered.client_secret) creds.clientSecret = preRegistered.client_secret;
      credentialsByIssuer.set(as.issuer, creds);
      log(`using pre-registered client ${creds.clientId} (${creds.method}) at ${as.issuer}`);
      return creds;
    }
    // "clients MUST NOT reuse client credentials from a different authorization server and MUST
    //  re-register with the new authorization server."
    log(`pre-registered credentials belong to ${boundTo}, not ${as.issuer}; not reusing them`);
  }
  // Client ID Metadata Documents: "Clients MUST host their metadata document at an HTTPS URL". This client
  // has no https host, so it cannot support them and uses Dynamic Client Registration instead ("MCP clients
  // SHOULD check for this capability and MAY fall back to Dynamic Client Registration").
  if (as.metadata['client_id_metadata_document_supported'] === true) {
    log('authorization server supports Client ID Metadata Documents, but this client cannot host an https document; skipping');
  }
  if (!as.registrationEndpoint) {
    throw new ClientError(`no client credentials for ${as.issuer} and it offers no registration_endpoint`);
  }
  const creds = await registerClient(as, redirectUri);
  credentialsByIssuer.set(as.issuer, creds);
  return creds;
}

async function registerClient(as: AuthServer, redirectUri: string): Promise<ClientCredentials> {
  const regUrl = secureUrl(as.registrationEndpoint!, 'registration_endpoint').href;
  const supported = as.metadata['token_endpoint_auth_methods_supported'];
  let wanted: AuthMethod = 'none';
  if (Array.isArray(supported) && !supported.includes('none')) {
    if (supported.includes('client_secret_basic')) wanted = 'client_secret_basic';
    else if (supported.includes('client_secret_post')) wanted = 'client_secret_post';
  }
  const body: Json = {
    client_name: CLIENT_NAME,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: wanted,
    // 2026-07-28: "MCP clients MUST specify an appropriate application_type"; loopback CLI -> native.
    application_type: 'native',
  };
  const res = await httpFetch(regUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text().catch(() => '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (res.status < 200 || res.status > 299 || !isObj(doc)) {
    const err = isObj(doc) ? `${str(doc['error']) ?? ''} ${str(doc['error_description']) ?? ''}`.trim() : text.slice(0, 200);
    throw new ClientError(`dynamic client registration at ${regUrl} failed: HTTP ${res.status} ${err}`);
  }
  const clientId = str(doc['client_id']);
  if (!clientId) throw new ClientError(`dynamic client registration at ${regUrl} returned no client_id`);
  const secret = str(doc['client_secret']);
  // RFC 7591 §3.2.1: the response carries the metadata actually registered, which may differ from the
  // request; the client uses what the server assigned.
  const assigned = str(doc['token_endpoint_auth_method']);
  const method = assigned !== undefined ? toAuthMethod(assigned, !!secret) : secret ? (wanted === 'none' ? 'client_secret_basic' : wanted) : 'none';
  if (method !== 'none' && !secret) throw new ClientError(`registration assigned ${method} but no client_secret`);
  const ru = doc['redirect_uris'];
  if (Array.isArray(ru) && !ru.includes(redirectUri)) log(`warning: registered redirect_uris ${JSON.stringify(ru)} do not include ${redirectUri}`);
  const creds: ClientCredentials = { clientId, method, source: 'dynamic' };
  if (secret) creds.clientSecret = secret;
  log(`registered client ${clientId} at ${as.issuer} (token_endpoint_auth_method=${method})`);
  return creds;
}

// ---------------------------------------------------------------------------------------------
// Loopback redirect listener and user agent
// ---------------------------------------------------------------------------------------------

interface PendingAuthorization {
  state?: string;
  issuer: string;
  issSupported: boolean;
  resolve: (code: string) => void;
  reject: (e: Error) => void;
}

let callbackServer: Server | undefined;
let redirectUri = '';
let pending: PendingAuthorization | undefined;

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`<!doctype html><title>${CLIENT_NAME}</title><p>${text}</p>`);
}

function onCallback(req: IncomingMessage, res: ServerResponse): void {
  const u = new URL(req.url ?? '/', redirectUri);
  if (req.method !== 'GET' || u.pathname !== '/callback') {
    reply(res, 404, 'Not found.');
    return;
  }
  const p = pending;
  if (!p) {
    log('callback received with no authorization in progress; discarded');
    reply(res, 400, 'No authorization in progress.');
    return;
  }
  const q = u.searchParams;
  // "MCP clients SHOULD use and verify state parameters ... and discard any results that do not include
  //  or have a mismatch with the original state." Discarded results leave the flow waiting.
  if (p.state !== undefined && q.get('state') !== p.state) {
    log(`callback with ${q.has('state') ? 'mismatched' : 'missing'} state discarded`);
    reply(res, 400, 'State mismatch; response discarded.');
    return;
  }
  // RFC 9207 §2.4 / 2026-07-28 "Authorization Response Validation": compare a present iss with the
  // recorded issuer by simple string comparison; reject a missing iss when the metadata advertises
  // authorization_response_iss_parameter_supported. Applies to error responses too.
  if (!bug('no-iss-check')) {
    const iss = q.get('iss');
    let problem: string | undefined;
    if (iss !== null && iss !== p.issuer) problem = `iss ${JSON.stringify(iss)} does not match the expected issuer ${p.issuer}`;
    else if (iss === null && p.issSupported) problem = `iss is missing although ${p.issuer} advertises authorization_response_iss_parameter_supported`;
    if (problem) {
      pending = undefined;
      reply(res, 400, 'Authorization response rejected.');
      p.reject(new ClientError(`authorization response rejected: ${problem} (RFC 9207 §2.4)`));
      return;
    }
  }
  const error = q.get('error');
  if (error) {
    pending = undefined;
    reply(res, 400, 'Authorization failed.');
    p.reject(new ClientError(`authorization server returned error=${error}${q.get('error_description') ? ` (${q.get('error_description')})` : ''}`));
    return;
  }
  const code = q.get('code');
  if (!code) {
    log('callback without code discarded');
    reply(res, 400, 'No code.');
    return;
  }
  pending = undefined;
  reply(res, 200, 'Authorization complete. You can close this window.');
  p.resolve(code);
}

async function ensureCallbackServer(): Promise<string> {
  if (callbackServer) return redirectUri;
  const server = createServer(onCallback);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  callbackServer = server;
  redirectUri = `http://127.0.0.1:${port}/callback`;
  log(`listening for the authorization response on ${redirectUri}`);
  return redirectUri;
}

function closeCallbackServer(): void {
  callbackServer?.close();
  callbackServer?.closeAllConnections();
}

/** Follows the authorization URL without a browser, until the redirect to our own loopback URI. */
async function followAuthorizationUrl(url: string): Promise<void> {
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    const res = await httpFetch(next, { redirect: 'manual' });
    await discard(res);
    const loc = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !loc) return;
    next = new URL(loc, next).href;
    if (next.startsWith(redirectUri)) {
      const cb = await httpFetch(next);
      await discard(cb);
      return;
    }
  }
}

function openBrowser(url: string): void {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ClientError(`refusing to open non-http(s) URL ${url}`);
  const browser = process.env['BROWSER']?.split(':')[0]?.trim();
  const argv = browser ? browser.split(/\s+/) : ['xdg-open'];
  const cmd = argv.shift()!;
  log(`opening the authorization URL with ${cmd}`);
  // No shell: the URL is passed as one argument.
  const child = spawn(cmd, [...argv, url], { stdio: 'ignore' });
  child.on('error', (e) => {
    log(`could not start ${cmd} (${e.message}); following the authorization URL directly`);
    followAuthorizationUrl(url).catch((err: Error) => log(`following the authorization URL failed: ${err.message}`));
  });
  child.unref();
}

// ---------------------------------------------------------------------------------------------
// OAuth flows: authorization code + PKCE, token and refresh requests
// ---------------------------------------------------------------------------------------------

interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  issuer: string;
}

class TokenEndpointError extends ClientError {
  constructor(
    message: string,
    public readonly oauthError: string | undefined,
  ) {
    super(message);
  }
}

async function tokenRequest(as: AuthServer, creds: ClientCredentials, params: Record<string, string>): Promise<TokenSet> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  // Authenticate with the method registration assigned (RFC 7591 token_endpoint_auth_method).
  const method: AuthMethod = bug('wrong-auth-method') ? 'none' : creds.method;
  if (method === 'client_secret_basic') {
    // RFC 6749 §2.3.1: id and secret are form-encoded before base64.
    const raw = `${formEncode(creds.clientId)}:${formEncode(creds.clientSecret ?? '')}`;
    headers['Authorization'] = `Basic ${Buffer.from(raw).toString('base64')}`;
  } else if (method === 'client_secret_post') {
    body.set('client_id', creds.clientId);
    body.set('client_secret', creds.clientSecret ?? '');
  } else {
    body.set('client_id', creds.clientId);
  }
  const res = await httpFetch(as.tokenEndpoint, { method: 'POST', headers, body: body.toString() });
  const text = await res.text().catch(() => '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (res.status < 200 || res.status > 299 || !isObj(doc)) {
    const oauthError = isObj(doc) ? str(doc['error']) : undefined;
    const desc = isObj(doc) ? str(doc['error_description']) : undefined;
    throw new TokenEndpointError(
      `token request (${params['grant_type']}) failed: HTTP ${res.status}${oauthError ? ` ${oauthError}` : ''}${desc ? ` (${desc})` : ''}`,
      oauthError,
    );
  }
  const at = str(doc['access_token']);
  if (!at) throw new ClientError('token response has no access_token');
  const tt = str(doc['token_type']);
  if (tt !== undefined && tt.toLowerCase() !== 'bearer') throw new ClientError(`token_type ${tt} is not Bearer`);
  const ts: TokenSet = { accessToken: at, issuer: as.issuer };
  const rt = str(doc['refresh_token']);
  if (rt) ts.refreshToken = rt;
  const exp = doc['expires_in'];
  if (typeof exp === 'number' && exp > 0) ts.expiresAt = Date.now() + exp * 1000;
  return ts;
}

async function authorizationCodeFlow(as: AuthServer, creds: ClientCredentials, resource: string, scope: string | undefined): Promise<TokenSet> {
  const redirect = await ensureCallbackServer();
  const verifier = base64url(randomBytes(32)); // 43 characters (RFC 7636 §4.1)
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = bug('no-state') ? undefined : base64url(randomBytes(24));

  const authUrl = new URL(as.authorizationEndpoint);
  const q = authUrl.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', creds.clientId);
  q.set('redirect_uri', redirect);
  if (!bug('no-pkce')) {
    q.set('code_challenge', challenge);
    q.set('code_challenge_method', 'S256');
  }
  if (state !== undefined) q.set('state', state);
  if (!bug('no-resource')) q.set('resource', resource);
  if (scope) q.set('scope', scope);

  if (pending) pending.reject(new ClientError('superseded by a new authorization request'));
  // The expected issuer is recorded with the PKCE verifier and state before redirecting (2026-07-28
  // "Authorization Response Validation"); it comes from validated metadata.
  const code = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (pending === record) pending = undefined;
      reject(new ClientError(`no authorization response on ${redirect} within ${CALLBACK_TIMEOUT_MS / 1000} s`));
    }, CALLBACK_TIMEOUT_MS);
    const record: PendingAuthorization = {
      issuer: as.issuer,
      issSupported: as.metadata['authorization_response_iss_parameter_supported'] === true,
      resolve: (c) => {
        clearTimeout(timer);
        resolve(c);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    };
    if (state !== undefined) record.state = state;
    pending = record;
    try {
      openBrowser(authUrl.href);
    } catch (e) {
      pending = undefined;
      record.reject(e as Error);
    }
  });

  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirect,
  };
  if (!bug('no-pkce')) params['code_verifier'] = verifier;
  if (!bug('no-resource')) params['resource'] = resource;
  return tokenRequest(as, creds, params);
}

async function refreshFlow(as: AuthServer, creds: ClientCredentials, resource: string, refreshToken: string): Promise<TokenSet> {
  const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
  if (!bug('no-resource')) params['resource'] = resource;
  const ts = await tokenRequest(as, creds, params);
  // Refresh tokens may be rotated (OAuth 2.1 §4.3.1): keep the old one only if no new one came back.
  if (!ts.refreshToken) ts.refreshToken = refreshToken;
  return ts;
}

// ---------------------------------------------------------------------------------------------
// MCP over Streamable HTTP
// ---------------------------------------------------------------------------------------------

interface RpcMessage {
  jsonrpc?: string;
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string; data?: unknown };
}

/** Parses an SSE body, returning the JSON-RPC response with the given id (other messages go to onOther). */
async function readSse(res: Response, id: number, onOther: (m: RpcMessage) => Promise<void>): Promise<RpcMessage | undefined> {
  if (!res.body) return undefined;
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let data: string[] = [];
  const dispatch = async (): Promise<RpcMessage | undefined> => {
    if (data.length === 0) return undefined;
    const payload = data.join('\n');
    data = [];
    let msg: unknown;
    try {
      msg = JSON.parse(payload);
    } catch {
      return undefined;
    }
    const msgs = Array.isArray(msg) ? msg : [msg];
    for (const m of msgs) {
      if (!isObj(m)) continue;
      const rm = m as RpcMessage;
      if (rm.id === id && (rm.result !== undefined || rm.error !== undefined)) return rm;
      await onOther(rm);
    }
    return undefined;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + (buf[nl] === '\r' && buf[nl + 1] === '\n' ? 2 : 1));
        if (line === '') {
          const found = await dispatch();
          if (found) return found;
        } else if (line.startsWith(':')) {
          // comment / keep-alive
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (field === 'data') data.push(value);
        }
      }
    }
    return await dispatch();
  } catch (e) {
    throw new ClientError(`reading the SSE stream failed: ${(e as Error).message}`);
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

const MODERN_ERRORS = new Set([-32020, -32021, -32022]);

class RpcFailure extends ClientError {
  constructor(
    message: string,
    public readonly status: number,
    public readonly rpcError: RpcMessage['error'] | undefined,
  ) {
    super(message);
  }
}

/** A header-safe rendering (2026-07-28 Streamable HTTP "Value Encoding"). */
function headerValue(v: string): string {
  const plain = /^[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?$/.test(v) && !(v.startsWith('=?base64?') && v.endsWith('?='));
  return plain ? v : `=?base64?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}

interface HeaderParam {
  path: string[];
  name: string;
}

/** x-mcp-header annotations; undefined when the tool definition is invalid and must be excluded. */
function headerParams(schema: unknown): HeaderParam[] | undefined {
  let total = 0;
  const countAll = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(countAll);
    else if (isObj(n))
      for (const [k, v] of Object.entries(n)) {
        if (k === 'x-mcp-header') total++;
        countAll(v);
      }
  };
  countAll(schema);
  const found: HeaderParam[] = [];
  let ok = true;
  const walk = (node: unknown, path: string[]): void => {
    if (!isObj(node) || !isObj(node['properties'])) return;
    for (const [k, sub] of Object.entries(node['properties'])) {
      if (!isObj(sub)) continue;
      if ('x-mcp-header' in sub) {
        const name = sub['x-mcp-header'];
        const type = sub['type'];
        if (typeof name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || !['string', 'integer', 'boolean'].includes(String(type))) ok = false;
        else found.push({ path: [...path, k], name });
      }
      walk(sub, [...path, k]);
    }
  };
  walk(schema, []);
  if (!ok || found.length !== total) return undefined;
  const lower = found.map((f) => f.name.toLowerCase());
  if (new Set(lower).size !== lower.length) return undefined;
  return found;
}

class McpConnection {
  private readonly url: URL;
  private readonly urlString: string;
  private modern = MODERN_VERSIONS.includes(requestedRevision);
  private protocolVersion: string | undefined; // set after initialize (legacy)
  private sessionId: string | undefined;
  private nextId = 1;

  private prm: ResourceMetadata | undefined;
  private as: AuthServer | undefined;
  private creds: ClientCredentials | undefined;
  private tokens: TokenSet | undefined;
  private requestedScope: string | undefined;
  private authorizations = 0;
  private refreshes = 0;
  private readonly stepUps = new Map<string, number>();

  constructor(url: string) {
    this.url = secureUrlForMcp(url);
    this.urlString = url;
  }

  // ------------------------------ authorization ------------------------------

  /** The resource indicator: the canonical URI announced in the validated PRM (RFC 8707 / RFC 9728). */
  private resource(): string {
    return this.prm?.resource ?? canonicalUri(this.url);
  }

  private async ensureAuthServer(ch: BearerChallenge, refetchPrm: boolean): Promise<void> {
    if (!this.prm || refetchPrm) {
      this.prm = await discoverResourceMetadata(this.url, ch.resourceMetadata);
    }
    const issuers = this.prm.authorizationServers;
    if (this.as && issuers.includes(this.as.issuer)) return;
    if (this.as) log(`protected resource metadata now names ${issuers.join(', ')} instead of ${this.as.issuer}`);
    // Several authorization servers: the choice is the client's (RFC 9728 §7.6); take the first one
    // whose metadata can be discovered and validated.
    const problems: string[] = [];
    for (const issuer of issuers) {
      try {
        this.as = await discoverAuthServer(issuer, this.url);
        this.creds = undefined;
        this.tokens = undefined; // tokens are per authorization server
        return;
      } catch (e) {
        if (issuers.length === 1) throw e;
        problems.push((e as Error).message);
      }
    }
    throw new ClientError(`no usable authorization server: ${problems.join('; ')}`);
  }

  private async authorize(ch: BearerChallenge, scope: string | undefined, refetchPrm: boolean): Promise<void> {
    await this.ensureAuthServer(ch, refetchPrm);
    const as = this.as!;
    const redirect = await ensureCallbackServer();
    this.creds = await credentialsFor(as, redirect);
    if (++this.authorizations > MAX_AUTHORIZATIONS_PER_SERVER) {
      throw new ClientError(`giving up after ${MAX_AUTHORIZATIONS_PER_SERVER} authorizations for ${this.urlString}`);
    }
    this.requestedScope = scope;
    log(`authorizing at ${as.issuer} for ${this.resource()}${scope ? ` with scope "${scope}"` : ' without scope'}`);
    this.tokens = await authorizationCodeFlow(as, this.creds, this.resource(), scope);
  }

  /** Scope Selection Strategy: challenge scope, else all PRM scopes_supported, else none. */
  private initialScope(ch: BearerChallenge): string | undefined {
    if (ch.scope) return ch.scope;
    const ss = this.prm?.scopesSupported;
    return ss && ss.length ? ss.join(' ') : undefined;
  }

  private async tryRefresh(): Promise<boolean> {
    if (!this.tokens?.refreshToken || !this.as || !this.creds) return false;
    if (++this.refreshes > MAX_REFRESHES_PER_SERVER) return false;
    try {
      this.tokens = await refreshFlow(this.as, this.creds, this.resource(), this.tokens.refreshToken);
      log('access token refreshed');
      return true;
    } catch (e) {
      log(`refresh failed: ${(e as Error).message}`);
      this.tokens = undefined;
      return false;
    }
  }

  /** Handles a 401 (authorization required / invalid_token). */
  private async on401(res: Response): Promise<void> {
    const ch = bearerChallenge(res);
    await discard(res);
    if (ch.error) log(`401 ${ch.error}${ch.errorDescription ? ` (${ch.errorDescription})` : ''}`);
    if (!this.tokens) {
      // Initial authorization: discover from this challenge.
      await this.ensureAuthServer(ch, true);
      await this.authorize(ch, this.initialScope(ch), false);
      return;
    }
    // The token was rejected. A challenge naming metadata is re-read (the authorization server may
    // have changed, RFC 9728 §5.2); then refresh if possible, else authorize again.
    const before = this.as?.issuer;
    if (ch.resourceMetadata && !bug('ignore-resource-metadata')) await this.ensureAuthServer(ch, true);
    if (this.as?.issuer === before && (await this.tryRefresh())) return;
    await this.authorize(ch, ch.scope ?? this.requestedScope ?? this.initialScope(ch), false);
  }

  /** Handles a 403: step-up for insufficient_scope (bounded), anything else is a failure. */
  private async on403(res: Response, operation: string): Promise<void> {
    const ch = bearerChallenge(res);
    await discard(res);
    if (ch.error !== 'insufficient_scope') {
      throw new ClientError(`403 Forbidden for ${operation}${ch.error ? ` (${ch.error})` : ''}`);
    }
    const n = (this.stepUps.get(operation) ?? 0) + 1;
    this.stepUps.set(operation, n);
    if (n > MAX_STEP_UPS_PER_OPERATION) throw new ClientError(`still insufficient_scope for ${operation} after ${n - 1} step-up authorizations`);
    if (!ch.scope) throw new ClientError(`403 insufficient_scope for ${operation} names no scope to request`);
    // 2026-07-28: "Determine required scopes by computing the union of the client's previously requested
    // scope set and the scopes from the current challenge." 2025-11-25: the challenge scopes are
    // authoritative and the Scope Selection Strategy (challenge scope first) applies.
    const scope = revAtLeast('2026-07-28') ? scopeUnion(this.requestedScope, ch.scope) : ch.scope;
    log(`step-up authorization for ${operation}: scope "${scope}"`);
    await this.authorize(ch, scope, !!ch.resourceMetadata && ch.resourceMetadata !== this.prm?.url);
  }

  // ------------------------------ transport ------------------------------

  private async maybeRefreshExpired(): Promise<void> {
    if (this.tokens?.expiresAt && this.tokens.refreshToken && this.tokens.expiresAt - 5_000 < Date.now()) {
      log('access token expired or about to; refreshing');
      await this.tryRefresh();
    }
  }

  private baseHeaders(isInitialize: boolean): Record<string, string> {
    const h: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    };
    if (this.tokens) h['Authorization'] = `Bearer ${this.tokens.accessToken}`;
    if (this.modern) h['MCP-Protocol-Version'] = MODERN_VERSIONS[0]!;
    else if (!isInitialize && this.protocolVersion) h['MCP-Protocol-Version'] = this.protocolVersion;
    if (!this.modern && this.sessionId && !isInitialize) h['Mcp-Session-Id'] = this.sessionId;
    return h;
  }

  /** POSTs one JSON-RPC message, handling 401/403 by (re-)authorization; returns the final response. */
  private async post(message: RpcMessage, extraHeaders: Record<string, string>, operation: string): Promise<Response> {
    const isInitialize = message.method === 'initialize';
    for (let attempt = 0; ; attempt++) {
      await this.maybeRefreshExpired();
      const res = await httpFetch(this.urlString, {
        method: 'POST',
        headers: { ...this.baseHeaders(isInitialize), ...extraHeaders },
        body: JSON.stringify(message),
      });
      if (res.status !== 401 && res.status !== 403) return res;
      if (attempt >= MAX_AUTH_RETRIES_PER_REQUEST) {
        await discard(res);
        throw new ClientError(`${operation}: still HTTP ${res.status} after ${attempt} authorization attempts`);
      }
      if (res.status === 401) await this.on401(res);
      else await this.on403(res, operation);
    }
  }

  private async respondToServerRequest(m: RpcMessage): Promise<void> {
    if (m.method === undefined || m.id === undefined || m.id === null || this.modern) return;
    const reply: RpcMessage =
      m.method === 'ping'
        ? { jsonrpc: '2.0', id: m.id, result: {} }
        : { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `method not supported: ${m.method}` } };
    const res = await this.post(reply, {}, `reply to ${m.method}`);
    await discard(res);
  }

  private meta(): Json {
    return {
      'io.modelcontextprotocol/protocolVersion': MODERN_VERSIONS[0]!,
      'io.modelcontextprotocol/clientInfo': { name: CLIENT_NAME, version: CLIENT_VERSION },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
  }

  /** Sends a request and returns its result, throwing RpcFailure on HTTP or JSON-RPC errors. */
  private async request(
    method: string,
    params: Json,
    extraHeaders: Record<string, string> = {},
    sessionRetry = true,
  ): Promise<{ result: Json; res: Response }> {
    const id = this.nextId++;
    const p = this.modern ? { ...params, _meta: this.meta() } : params;
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.modern) headers['Mcp-Method'] = method;
    const res = await this.post({ jsonrpc: '2.0', id, method, params: p }, headers, method);
    if (res.status === 404 && !this.modern && this.sessionId && method !== 'initialize' && sessionRetry) {
      // "When a client receives HTTP 404 in response to a request containing an MCP-Session-Id, it MUST
      //  start a new session by sending a new InitializeRequest without a session ID attached."
      await discard(res);
      log('session expired (404); starting a new session');
      this.sessionId = undefined;
      await this.initialize(this.protocolVersion ?? requestedRevision);
      return this.request(method, params, extraHeaders, false);
    }
    const ct = (res.headers.get('content-type') ?? '').toLowerCase();
    let msg: RpcMessage | undefined;
    if (ct.includes('text/event-stream')) {
      msg = await readSse(res, id, (m) => this.respondToServerRequest(m));
    } else {
      const text = await res.text().catch(() => '');
      try {
        const parsed: unknown = JSON.parse(text);
        const list = Array.isArray(parsed) ? parsed : [parsed];
        msg = list.find((m) => isObj(m) && (m as RpcMessage).id === id) as RpcMessage | undefined;
        if (!msg && isObj(parsed) && (parsed as RpcMessage).error) msg = parsed;
      } catch {
        msg = undefined;
      }
    }
    if (res.status < 200 || res.status > 299) {
      throw new RpcFailure(`${method}: HTTP ${res.status}${msg?.error ? ` (JSON-RPC ${msg.error.code}: ${msg.error.message})` : ''}`, res.status, msg?.error);
    }
    if (!msg) throw new RpcFailure(`${method}: no JSON-RPC response`, res.status, undefined);
    if (msg.error) throw new RpcFailure(`${method}: JSON-RPC error ${msg.error.code}: ${msg.error.message}`, res.status, msg.error);
    if (!isObj(msg.result)) throw new RpcFailure(`${method}: response has no result object`, res.status, undefined);
    return { result: msg.result, res };
  }

  private async notify(method: string): Promise<void> {
    const res = await this.post({ jsonrpc: '2.0', method }, {}, method);
    await discard(res);
    if (res.status !== 202 && (res.status < 200 || res.status > 299)) throw new ClientError(`${method}: HTTP ${res.status}`);
  }

  // ------------------------------ lifecycle ------------------------------

  private async initialize(version: string): Promise<void> {
    this.modern = false;
    const { result, res } = await this.request('initialize', {
      protocolVersion: version,
      capabilities: {},
      clientInfo: { name: CLIENT_NAME, version: CLIENT_VERSION },
    });
    const negotiated = str(result['protocolVersion']);
    if (!negotiated || !LEGACY_VERSIONS.includes(negotiated)) {
      throw new ClientError(`server negotiated unsupported protocol version ${String(result['protocolVersion'])}`);
    }
    this.protocolVersion = negotiated;
    const sid = res.headers.get('mcp-session-id');
    if (sid) this.sessionId = sid;
    log(`initialized (protocol ${negotiated}${sid ? ', session' : ''})`);
    await this.notify('notifications/initialized');
  }

  /** 2026-07-28: probe with server/discover; fall back to initialize for a legacy server. */
  private async discoverModern(): Promise<void> {
    try {
      const { result } = await this.request('server/discover', {});
      const versions = result['supportedVersions'];
      if (Array.isArray(versions) && !versions.includes(MODERN_VERSIONS[0])) {
        const legacy = LEGACY_VERSIONS.find((v) => versions.includes(v));
        if (!legacy) throw new ClientError(`server supports none of our versions: ${JSON.stringify(versions)}`);
        log(`server/discover lists ${JSON.stringify(versions)}; using ${legacy}`);
        await this.initialize(legacy);
        return;
      }
      log('server/discover succeeded; staying on 2026-07-28');
    } catch (e) {
      if (!(e instanceof RpcFailure)) throw e;
      const code = e.rpcError?.code;
      if (code === -32022) {
        const data = e.rpcError?.data;
        const supported = isObj(data) && Array.isArray(data['supported']) ? (data['supported'] as unknown[]) : [];
        const legacy = LEGACY_VERSIONS.find((v) => supported.includes(v));
        if (!legacy) throw new ClientError(`server supports none of our versions: ${JSON.stringify(supported)}`);
        await this.initialize(legacy);
        return;
      }
      if (code !== undefined && MODERN_ERRORS.has(code)) throw e;
      // Streamable HTTP "Backward Compatibility": a 4xx (or an error) that is not a recognised modern
      // JSON-RPC error means a legacy server; fall back to initialize.
      log(`server/discover not understood (${e.message}); falling back to initialize`);
      await this.initialize('2025-11-25');
    }
  }

  async run(): Promise<void> {
    if (this.modern) await this.discoverModern();
    else await this.initialize(requestedRevision);

    const tools: Json[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { result } = await this.request('tools/list', cursor ? { cursor } : {});
      if (Array.isArray(result['tools'])) for (const t of result['tools']) if (isObj(t)) tools.push(t);
      cursor = str(result['nextCursor']);
      if (!cursor) break;
    }
    log(`tools: ${tools.map((t) => String(t['name'])).join(', ') || '(none)'}`);
    const echo = tools.find((t) => t['name'] === 'echo');
    if (echo) {
      const args = { text: 'hi' };
      const headers: Record<string, string> = {};
      if (this.modern) {
        headers['Mcp-Name'] = headerValue('echo');
        const hp = headerParams(echo['inputSchema']);
        if (hp === undefined) {
          log('tool echo has an invalid x-mcp-header annotation; excluded');
        } else {
          for (const h of hp) {
            let v: unknown = args;
            for (const k of h.path) v = isObj(v) ? v[k] : undefined;
            if (v === undefined || v === null) continue;
            headers[`Mcp-Param-${h.name}`] = headerValue(typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
          }
        }
      }
      if (!this.modern || headerParams(echo['inputSchema']) !== undefined) {
        const { result } = await this.request('tools/call', { name: 'echo', arguments: args }, headers);
        const content = Array.isArray(result['content']) ? result['content'] : [];
        const text = content.map((c) => (isObj(c) ? (str(c['text']) ?? '') : '')).join('');
        log(`echo -> ${JSON.stringify(text)}${result['isError'] === true ? ' (isError)' : ''}`);
      }
    }
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.modern || !this.sessionId) return;
    // "Clients that no longer need a particular session SHOULD send an HTTP DELETE"; 405 is fine.
    const headers = this.baseHeaders(false);
    delete headers['Content-Type'];
    try {
      const res = await httpFetch(this.urlString, { method: 'DELETE', headers });
      await discard(res);
    } catch (e) {
      log(`DELETE failed: ${(e as Error).message}`);
    }
  }
}

function secureUrlForMcp(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ClientError(`MCP server URL is not an absolute URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ClientError(`MCP server URL must be http(s): ${raw}`);
  if (u.hash) throw new ClientError(`MCP server URL must not have a fragment: ${raw}`);
  return u;
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const urls: string[] = [];
  const last = positional[positional.length - 1];
  if (last) urls.push(last);
  const extra = process.env['MCP_CONFORMANCE_MCP_URLS'];
  if (extra) {
    try {
      const list: unknown = JSON.parse(extra);
      if (Array.isArray(list)) for (const u of list) if (typeof u === 'string' && !urls.includes(u)) urls.push(u);
    } catch {
      log('MCP_CONFORMANCE_MCP_URLS is not a JSON array; ignoring it');
    }
  }
  if (urls.length === 0) usage('no MCP server URL');
  if (bugs.size) log(`deliberate bugs: ${[...bugs].join(', ')}`);
  log(`revision ${requestedRevision}; servers: ${urls.join(', ')}`);

  let failures = 0;
  for (const u of urls) {
    try {
      await new McpConnection(u).run();
      log(`OK ${u}`);
    } catch (e) {
      failures++;
      process.stderr.write(`independent-client: FAILED ${u}: ${(e as Error).message}\n`);
    }
  }
  return failures ? 1 : 0;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`independent-client: FAILED: gave up after ${WATCHDOG_MS / 1000} s\n`);
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

main()
  .then((code) => {
    closeCallbackServer();
    process.exit(code);
  })
  .catch((e: unknown) => {
    closeCallbackServer();
    process.stderr.write(`independent-client: FAILED: ${(e as Error).message ?? String(e)}\n`);
    process.exit(1);
  });
