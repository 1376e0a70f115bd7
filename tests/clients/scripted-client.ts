// A hand-written MCP OAuth client for the test suite: it follows the specification step by step with
// plain fetch, unless told to make one of the mistakes real clients make:
//   node scripted-client.js [--fault NAME]... [--auth-method none|client_secret_basic|client_secret_post|auto]
//                           [--code-from-location] [--follow-redirects] [--secrets-file FILE] [--listen-late MS|none]
//                           <mcp-server-url>
// Each fault is there to prove that a check fails, naming the wrong request.
// --auth-method: which token_endpoint_auth_method it asks for when it registers (default none; auto picks from the
//   metadata). It authenticates with the method the registration response assigned (RFC 7591 §3.2.1), and registers
//   once more with a listed method when a server refuses the one it asked for with invalid_client_metadata.
// --code-from-location: no browser; it loads the authorization URL itself and takes the code from the
//   Location of the redirect (what the official suite's example client does; its redirect URI is never listened on).
// --follow-redirects: discovery fetches follow redirects, as fetch does by default (a well-known URL that redirects
//   to a login page then answers HTML, which is no document); without it they do not follow (redirect: 'manual'), and
//   a redirect counts as no document.
// --secrets-file: after the flow it refreshes the token, then writes every secret it received or sent to FILE
//   ({scenario} in it is replaced by the scenario id)
//   (and prints them, as a careless client would) so tests can prove none reaches a written result.
// --listen-late MS|none: its callback listener comes up MS milliseconds after it opens the browser, or never.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asMetadataProbeUrls, prmProbeUrls } from '../../scenarios/well-known.js';
import { SCRIPTED_FAULTS as FAULTS } from './faults.js';
import { codeFromRedirect, issProblem, TokenKeeper } from './scripted-retries.js';

type Fault = (typeof FAULTS)[number];

const args = process.argv.slice(2);
const faults = new Set<Fault>();
for (let i = 0; i < args.length - 1; i += 1) {
  if (args[i] === '--fault') {
    const name = args[i + 1] as Fault;
    if (!FAULTS.includes(name)) fail(`unknown fault ${name}`);
    faults.add(name);
  }
}
const mcpUrl = args[args.length - 1] ?? '';
const option = (name: string) => (args.indexOf(name) >= 0 && args.indexOf(name) < args.length - 1 ? args[args.indexOf(name) + 1] : undefined);
const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post', 'auto'] as const;
const authMethodOption = (option('--auth-method') ?? 'none') as (typeof AUTH_METHODS)[number];
if (!AUTH_METHODS.includes(authMethodOption)) fail(`unknown --auth-method ${authMethodOption}`);
const codeFromLocation = args.slice(0, -1).includes('--code-from-location');
const followRedirects = args.slice(0, -1).includes('--follow-redirects');
const secretsFile = option('--secrets-file');
/** Its callback listener comes up this many milliseconds after it opens the browser (none: it never listens). */
const listenLate = option('--listen-late');
const secrets: Record<string, string[]> = {};
const remember = (name: string, value: string | undefined) => value && (secrets[name] ??= []).push(value);

function fail(message: string): never {
  process.stderr.write(`scripted client: ${message}\n`);
  process.exit(1);
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, redirect: followRedirects ? 'follow' : 'manual' });
  if (!response.ok) return undefined;
  return (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
}

async function firstDocument(urls: string[]): Promise<Record<string, unknown> | undefined> {
  for (const url of urls) {
    const document = await getJson(url);
    if (document) return document;
  }
  return undefined;
}

/** client_secret_basic: each value form-encoded first (RFC 6749 §2.3.1), unless the basic-unencoded fault says otherwise. */
function basicHeader(id: string, secret: string): string {
  const encode = (value: string) => (faults.has('basic-unencoded') ? value : new URLSearchParams({ v: value }).toString().slice(2));
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

function challengeParam(header: string, name: string): string | undefined {
  return header.match(new RegExp(`${name}="([^"]*)"`))?.[1];
}

async function mcpPost(body: unknown, token?: string, sessionId?: string): Promise<Response> {
  const url = new URL(mcpUrl);
  if (token && faults.has('token-in-query')) url.searchParams.set('access_token', token);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (token && !faults.has('token-in-query')) headers.authorization = `Bearer ${token}`;
  if (sessionId) headers['mcp-session-id'] = sessionId;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

// --protocol-version V: the revision it negotiates; default the one the harness asks for (or 2025-11-25).
// --protocol-version none: it never sends initialize (its first request is a ping).
const PROTOCOL_VERSION = option('--protocol-version') ?? process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25';

const initialize =
  PROTOCOL_VERSION === 'none'
    ? { jsonrpc: '2.0', id: 1, method: 'ping' }
    : {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'scripted-client', version: '1.0.0' } },
      };

