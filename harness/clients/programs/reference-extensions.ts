// The reference client's authorization extensions that need no browser, written from the extension texts and RFCs
// (not from the harness's checks): client credentials with client_secret_basic or private_key_jwt (SEP-1046,
// RFC 7523 §2.2), workload identity federation (RFC 7523 §2.1) and enterprise-managed authorization (SEP-990).
// Which one applies is read from MCP_CONFORMANCE_CONTEXT, the official suite's contract: a private key, a workload
// assertion or an IdP id_token names its extension; a client secret names client credentials only where the scenario
// says so (`name`), since pre-registered credentials for the authorization code flow carry the same fields.
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';

interface Context {
  name?: string;
  client_id?: string;
  client_secret?: string;
  private_key_pem?: string;
  signing_algorithm?: string;
  valid_jwt?: string;
  idp_id_token?: string;
  idp_client_id?: string;
  idp_token_endpoint?: string;
}

type Extension = 'client-credentials-basic' | 'client-credentials-jwt' | 'workload-identity' | 'enterprise-managed';

function extensionOf(context: Context): Extension | undefined {
  if (context.idp_id_token) return 'enterprise-managed';
  if (context.valid_jwt) return 'workload-identity';
  if (context.private_key_pem) return 'client-credentials-jwt';
  const scenario = context.name ?? process.env.MCP_CONFORMANCE_SCENARIO ?? '';
  if (context.client_secret && /client-credentials/.test(scenario)) return 'client-credentials-basic';
  return undefined;
}

interface Discovered {
  resource: string;
  issuer: string;
  tokenEndpoint: string;
}

/** RFC 9728 and RFC 8414 from the MCP server's 401, as the authorization specification has a client do it. */
async function discover(serverUrl: URL): Promise<Discovered> {
  const probe = await fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2026-07-28', capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
    }),
  });
  await probe.body?.cancel();
  if (probe.status !== 401) throw new Error(`expected the MCP server to answer 401 without a token; it answered ${probe.status}`);
  const prm = await discoverOAuthProtectedResourceMetadata(serverUrl, { resourceMetadataUrl: extractWWWAuthenticateParams(probe).resourceMetadataUrl });
  if (new URL(prm.resource).href !== serverUrl.href) throw new Error(`protected resource metadata names resource ${prm.resource}, not ${serverUrl.href}`);
  const issuer = prm.authorization_servers?.[0];
  if (!issuer) throw new Error('protected resource metadata lists no authorization server');
  const metadata = await discoverAuthorizationServerMetadata(issuer);
  if (!metadata) throw new Error(`no authorization server metadata for ${issuer}`);
  if (metadata.issuer !== issuer) throw new Error(`authorization server metadata names issuer ${metadata.issuer}, not ${issuer}`);
  return { resource: prm.resource, issuer, tokenEndpoint: metadata.token_endpoint };
}

/** RFC 6749 §2.3.1: each part form-urlencoded before it is joined and base64-encoded. */
function basicAuthorization(clientId: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

async function tokenRequest(endpoint: string, form: Record<string, string>, authorization?: string): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(form),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${endpoint} answered ${response.status}: ${String(body.error ?? '')} ${String(body.error_description ?? '')}`.trim());
  return body;
}

/** RFC 7523 §2.2 and §3: signed by the client, iss = sub = client_id, aud the issuer, short-lived, single-use. */
async function clientAssertion(context: Context, issuer: string): Promise<string> {
  const alg = context.signing_algorithm ?? 'ES256';
  const key = await importPKCS8(context.private_key_pem!, alg);
  return new SignJWT({})
    .setProtectedHeader({ alg })
    .setIssuer(context.client_id!)
    .setSubject(context.client_id!)
    .setAudience(issuer)
    .setIssuedAt()
    .setExpirationTime('2m')
    .setJti(randomUUID())
    .sign(key);
}

async function accessToken(extension: Extension, context: Context, at: Discovered): Promise<unknown> {
  const resource = { resource: at.resource };
  switch (extension) {
    case 'client-credentials-basic':
      return (
        await tokenRequest(at.tokenEndpoint, { grant_type: 'client_credentials', ...resource }, basicAuthorization(context.client_id!, context.client_secret!))
      ).access_token;
    case 'client-credentials-jwt':
      return (
        await tokenRequest(at.tokenEndpoint, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(context, at.issuer),
          ...resource,
        })
      ).access_token;
    case 'workload-identity':
      return (
        await tokenRequest(at.tokenEndpoint, {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: context.valid_jwt!,
          ...(context.client_id ? { client_id: context.client_id } : {}),
          ...resource,
        })
      ).access_token;
    case 'enterprise-managed': {
      if (!context.idp_token_endpoint) throw new Error('MCP_CONFORMANCE_CONTEXT names no idp_token_endpoint');
      const exchanged = await tokenRequest(context.idp_token_endpoint, {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requested_token_type: 'urn:ietf:params:oauth:token-type:id-jag',
        audience: at.issuer,
        resource: at.resource,
        subject_token: context.idp_id_token!,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        ...(context.idp_client_id ? { client_id: context.idp_client_id } : {}),
      });
      if (exchanged.issued_token_type !== 'urn:ietf:params:oauth:token-type:id-jag' || typeof exchanged.access_token !== 'string')
        throw new Error(`the IdP's token exchange answered no ID-JAG (issued_token_type ${String(exchanged.issued_token_type)})`);
      const authorization = context.client_secret ? basicAuthorization(context.client_id!, context.client_secret) : undefined;
      return (
        await tokenRequest(
          at.tokenEndpoint,
          {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: exchanged.access_token,
            ...(authorization ? {} : { client_id: context.client_id! }),
          },
          authorization,
        )
      ).access_token;
    }
  }
}

/**
 * The access token of the extension MCP_CONFORMANCE_CONTEXT configures, obtained without a browser; undefined when
 * it configures none (the authorization code flow applies).
 */
export async function extensionAccessToken(serverUrl: URL): Promise<string | undefined> {
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Context;
  const extension = extensionOf(context);
  if (!extension) return undefined;
  const token = await accessToken(extension, context, await discover(serverUrl));
  if (typeof token !== 'string' || !token) throw new Error(`the ${extension} grant answered no access_token`);
  return token;
}
