// The built-in reference client, run as its own process like any client under test:
//   node reference-client.js <mcp-server-url>
// It is the official SDK's Client and Streamable HTTP transport with an OAuth client provider, a real
// loopback callback listener, and the browser opened through $BROWSER or xdg-open as CLIs do. Where the
// SDK skips a requirement it is added here: the metadata issuer (RFC 8414 §3.3), code_challenge_methods_supported
// (2025-11-25), state on the callback, and RFC 9207 iss; DPoP (SEP-1932) where the authorization server offers it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { selectClientAuthMethod, UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { withDpop } from './reference-dpop.js';
import { extensionAccessToken } from './reference-extensions.js';

/** The revision this client implements, and so negotiates: the one the harness asks for (the newest by default). */
const SPEC_VERSION = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2026-07-28';

const CALLBACK_TIMEOUT_MS = 30_000;

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
/** Authorizations after a refused operation's first one: with it, three in all, "a few" as the official suite counts them. */
const MAX_AUTHORIZATIONS = 2;

interface Callback {
  code: string;
  iss: string | null;
}

function fatal(message: string): never {
  process.stderr.write(`reference client: ${message}\n`);
  process.exit(1);
}

/** What the client learnt during discovery, to validate the authorization response against. */
const discovered = {
  authorizationServers: [] as string[],
  issuer: undefined as string | undefined,
  issParameterSupported: false,
  /** token_endpoint_auth_methods_supported of the metadata, to register again when a server refuses none. */
  authMethods: [] as string[],
  registrationEndpoint: undefined as string | undefined,
};

/**
 * Where the reference client says its Client ID Metadata Document lives. The reserved .invalid name can never
 * resolve, so an authorization server cannot fetch it: the harness judges the client_id's form and says the
 * document could not be checked (a client serving its document on loopback https is judged in full).
 */
const CLIENT_METADATA_URL = 'https://reference-client.mcp-oauth-conformance.invalid/client-metadata.json';

/** Step-up (WWW-4): the scope a 403 insufficient_scope challenged, until the next authorization request. */
const stepUp = { challenged: undefined as string | undefined, onChallenge: (() => {}) as () => void };

function challengeParam(header: string | null, name: string): string | undefined {
  return header?.match(new RegExp(`${name}="([^"]*)"`))?.[1];
}

/** Every request goes out through DPoP (reference-dpop.ts), which is active where an authorization server offers it. */
const send = withDpop(fetch);

/**
 * Wraps fetch to refuse metadata the SDK would accept: a document whose issuer is not the one its URL was
 * built from, and (2025-11-25 on) one without code_challenge_methods_supported.
 */
