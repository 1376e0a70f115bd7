// The authorization endpoint: the client and its redirect URI, PKCE, the resource, an optional consent page, and the
// code sent back to the redirect URI (with `iss` as the spec plays it).
import type { Request, Response } from 'express';
import { CONSENT_PARAM, consentPage } from './consent-page.js';
import { fetchClientMetadataDocument } from './client-metadata-document.js';
import { knownResource, randomToken, type AuthorizationServerState, type KnownClient } from './authorization-server-state.js';

const CODE_TTL_MS = 120_000;

/** The server grants only the scopes it knows (when it lists them), as real servers narrow a request. */
function grantedScope(requested: string | null, supported: string[] | undefined): string | undefined {
  if (requested === null) return undefined;
  const granted = requested.split(/\s+/).filter((s) => s && (!supported || supported.includes(s)));
  return granted.length ? granted.join(' ') : undefined;
}

/**
 * A client ID metadata document client: known from its document when the server could fetch it; otherwise
 * (not on loopback) taken on trust with the redirect URI it sent, so the flow goes on and the verdict says
 * the document could not be checked.
 */
async function metadataDocumentClient(state: AuthorizationServerState, clientId: string, redirectUri: string): Promise<KnownClient | undefined> {
  if (!state.spec.clientIdMetadataDocuments || !/^https:\/\/[^#]+\/[^#]+$/.test(clientId)) return undefined;
  const fetched = await fetchClientMetadataDocument(clientId, state.recorder);
  if (!fetched.reachable) return { clientId, method: 'none', redirectUris: [redirectUri] };
  const document = fetched.document;
  if (!document || document.client_id !== clientId || !Array.isArray(document.redirect_uris)) return undefined;
  return { clientId, method: 'none', redirectUris: document.redirect_uris.map(String) };
}

/** Sends the authorization response to the redirect URI: `query`, the state, and `iss` as the spec plays it. */
function redirectBack(state: AuthorizationServerState, res: Response, redirectUri: string, requestState: string | null, query: Record<string, string>): void {
  const { resolved } = state;
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  if (requestState !== null) target.searchParams.set('state', requestState);
  const iss = state.spec.authorizationResponseIss;
  if (iss === 'correct') target.searchParams.set('iss', resolved.issuer);
  if (iss === 'wrong' || iss === 'unadvertised-wrong') target.searchParams.set('iss', `${resolved.origin}/another-issuer`);
  if (iss === 'normalized') target.searchParams.set('iss', resolved.issuer.endsWith('/') ? resolved.issuer.slice(0, -1) : `${resolved.issuer}/`);
  res.redirect(302, target.href);
}

export async function authorize(state: AuthorizationServerState, req: Request, res: Response): Promise<void> {
  const params = new URL(req.originalUrl, state.resolved.origin).searchParams;
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const client = state.clients.get(clientId) ?? (await metadataDocumentClient(state, clientId, redirectUri));
  if (client && !state.clients.has(clientId)) state.clients.set(clientId, client);
  // Without a known client and its exact redirect URI the error must not be redirected (OAuth 2.1 §4.1.2.1).
  if (!client) return void res.status(400).type('text/plain').send(`unknown client_id "${clientId}"`);
  // A pre-registered client without redirect URIs stands for a native app: any loopback port (OAuth 2.1 §8.4.2).
  const loopbackAnyPort = client.redirectUris.length === 0 && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(redirectUri);
  if (!loopbackAnyPort && !client.redirectUris.includes(redirectUri)) {
    return void res
      .status(400)
      .type('text/plain')
      .send(`redirect_uri "${redirectUri}" is not registered for this client; registered: ${client.redirectUris.join(', ')}`);
  }
  const back = (query: Record<string, string>) => redirectBack(state, res, redirectUri, params.get('state'), query);
  if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code' });
  const challenge = params.get('code_challenge');
  if (!challenge) return back({ error: 'invalid_request', error_description: 'code_challenge is required (PKCE)' });
  if (params.get('code_challenge_method') !== 'S256') return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
  const requested = params.get('resource') ?? undefined;
  const resource = requested === undefined ? undefined : knownResource(state, requested);
  if (requested !== undefined && resource === undefined) {
    return back({ error: 'invalid_target', error_description: `unknown resource ${requested}` });
  }
  if (state.options.consentPage) {
    const consent = params.get(CONSENT_PARAM);
    if (consent === null)
      return void res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(consentPage(state.resolved.endpoints.authorization, params, state.resolved.issuer));
    if (consent === 'deny') return back({ error: 'access_denied', error_description: 'the user denied the request on the consent page' });
  }
  const code = randomToken('code-');
  state.codes.set(code, {
    clientId,
    redirectUri,
    challenge,
    resource,
    scope: grantedScope(params.get('scope'), state.spec.scopesSupported),
    expiresAt: Date.now() + CODE_TTL_MS,
    used: false,
  });
  back({ code });
}
