// A hand-written client of the browserless authorization extensions for the test suite, with plain fetch and jose:
//   node extension-grant-client.js [--fault NAME]... <mcp-server-url>
// It reads MCP_CONFORMANCE_CONTEXT as a client written to the official contract does (a private key, a workload
// assertion or an IdP id_token names the extension; a client secret means client credentials here) and makes the
// mistake a fault names, to prove that an extension check fails naming the wrong request.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { EXTENSION_FAULTS } from './faults.js';

const faults = new Set<string>();
const args = process.argv.slice(2);
for (let i = 0; i < args.length - 1; i++) if (args[i] === '--fault') faults.add(args[++i]!);
for (const fault of faults) if (!(EXTENSION_FAULTS as readonly string[]).includes(fault)) throw new Error(`unknown fault ${fault}`);
const serverUrl = args.at(-1)!;
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Record<string, string | undefined>;

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json().catch(() => ({}))) as Record<string, unknown>;
}

async function post(url: string, form: Record<string, string>, authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await json(response) };
}

function basic(id: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

async function main(): Promise<void> {
  const probe = await fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: '{}',
  });
  const prmUrl = /resource_metadata="([^"]+)"/.exec(probe.headers.get('www-authenticate') ?? '')?.[1];
  if (!prmUrl) throw new Error('no resource_metadata in the 401');
  const prm = await json(await fetch(prmUrl));
  const issuer = String((prm.authorization_servers as string[])[0]);
  const metadata = await json(await fetch(`${new URL(issuer).origin}/.well-known/oauth-authorization-server${new URL(issuer).pathname.replace(/\/$/, '')}`));
  const tokenEndpoint = String(metadata.token_endpoint);
  const resource = String(prm.resource);
  const clientId = context.client_id ?? '';
  let answer: { status: number; body: Record<string, unknown> };
  if (context.idp_id_token) {
    let assertion = context.idp_id_token;
    if (!faults.has('ema-id-token-as-assertion')) {
      const exchanged = await post(context.idp_token_endpoint!, {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
        audience: issuer,
        ...(faults.has('ema-no-resource') ? {} : { resource }),
        subject_token: context.idp_id_token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      });
      if (exchanged.status !== 200) throw new Error(`token exchange refused: ${JSON.stringify(exchanged.body)}`);
      assertion = String(exchanged.body.access_token);
    }
    answer = await post(tokenEndpoint, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }, basic(clientId, context.client_secret!));
  } else if (context.valid_jwt) {
    const assertion = faults.has('wif-expired') ? context.expired_jwt! : faults.has('wif-wrong-audience') ? context.wrong_audience_jwt! : context.valid_jwt;
    const grantType = faults.has('wif-client-credentials') ? 'client_credentials' : 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    answer = await post(tokenEndpoint, { grant_type: grantType, assertion, client_id: clientId });
    if (answer.status !== 200 && faults.has('wif-retry')) answer = await post(tokenEndpoint, { grant_type: grantType, assertion, client_id: clientId });
  } else if (context.private_key_pem) {
    const key = await importPKCS8(context.private_key_pem, 'ES256');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(faults.has('assertion-wrong-aud') ? serverUrl : issuer)
      .setIssuedAt()
      .setExpirationTime('1m')
      .setJti(randomUUID())
      .sign(key);
    const form = {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
    answer = await post(tokenEndpoint, form);
    if (faults.has('assertion-replay')) answer = await post(tokenEndpoint, form);
  } else {
    const grantType = faults.has('cc-password-grant') ? 'password' : 'client_credentials';
    answer = faults.has('cc-secret-post')
      ? await post(tokenEndpoint, { grant_type: grantType, client_id: clientId, client_secret: context.client_secret! })
      : await post(tokenEndpoint, { grant_type: grantType }, basic(clientId, context.client_secret!));
  }
  if (answer.status !== 200) throw new Error(`token request refused: ${JSON.stringify(answer.body)}`);
  const mcp = await fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${String(answer.body.access_token)}` },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'extension-grant-client', version: '1' } },
    }),
  });
  await mcp.body?.cancel();
  if (!mcp.ok) throw new Error(`the MCP server answered ${mcp.status}`);
}

main().catch((error: Error) => {
  process.stderr.write(`extension-grant-client: ${error.message}\n`);
  process.exit(1);
});