const validatingFetch: typeof fetch = async (input, init) => {
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

/** A loopback listener for the redirect URI; a callback with a wrong state is answered 400 and ignored. */
async function startCallbackListener() {
  let expectedState: string | undefined;
  let deliver: ((callback: Callback) => void) | undefined;
  let reject: ((error: Error) => void) | undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    if (!expectedState || params.get('state') !== expectedState) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('state does not match the authorization request; callback ignored');
      return;
    }
    const error = params.get('error');
    // An error response from another issuer is neither shown nor acted on (2026-07-28 Authorization Response
    // Validation): the flow waits for the genuine response.
    const foreign = error ? issProblem(params.get('iss')) : undefined;
    if (foreign) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('this authorization response does not come from the authorization server asked; ignored');
      process.stderr.write(`reference client: ignored an error response: ${foreign}\n`);
      return;
    }
    if (error) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`authorization failed: ${error}`);
      reject?.(new Error(`authorization server answered ${error}: ${params.get('error_description') ?? ''}`));
      return;
    }
    const code = params.get('code');
    if (!code) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no code');
      return;
    }
    expectedState = undefined;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Authorization complete; you may close this window.');
    deliver?.({ code, iss: params.get('iss') });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    expect(state: string) {
      expectedState = state;
    },
    next(): Promise<Callback> {
      return new Promise((resolve, fail) => {
        const timer = setTimeout(() => fail(new Error('no authorization callback arrived in time')), CALLBACK_TIMEOUT_MS);
        deliver = (callback) => {
          clearTimeout(timer);
          resolve(callback);
        };
        reject = (error) => {
          clearTimeout(timer);
          fail(error);
        };
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opens a URL the way command-line clients do: $BROWSER, else xdg-open. Never through a shell. */
function openBrowser(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`refusing to open ${url.protocol} URL`);
  const launcher = process.env.BROWSER || 'xdg-open';
  const child = spawn(launcher, [url.href], { stdio: 'ignore', detached: true });
  child.on('error', (error) => process.stderr.write(`reference client: cannot start ${launcher}: ${error.message}\n`));
  child.unref();
}

function preRegisteredClient(): OAuthClientInformationMixed | undefined {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  if (!raw) return undefined;
  const context = JSON.parse(raw) as { client_id?: string; client_secret?: string; token_endpoint_auth_method?: string };
  if (!context.client_id) return undefined;
  // The method the credentials were registered with (the official suite's context names it; default client_secret_basic).
  return {
    client_id: context.client_id,
    ...(context.client_secret ? { client_secret: context.client_secret } : {}),
    ...(context.token_endpoint_auth_method ? { token_endpoint_auth_method: context.token_endpoint_auth_method } : {}),
  };
}

/**
 * Client credentials and tokens are kept per issuer, the one whose metadata was validated last (2026-07-28
 * "Authorization Server Binding"): when the resource moves to another authorization server, nothing of the old one
 * is sent to the new one, and the client registers there afresh. Pre-registered credentials are bound to the first
 * issuer they are used with.
 */
class ReferenceProvider implements OAuthClientProvider {
  private readonly preRegistered = preRegisteredClient();
  private preRegisteredIssuer?: string;
  private readonly preRegisteredRefused = new Set<string>();
  private readonly clients = new Map<string, OAuthClientInformationMixed>();
  private readonly savedTokens = new Map<string, OAuthTokens>();
  private verifier?: string;
  lastState?: string;
  /** The scope of the last authorization request, for the 2026-07-28 step-up union (WWW-5). */
  private requestedScope?: string;
  readonly clientMetadataUrl = CLIENT_METADATA_URL;

  constructor(
    readonly redirectUrl: string,
    private readonly onState: (state: string) => void,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    // application_type: a CLI with a loopback redirect URI is a native application (2026-07-28, SEP-837: MUST be
    // specified); sent at every revision, since servers that do not know the member ignore it (RFC 7591 §2).
    const metadata: OAuthClientMetadata & { application_type: 'native' } = {
      client_name: 'mcp-oauth-conformance reference client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    };
    return metadata;
  }

  /** A step-up needs a new authorization, not a refresh of the token that lacks the scope. */
  forgetRefreshToken(): void {
    const tokens = this.tokens();
    if (tokens) this.saveTokens({ ...tokens, refresh_token: undefined });
  }

  state(): string {
    this.lastState = randomBytes(24).toString('base64url');
    this.onState(this.lastState);
    return this.lastState;
  }

  clientInformation() {
    const issuer = discovered.issuer;
    const own = this.clients.get(issuer ?? '');
    if (own || !this.preRegistered || issuer === undefined) return own ?? this.preRegistered;
    // Pre-registered credentials belong to one authorization server, the first whose metadata they were used with:
    // another one gets none of them, and the client registers there (2026-07-28 Authorization Server Binding).
    this.preRegisteredIssuer ??= issuer;
    if (this.preRegisteredIssuer === issuer) return this.preRegistered;
    if (!this.preRegisteredRefused.has(issuer)) {
      this.preRegisteredRefused.add(issuer);
      process.stderr.write(
        `reference client: the pre-registered credentials are for ${this.preRegisteredIssuer}, and the server now names ${issuer}: registering there instead\n`,
      );
    }
    return undefined;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.clients.set(discovered.issuer ?? '', info);
  }

  tokens() {
    return this.savedTokens.get(discovered.issuer ?? '');
  }

  saveTokens(tokens: OAuthTokens): void {
    this.savedTokens.set(discovered.issuer ?? '', tokens);
  }

  redirectToAuthorization(url: URL): void {
    if (stepUp.challenged && SPEC_VERSION >= '2026-07-28' && this.requestedScope) {
      const union = new Set([...this.requestedScope.split(' '), ...(url.searchParams.get('scope') ?? '').split(' ')].filter(Boolean));
      url.searchParams.set('scope', [...union].join(' '));
    }
    stepUp.challenged = undefined;
    this.requestedScope = url.searchParams.get('scope') ?? undefined;
    openBrowser(url);
  }

  /**
   * The SDK's own client_secret_basic puts client_id and secret into the header as they are; RFC 6749 §2.3.1 (OAuth
   * 2.1 §2.4.1) form-encodes each first, which changes secrets with "+", "/" or "=" (standard base64) and the like.
   * An arrow function: the SDK passes it on unbound.
   */
  readonly addClientAuthentication = (headers: Headers, params: URLSearchParams, _url: string | URL, metadata?: AuthorizationServerMetadata): void => {
    const client = this.clientInformation();
    if (!client) throw new Error('no client information to authenticate with');
    const method = selectClientAuthMethod(client, metadata?.token_endpoint_auth_methods_supported ?? []);
    const encoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
    if (method === 'client_secret_basic' && client.client_secret) {
      headers.set('Authorization', `Basic ${Buffer.from(`${encoded(client.client_id)}:${encoded(client.client_secret)}`).toString('base64')}`);
      return;
    }
    params.set('client_id', client.client_id);
    if (method === 'client_secret_post' && client.client_secret) params.set('client_secret', client.client_secret);
  };

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE verifier saved');
    return this.verifier;
  }
}

/**
 * The SDK's Client always offers its own newest protocol version in initialize; the reference client offers the
 * revision whose authorization rules it follows, so a run that judges at the negotiated revision judges those.
 */
function speaking(revision: string, transport: StreamableHTTPClientTransport): StreamableHTTPClientTransport {
  if (!SUPPORTED_PROTOCOL_VERSIONS.includes(revision)) SUPPORTED_PROTOCOL_VERSIONS.unshift(revision);
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if ('method' in message && message.method === 'initialize' && message.params)
      message = { ...message, params: { ...message.params, protocolVersion: revision } };
    return send(message, options);
  };
  return transport;
}

/** What RFC 9207 §2.4 finds wrong with an authorization response's iss, or undefined. */
function issProblem(iss: string | null): string | undefined {
  if (iss !== null) return iss === discovered.issuer ? undefined : `authorization response iss ${iss} is not the issuer ${discovered.issuer}`;
  return discovered.issParameterSupported ? 'the authorization server promises iss in the authorization response, and it is missing' : undefined;
}

/** RFC 9207 §2.4, applied before the code is redeemed. */
function validateIss(callback: Callback): void {
  const problem = issProblem(callback.iss);
  if (problem) throw new Error(problem);
}

/** An extension grant (reference-extensions.ts) obtained the token without a browser: use it. */
async function connectWithToken(serverUrl: URL, token: string): Promise<void> {
  const client = new Client({ name: 'mcp-oauth-conformance-reference', version: '1.0.0' });
  const transport = speaking(SPEC_VERSION, new StreamableHTTPClientTransport(serverUrl, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  await client.connect(transport);
  const tools = await client.listTools();
  await transport.terminateSession();
  await client.close();
  process.stdout.write(`connected to ${serverUrl.href} with an extension grant's token; ${tools.tools.length} tool(s)\n`);
}

async function main(): Promise<void> {
  const target = process.argv[process.argv.length - 1];
  if (!target || !/^https?:\/\//.test(target)) fatal('usage: reference-client <mcp-server-url>');
  const serverUrl = new URL(target);
  const extensionToken = await extensionAccessToken(serverUrl);
  if (extensionToken) return connectWithToken(serverUrl, extensionToken);
  const callbacks = await startCallbackListener();
  const provider = new ReferenceProvider(callbacks.redirectUrl, (state) => callbacks.expect(state));
  stepUp.onChallenge = () => provider.forgetRefreshToken();
  const client = new Client({ name: 'mcp-oauth-conformance-reference', version: '1.0.0' });
  const newTransport = () => speaking(SPEC_VERSION, new StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: validatingFetch }));
  let transport = newTransport();

  // Each UnauthorizedError means the SDK sent the user to the authorization server: wait for the
  // callback, redeem the code, and retry what was refused, a bounded number of times. A refused
  // connect leaves its transport closed, so connecting again takes a new one.
  const authorized = async <T>(operation: () => Promise<T>, renewTransport = false): Promise<T> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await operation();
      } catch (error) {
        if (!(error instanceof UnauthorizedError) || attempt >= MAX_AUTHORIZATIONS) throw error;
        const callback = await callbacks.next();
        validateIss(callback);
        await transport.finishAuth(callback.code);
        if (renewTransport) transport = newTransport();
      }
    }
  };

  try {
    await authorized(() => client.connect(transport), true);
    const tools = await authorized(() => client.listTools());
    if (tools.tools.some((t) => t.name === 'echo')) {
      await authorized(() => client.callTool({ name: 'echo', arguments: { text: 'conformance' } }));
    }
    await transport.terminateSession();
    await client.close();
    process.stdout.write(`connected to ${serverUrl.href}; ${tools.tools.length} tool(s)\n`);
  } finally {
    await callbacks.close();
  }
}

main().catch((error: Error) => fatal(error.message));
