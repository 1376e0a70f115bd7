// A hand-written MCP OAuth client for the test suite: it follows the specification step by step with
// plain fetch, unless told to make one of the mistakes real clients make:
//   node scripted-client.js [--fault NAME]... <mcp-server-url>
// Each fault is there to prove that a check fails, naming the wrong request.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asMetadataProbeUrls, prmProbeUrls } from '../../scenarios/discovery.js';

export const FAULTS = [
  'asm-from-mcp-url', // the founding bug: AS metadata fetched below the MCP URL
  'ignore-resource-metadata', // well-known probing although the 401 names the metadata URL
  'root-prm-first', // root PRM probed before the path-inserted one
  'strip-issuer-path', // AS metadata at the root of a path issuer's origin
  'guess-endpoints', // /register, /authorize, /token on the AS origin instead of the metadata's
  'unregistered-client-id', // skip registration, use a made-up client_id
  'wrong-auth-method', // Basic credentials for a public client
  'no-pkce',
  'wrong-verifier',
  'no-resource',
  'no-state',
  'token-redirect-mismatch', // a different redirect_uri in the token request
  'no-scope', // never request a scope
  'token-in-query',
  'no-bearer-on-delete',
  'stop-after-token', // obtain a token, never use it
] as const;
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

function fail(message: string): never {
  process.stderr.write(`scripted client: ${message}\n`);
  process.exit(1);
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
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

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'scripted-client', version: '1.0.0' } },
};

async function awaitCallback(state: string): Promise<{ code: Promise<string>; redirectUri: string }> {
  let resolveCode!: (code: string) => void;
  const server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (!faults.has('no-state') && params.get('state') !== state) {
      res.writeHead(400).end('bad state');
      return;
    }
    res.writeHead(200).end('done');
    resolveCode(params.get('code') ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    setTimeout(() => reject(new Error('no callback arrived')), 5_000).unref();
  }).finally(() => server.close());
  return { code, redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback` };
}

async function main(): Promise<void> {
  // 1. The unauthenticated request and its challenge.
  const first = await mcpPost(initialize);
  if (first.status !== 401) fail(`expected 401 from ${mcpUrl}, got ${first.status}`);
  const challenge = first.headers.get('www-authenticate') ?? '';
  const headerUrl = faults.has('ignore-resource-metadata') ? undefined : challengeParam(challenge, 'resource_metadata');
  const challengeScope = challengeParam(challenge, 'scope');

  // 2. Protected resource metadata.
  let prmUrls = headerUrl ? [headerUrl] : prmProbeUrls(mcpUrl);
  if (faults.has('root-prm-first')) prmUrls = [...prmUrls].reverse();
  const prm = await firstDocument(prmUrls);
  if (!prm) fail('no protected resource metadata');
  if (prm.resource !== mcpUrl) fail(`PRM resource ${String(prm.resource)} is not ${mcpUrl}`);
  const issuer = String((prm.authorization_servers as string[])[0]);

  // 3. Authorization server metadata.
  let asUrls = asMetadataProbeUrls(issuer);
  if (faults.has('asm-from-mcp-url')) asUrls = [`${mcpUrl}/.well-known/oauth-authorization-server`];
  if (faults.has('strip-issuer-path')) asUrls = [`${new URL(issuer).origin}/.well-known/oauth-authorization-server`];
  const metadata = await firstDocument(asUrls);
  if (!metadata) fail(`HTTP 401 trying to load well-known OAuth metadata from ${asUrls.join(', ')}`);
  if (metadata.issuer !== issuer) fail(`issuer ${String(metadata.issuer)} is not ${issuer}`);
  const origin = new URL(issuer).origin;
  const guess = faults.has('guess-endpoints');
  const endpoints = {
    registration: guess ? `${origin}/register` : String(metadata.registration_endpoint),
    authorization: guess ? `${origin}/authorize` : String(metadata.authorization_endpoint),
    token: guess ? `${origin}/token` : String(metadata.token_endpoint),
  };

  // 4. Registration and the authorization request, through the browser.
  const state = randomBytes(16).toString('base64url');
  const callback = await awaitCallback(state);
  let clientId = 'scripted-client';
  if (!faults.has('unregistered-client-id')) {
    const registration = await fetch(endpoints.registration, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [callback.redirectUri],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        client_name: 'scripted client',
      }),
    });
    if (!registration.ok) fail(`registration answered ${registration.status}`);
    clientId = String(((await registration.json()) as { client_id: string }).client_id);
  }
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URL(endpoints.authorization);
  const set = (name: string, value: string | undefined) => value !== undefined && authorization.searchParams.set(name, value);
  set('response_type', 'code');
  set('client_id', clientId);
  set('redirect_uri', callback.redirectUri);
  if (!faults.has('no-pkce')) {
    set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    set('code_challenge_method', 'S256');
  }
  if (!faults.has('no-state')) set('state', state);
  if (!faults.has('no-resource')) set('resource', mcpUrl);
  const scopes = challengeScope ?? (prm.scopes_supported as string[] | undefined)?.join(' ');
  if (scopes && !faults.has('no-scope')) set('scope', scopes);
  spawn(process.env.BROWSER || 'xdg-open', [authorization.href], { stdio: 'ignore' }).on('error', () => fail('cannot open the browser'));
  const code = await callback.code;
  if (!code) fail('the authorization server returned no code');

  // 5. The token request.
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: clientId });
  form.set('redirect_uri', faults.has('token-redirect-mismatch') ? `${callback.redirectUri}/other` : callback.redirectUri);
  if (!faults.has('no-pkce')) form.set('code_verifier', faults.has('wrong-verifier') ? randomBytes(32).toString('base64url') : verifier);
  if (!faults.has('no-resource')) form.set('resource', mcpUrl);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (faults.has('wrong-auth-method')) headers.authorization = `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`;
  const tokenResponse = await fetch(endpoints.token, { method: 'POST', headers, body: form });
  if (!tokenResponse.ok) fail(`token endpoint answered ${tokenResponse.status}: ${await tokenResponse.text()}`);
  const token = String(((await tokenResponse.json()) as { access_token: string }).access_token);
  if (faults.has('stop-after-token')) return;

  // 6. The MCP session with the token.
  const initialized = await mcpPost(initialize, token);
  if (!initialized.ok) fail(`authorized initialize answered ${initialized.status}`);
  const sessionId = initialized.headers.get('mcp-session-id') ?? undefined;
  await initialized.text();
  await (await mcpPost({ jsonrpc: '2.0', method: 'notifications/initialized' }, token, sessionId)).text();
  await (await mcpPost({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, token, sessionId)).text();
  if (sessionId) {
    const headersForDelete: Record<string, string> = { 'mcp-session-id': sessionId };
    if (!faults.has('no-bearer-on-delete')) headersForDelete.authorization = `Bearer ${token}`;
    await (await fetch(mcpUrl, { method: 'DELETE', headers: headersForDelete })).text();
  }
}

main().catch((error: Error) => fail(error.message));
