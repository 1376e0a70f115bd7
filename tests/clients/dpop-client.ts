// A DPoP (RFC 9449) test client with plain fetch and jose, for the broken clients the DPoP checks must fail:
//   node dpop-client.js [--fault NAME]... <mcp-server-url>
// It discovers (the 401's resource_metadata, then the issuer's RFC 8414 URL), registers as a public client, takes the
// code from the Location of the authorization redirect (no browser), and makes DPoP requests: a proof on the token
// request, then Authorization: DPoP with a proof on initialize, tools/list and DELETE, retrying once with the nonce of
// a use_dpop_nonce answer. Each fault is one mistake, to prove that a check fails naming the wrong request.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DPOP_FAULTS as FAULTS } from './faults.js';

type Fault = (typeof FAULTS)[number];

const args = process.argv.slice(2);
const faults = new Set<Fault>();
for (let i = 0; i < args.length - 1; i += 1) {
  if (args[i] !== '--fault') continue;
  const name = args[i + 1] as Fault;
  if (!FAULTS.includes(name)) fail(`unknown fault ${name}`);
  faults.add(name);
}
const mcpUrl = args[args.length - 1] ?? '';

function fail(message: string): never {
  process.stderr.write(`dpop client: ${message}\n`);
  process.exit(1);
}

const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwk: JWK = await exportJWK(publicKey);
const nonces = new Map<string, string>();

async function proof(method: string, target: string, accessToken?: string, key: CryptoKey = privateKey): Promise<string> {
  const url = new URL(target);
  const nonce = nonces.get(url.origin);
  return new SignJWT({
    jti: randomUUID(),
    htm: method,
    htu: `${url.origin}${url.pathname}`,
    ...(accessToken ? { ath: createHash('sha256').update(accessToken).digest('base64url') } : {}),
    ...(nonce ? { nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .setIssuedAt()
    .sign(key);
}

/** Sends with a proof from `makeProof`; once more when the server answers use_dpop_nonce (with the nonce unless a fault says not). */
async function withNonceRetry(url: string, init: RequestInit, makeProof: () => Promise<string>, ignoreNonce: boolean): Promise<Response> {
  const origin = new URL(url).origin;
  for (let attempt = 0; ; attempt += 1) {
    const headers = new Headers(init.headers);
    headers.set('dpop', await makeProof());
    const response = await fetch(url, { ...init, headers });
    const nonce = response.headers.get('dpop-nonce');
    const challenged = nonce && (response.status === 400 || response.status === 401) && (await response.clone().text()).includes('use_dpop_nonce');
    if (!challenged || attempt > 0) return response;
    if (!ignoreNonce) nonces.set(origin, nonce);
  }
}

async function json(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) fail(`${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'dpop-client', version: '1.0.0' } },
};

const first = await fetch(mcpUrl, { method: 'POST', headers: mcpHeaders, body: JSON.stringify(initialize) });
const prmUrl = /resource_metadata="([^"]*)"/.exec(first.headers.get('www-authenticate') ?? '')?.[1];
if (first.status !== 401 || !prmUrl) fail(`expected a 401 naming resource_metadata from ${mcpUrl}`);
const prm = await json(prmUrl);
const issuer = new URL(String((prm.authorization_servers as string[])[0]));
const metadata = await json(`${issuer.origin}/.well-known/oauth-authorization-server${issuer.pathname.replace(/\/$/, '')}`);
if (!Array.isArray(metadata.dpop_signing_alg_values_supported)) fail('the authorization server does not offer DPoP');
const tokenEndpoint = String(metadata.token_endpoint);

const redirectUri = 'http://127.0.0.1:9/callback';
const registration = await fetch(String(metadata.registration_endpoint), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', client_name: 'dpop client', application_type: 'native' }),
});
if (!registration.ok) fail(`registration answered ${registration.status}`);
const clientId = String(((await registration.json()) as { client_id: string }).client_id);

const verifier = randomBytes(32).toString('base64url');
const state = randomBytes(16).toString('base64url');
const authorization = new URL(String(metadata.authorization_endpoint));
for (const [name, value] of Object.entries({
  response_type: 'code',
  client_id: clientId,
  redirect_uri: redirectUri,
  code_challenge: createHash('sha256').update(verifier).digest('base64url'),
  code_challenge_method: 'S256',
  state,
  resource: String(prm.resource),
}))
  authorization.searchParams.set(name, value);
const redirect = await fetch(authorization, { redirect: 'manual' });
const code = new URL(redirect.headers.get('location') ?? '', authorization).searchParams.get('code');
if (!code) fail(`the authorization server answered ${redirect.status} without a code`);

const form = new URLSearchParams({
  grant_type: 'authorization_code',
  code,
  client_id: clientId,
  redirect_uri: redirectUri,
  code_verifier: verifier,
  resource: String(prm.resource),
});
const tokenInit = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form };
const tokenResponse = faults.has('no-token-proof')
  ? await fetch(tokenEndpoint, tokenInit)
  : await withNonceRetry(
      tokenEndpoint,
      tokenInit,
      () => proof('POST', faults.has('token-proof-wrong-htu') ? mcpUrl : tokenEndpoint),
      faults.has('ignore-as-nonce'),
    );
if (!tokenResponse.ok) fail(`the token endpoint answered ${tokenResponse.status}: ${await tokenResponse.text()}`);
const token = String(((await tokenResponse.json()) as { access_token: string }).access_token);

let firstProof: string | undefined;
const mcpProof = async (method: string) => {
  const made = await proof(method, mcpUrl, token);
  firstProof ??= made;
  return faults.has('reuse-proof') ? firstProof : made;
};
const authorizationHeader = `${faults.has('bearer-scheme') ? 'Bearer' : 'DPoP'} ${token}`;
const mcp = (method: string, body: unknown, sessionId?: string) =>
  withNonceRetry(
    mcpUrl,
    {
      method,
      headers: { ...mcpHeaders, authorization: authorizationHeader, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    () => mcpProof(method),
    faults.has('ignore-rs-nonce'),
  );

const initialized = await mcp('POST', initialize);
if (!initialized.ok) fail(`authorized initialize answered ${initialized.status}: ${initialized.headers.get('www-authenticate') ?? ''}`);
const sessionId = initialized.headers.get('mcp-session-id') ?? undefined;
await initialized.text();
await (await mcp('POST', { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionId)).text();
const tools = await mcp('POST', { jsonrpc: '2.0', id: 2, method: 'tools/list' }, sessionId);
if (!tools.ok) fail(`tools/list answered ${tools.status}`);
await tools.text();
if (sessionId) await (await mcp('DELETE', undefined, sessionId)).text();