/** The iss of the callback that delivered the code (RFC 9207). */
let callbackIss: string | null = null;

async function awaitCallback(state: string, issuer: string): Promise<{ code: Promise<string>; redirectUri: string; cancel(): void; browserOpened(): void }> {
  let resolveCode!: (code: string) => void;
  const server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (faults.has('refuse-callback')) {
      const page =
        '<!DOCTYPE html><html><head><title>Scripted - Authorization Failed</title><style>h1 { color: red; }</style></head>' +
        '<body><h1>Authorization Failed</h1><div class="error">Invalid or expired state parameter - potential CSRF attack</div></body></html>';
      res.writeHead(400, { 'content-type': 'text/html' }).end(page, () => fail('the authorization callback was refused'));
      return;
    }
    if (!faults.has('no-state') && !faults.has('ignore-callback-state') && params.get('state') !== state) {
      res.writeHead(400).end('bad state');
      return;
    }
    const error = params.get('error');
    if (error && faults.has('act-on-mismatched-error')) {
      res.writeHead(200).end(`authorization failed: ${error}: ${params.get('error_description') ?? ''}`);
      resolveCode('');
      return;
    }
    // An error response from another issuer is neither shown nor acted on: the genuine response may follow.
    if (error && params.has('iss') && params.get('iss') !== issuer) {
      res.writeHead(400).end('ignored: not from the authorization server asked');
      return;
    }
    res.writeHead(200).end('done');
    callbackIss = params.get('iss');
    resolveCode(params.get('code') ?? '');
  });
  if (listenLate === undefined) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A late listener's port is let go for a while: one below Linux's ephemeral range (32768 up), so that no server
  // elsewhere on the machine, bound to port 0, is handed it meanwhile.
  else
    for (let bound = false; !bound;) {
      bound = await new Promise<boolean>((resolve) => {
        const taken = () => resolve(false);
        server.once('error', taken);
        server.listen(20_000 + randomInt(12_000), '127.0.0.1', () => {
          server.off('error', taken);
          resolve(true);
        });
      });
    }
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    setTimeout(() => reject(new Error('no callback arrived')), 20_000).unref(); // a loaded machine can be slow
  }).finally(() => server.close());
  const port = (server.address() as AddressInfo).port;
  // --listen-late: the port is chosen, then let go until a while after the browser was opened.
  if (listenLate !== undefined) await new Promise((resolve) => server.close(resolve));
  const browserOpened = () => {
    if (listenLate !== undefined && listenLate !== 'none') setTimeout(() => server.listen(port, '127.0.0.1'), Number(listenLate));
  };
  return { code, redirectUri: `http://127.0.0.1:${port}/callback`, cancel: () => resolveCode(''), browserOpened };
}

/**
 * The first refusal: of initialize, or, where a server lets the handshake through unauthenticated (the official
 * suite's step-up scenarios do), of tools/list.
 */
async function firstChallenge(): Promise<Response> {
  const first = await mcpPost(initialize);
  if (first.status === 401 || !first.ok) return first;
  const sessionId = first.headers.get('mcp-session-id') ?? undefined;
  await first.text();
  await (await mcpPost({ jsonrpc: '2.0', method: 'notifications/initialized' }, undefined, sessionId)).text();
  return mcpPost({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, undefined, sessionId);
}

async function main(): Promise<void> {
  // 1. The unauthenticated request and its challenge.
  const first = await firstChallenge();
  if (first.status !== 401) fail(`expected 401 from ${mcpUrl}, got ${first.status}`);
  const challenge = first.headers.get('www-authenticate') ?? '';
  const headerUrl = faults.has('ignore-resource-metadata') ? undefined : challengeParam(challenge, 'resource_metadata');
  const challengeScope = challengeParam(challenge, 'scope');

  // 2. Protected resource metadata.
  let prmUrls = headerUrl ? [headerUrl] : prmProbeUrls(mcpUrl);
  if (faults.has('root-prm-first')) prmUrls = [...prmUrls].reverse();
  const prm = await firstDocument(prmUrls);
  if (!prm) fail('no protected resource metadata');
  // The MCP URL or, at a root PRM, its origin (accepted as the SDK and the official suite accept it; docs/decisions.md).
  const mcpOrigin = new URL(mcpUrl).origin;
  if (prm.resource !== mcpUrl && prm.resource !== mcpOrigin && !faults.has('trust-prm-resource')) fail(`PRM resource ${String(prm.resource)} is not ${mcpUrl}`);
  let resource = prm.resource === mcpOrigin ? mcpOrigin : mcpUrl;
  if (faults.has('resource-href')) resource = new URL(resource).href;
  if (faults.has('resource-fragment')) resource = `${resource}#mcp`;
  const tokenResource = faults.has('resource-inconsistent') ? resource.replace(/^[a-z]+:\/\/[^/]+/, (start) => start.toUpperCase()) : resource;
  const issuer = String((prm.authorization_servers as string[])[0]);

  // 3. Authorization server metadata.
  let asUrls = asMetadataProbeUrls(issuer);
  if (faults.has('asm-from-mcp-url')) asUrls = [`${mcpUrl}/.well-known/oauth-authorization-server`];
  if (faults.has('strip-issuer-path')) asUrls = [`${new URL(issuer).origin}/.well-known/oauth-authorization-server`];
  if (faults.has('rfc8414-only')) asUrls = asUrls.slice(0, 1);
  const metadata = await firstDocument(asUrls);
  if (!metadata) fail(`HTTP 401 trying to load well-known OAuth metadata from ${asUrls.join(', ')}`);
  // The fault rebuilds the expected issuer from the discovery URL, which RFC 8414 §3.1 built without the issuer's final "/".
  const expectedIssuer = faults.has('issuer-from-discovery-url') ? issuer.replace(/\/$/, '') : issuer;
  if (metadata.issuer !== expectedIssuer && !faults.has('trust-metadata-issuer')) fail(`issuer ${String(metadata.issuer)} is not ${expectedIssuer}`);
  if (!Array.isArray(metadata.code_challenge_methods_supported) && !faults.has('ignore-pkce-support')) {
    fail('the authorization server metadata lacks code_challenge_methods_supported; refusing to proceed');
  }
  if (faults.has('silent-exit')) process.exit(0);
  if (faults.has('spinner-then-die')) {
    for (const frame of ['◐', '◓', '◑', '◒'].flatMap((glyph) => [1, 2, 3].map((dots) => `${glyph}  Starting OAuth flow${'.'.repeat(dots)}`)))
      process.stderr.write(`\x1b[999D\x1b[J\x1b[36m${frame}\x1b[0m`);
    process.stderr.write('\nnpm notice New major version of npm available! 10.8.2 -> 11.6.0\nnpm notice To update run: npm install -g npm@11.6.0\n');
    process.stderr.write('\x1b[31mError: registration failed: the connection was reset\x1b[0m\n');
    process.stderr.write('npm notice Changelog: https://github.com/npm/cli/releases/tag/v11.6.0\n');
    process.exit(3);
  }
  const origin = new URL(issuer).origin;
  const guess = faults.has('guess-endpoints');
  const endpoints = {
    registration: guess ? `${origin}/register` : String(metadata.registration_endpoint),
    authorization: guess ? `${origin}/authorize` : String(metadata.authorization_endpoint),
    token: guess ? `${origin}/token` : String(metadata.token_endpoint),
  };

  // 4. Registration and the authorization request, through the browser.
  const state = randomBytes(16).toString('base64url');
  const callback = await awaitCallback(state, String(metadata.issuer));
  let clientId = 'scripted-client';
  let clientSecret: string | undefined;
  const supported = (metadata.token_endpoint_auth_methods_supported as string[] | undefined) ?? ['client_secret_basic'];
  const authMethod = authMethodOption !== 'auto' ? authMethodOption : supported.includes('none') ? 'none' : (supported[0] as typeof authMethodOption);
  /** How it authenticates at the token endpoint: what the registration assigned (or what it asked for, with the fault). */
  let registeredMethod: string = authMethod;
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as { client_id?: string; client_secret?: string };
  // A Client ID Metadata Document this client never serves (.invalid): the harness can judge only its form.
  const cimdUrl = `https://scripted-client.mcp-oauth-conformance.invalid/client-metadata.json${faults.has('cimd-fragment') ? '#client' : ''}`;
  if (context.client_id && !faults.has('register-despite-credentials')) {
    clientId = context.client_id;
    clientSecret = context.client_secret;
  } else if (metadata.client_id_metadata_document_supported === true && !faults.has('register-despite-credentials') && !faults.has('no-cimd')) {
    clientId = cimdUrl;
  } else if (!faults.has('unregistered-client-id')) {
    if (!metadata.registration_endpoint && !guess) fail('the authorization server offers no registration endpoint, and no client_id was configured');
    const register = (method: string) =>
      fetch(endpoints.registration, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [callback.redirectUri],
          token_endpoint_auth_method: method,
          grant_types: faults.has('no-refresh-grant') ? ['authorization_code'] : ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          client_name: 'scripted client',
          ...(faults.has('no-application-type') ? {} : { application_type: faults.has('web-application-type') ? 'web' : 'native' }),
        }),
      });
    let registration = await register(authMethod);
    const instead = supported.find((m) => m !== authMethod && AUTH_METHODS.includes(m as (typeof AUTH_METHODS)[number]));
    if (registration.status === 400 && !faults.has('no-registration-retry') && instead) {
      const refused = (await registration.json().catch(() => ({}))) as { error?: string };
      if (refused.error === 'invalid_client_metadata') registration = await register(instead);
    }
    if (!registration.ok) fail(`registration answered ${registration.status}`);
    const registered = (await registration.json()) as { client_id: string; client_secret?: string; token_endpoint_auth_method?: string };
    clientId = String(registered.client_id);
    clientSecret = registered.client_secret;
    if (!faults.has('ignore-assigned-method')) registeredMethod = registered.token_endpoint_auth_method ?? (clientSecret ? 'client_secret_basic' : 'none');
  }
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URL(endpoints.authorization);
  if (!/^https?:$/.test(authorization.protocol) && !faults.has('open-any-scheme')) fail(`refusing to open a ${authorization.protocol} authorization URL`);
  const set = (name: string, value: string | undefined) => value !== undefined && authorization.searchParams.set(name, value);
  set('response_type', 'code');
  set('client_id', clientId);
  set('redirect_uri', callback.redirectUri);
  if (!faults.has('no-pkce')) {
    set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    set('code_challenge_method', 'S256');
  }
  if (!faults.has('no-state')) set('state', state);
  if (!faults.has('no-resource')) set('resource', resource);
  let scopes = challengeScope ?? (prm.scopes_supported as string[] | undefined)?.join(' ');
  if (faults.has('offline-access-always')) scopes = scopes ? `${scopes} offline_access` : 'offline_access';
  if (scopes && !faults.has('no-scope')) set('scope', scopes);
  let code: string;
  if (codeFromLocation) {
    ({ code, iss: callbackIss } = await codeFromRedirect(authorization, faults.has('no-state') ? undefined : state));
    callback.cancel();
  } else {
    spawn(process.env.BROWSER || 'xdg-open', [authorization.href], { stdio: 'ignore' }).on('error', () => fail('cannot open the browser'));
    callback.browserOpened();
    code = await callback.code;
  }
  if (!code) fail('the authorization server returned no code');
  const issSupported = metadata.authorization_response_iss_parameter_supported === true;
  const badIss = faults.has('ignore-iss') ? undefined : issProblem(callbackIss, String(metadata.issuer), issSupported);
  if (badIss) fail(`${badIss}; the code is discarded`);

  // 5. The token request.
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId });
  form.set('redirect_uri', faults.has('token-redirect-mismatch') ? `${callback.redirectUri}/other` : callback.redirectUri);
  if (!faults.has('no-pkce')) form.set('code_verifier', faults.has('wrong-verifier') ? randomBytes(32).toString('base64url') : verifier);
  if (!faults.has('no-resource')) form.set('resource', tokenResource);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (faults.has('wrong-auth-method')) headers.authorization = `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`;
  const authenticate = (body: URLSearchParams) => {
    const method = authMethodOption === 'auto' && clientSecret && !metadata.registration_endpoint ? 'client_secret_basic' : registeredMethod;
    if (clientSecret && method === 'client_secret_basic') {
      headers.authorization = basicHeader(clientId, clientSecret);
    }
    if (clientSecret && method === 'client_secret_post') body.set('client_secret', clientSecret);
  };
  authenticate(form);
  // Context credentials are client_secret_basic unless the context names another method.
  const contextMethod = (context as { token_endpoint_auth_method?: string }).token_endpoint_auth_method ?? 'client_secret_basic';
  if (clientId === context.client_id && clientSecret && !faults.has('wrong-auth-method')) {
    delete headers.authorization;
    form.delete('client_secret');
    if (contextMethod === 'client_secret_post') form.set('client_secret', clientSecret);
    else headers.authorization = basicHeader(clientId, clientSecret);
  }
  const tokenResponse = await fetch(endpoints.token, { method: 'POST', headers, body: form });
  if (!tokenResponse.ok) fail(`token endpoint answered ${tokenResponse.status}: ${await tokenResponse.text()}`);
  const tokens = (await tokenResponse.json()) as { access_token: string; refresh_token?: string };
  if (faults.has('strict-token-response')) {
    const members = Object.keys(tokens).sort().join(',');
    if (members !== 'access_token,expires_in,refresh_token,scope,token_type' || (tokens as { token_type?: unknown }).token_type !== 'Bearer')
      fail(`unexpected token response ${members}`);
  }
  if (faults.has('require-refresh-token') && !tokens.refresh_token) fail("TypeError: Cannot read properties of undefined (reading 'refresh_token')");
  let token = String(tokens.access_token);
  remember('code', code);
  remember('code_verifier', verifier);
  remember('client_secret', clientSecret);
  remember('access_token', token);
  remember('refresh_token', tokens.refresh_token);
  if (secretsFile && tokens.refresh_token) {
    const refresh = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId, resource });
    authenticate(refresh);
    const refreshed = await fetch(endpoints.token, { method: 'POST', headers, body: refresh });
    if (!refreshed.ok) fail(`refresh answered ${refreshed.status}: ${await refreshed.text()}`);
    const next = (await refreshed.json()) as { access_token: string; refresh_token?: string };
    token = String(next.access_token);
    remember('access_token', token);
    remember('refresh_token', next.refresh_token);
  }
  if (secretsFile) {
    writeFileSync(secretsFile.replace('{scenario}', process.env.MCP_CONFORMANCE_SCENARIO_ID ?? 'unknown'), `${JSON.stringify(secrets)}\n`);
    process.stdout.write(`received ${JSON.stringify(secrets)}\n`);
    process.stderr.write(`Authorization: Bearer ${token}\n`);
  }
  if (faults.has('stop-after-token')) return;

  // 6. The MCP session with the token (refreshed or stepped up when refused; see scripted-retries.ts).
  const tokenHeaders = { ...headers };
  const keeper = new TokenKeeper(
    {
      mcpUrl,
      endpoints,
      clientId,
      redirectUri: callback.redirectUri,
      authenticate: (body, into) => {
        if (tokenHeaders.authorization) into.authorization = tokenHeaders.authorization;
        if (form.has('client_secret')) body.set('client_secret', form.get('client_secret')!);
      },
      sendResource: !faults.has('no-resource'),
      resource,
      issuer: String(metadata.issuer),
      issSupported,
      firstVerifier: verifier,
      codeFromLocation,
      faults,
      fail,
    },
    token,
    tokens.refresh_token,
    faults.has('no-scope') ? undefined : scopes,
  );
  const useToken = !faults.has('token-in-query');
  const initialized = useToken ? await keeper.post(initialize) : await mcpPost(initialize, token);
  if (!initialized.ok) fail(`authorized initialize answered ${initialized.status}`);
  const sessionId = initialized.headers.get('mcp-session-id') ?? undefined;
  await initialized.text();
  const send = async (body: unknown) => (useToken ? keeper.post(body, sessionId) : mcpPost(body, token, sessionId));
  await (await send({ jsonrpc: '2.0', method: 'notifications/initialized' })).text();
  await (await send({ jsonrpc: '2.0', id: 2, method: 'tools/list' })).text();
  await (await send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { text: 'scripted' } } })).text();
  token = keeper.accessToken;
  if (faults.has('token-to-other-server')) {
    const others = (JSON.parse(process.env.MCP_CONFORMANCE_MCP_URLS ?? '[]') as string[]).filter((url) => url !== mcpUrl);
    for (const other of others) {
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
      await (await fetch(other, { method: 'POST', headers, body: JSON.stringify(initialize) })).text();
    }
  }
  if (sessionId) {
    const headersForDelete: Record<string, string> = { 'mcp-session-id': sessionId };
    if (!faults.has('no-bearer-on-delete')) headersForDelete.authorization = `Bearer ${token}`;
    await (await fetch(mcpUrl, { method: 'DELETE', headers: headersForDelete })).text();
  }
}

main().catch((error: Error) => fail(error.message));
