// The token endpoint: client authentication, DPoP, the authorization code and refresh token grants (or the
// scenario's extension grant), and the tokens issued in the shape the spec plays.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { TokenEndpointAuthMethod } from '../scenarios/types.js';
import { equivalentUris } from '../scenarios/uri-equivalence.js';
import { basicCredentials, percentDecoded } from '../scenarios/credentials.js';
import { refuseTokenRequest } from './dpop.js';
import { knownResource, oauthError, randomToken, type AuthorizationServerState, type KnownClient } from './authorization-server-state.js';

export async function token(state: AuthorizationServerState, req: Request, res: Response): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (!req.is('application/x-www-form-urlencoded')) {
    return oauthError(res, 400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
  }
  // DPoP before anything is consumed: a request refused for its proof (or a nonce) leaves the code unused.
  const { dpop } = state;
  const proof = dpop && (await dpop.verify(req, state.resolved.endpoints.token));
  if (proof && !proof.ok) return refuseTokenRequest(res, dpop, proof);
  const jkt = proof ? proof.jkt : undefined;
  const form = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  const extension = state.options.extensionGrants;
  if (extension) {
    // RFC 6749 §4.4.3: no refresh token for client credentials; none for an assertion grant either (the assertion is the renewal).
    void extension.token(req, form).then(
      (answer) =>
        answer.ok
          ? issue(state, res, { clientId: answer.clientId, method: 'none', redirectUris: [] }, answer.audience, answer.scope, {
              ...(jkt ? { jkt } : {}),
              refreshToken: false,
            })
          : oauthError(res, answer.status, answer.error, answer.description),
      (error: Error) => oauthError(res, 500, 'server_error', `the mock authorization server failed: ${error.message}`),
    );
    return;
  }
  const client = authenticate(state, req, form);
  if (typeof client === 'string') return oauthError(res, 401, 'invalid_client', client);
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(state, res, form, client, jkt);
  if (grantType === 'refresh_token') return refresh(state, res, form, client, jkt);
  oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported`);
}

/** OAuth 2.1 §2.4: the client authenticates exactly as it registered, or it is an invalid_client. */
function authenticate(state: AuthorizationServerState, req: Request, form: URLSearchParams): KnownClient | string {
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  let method: TokenEndpointAuthMethod = secret ? 'client_secret_post' : 'none';
  const basic = basicCredentials(req.headers.authorization);
  if (basic) {
    const id = basic.pair && percentDecoded(basic.pair.id);
    const password = basic.pair && percentDecoded(basic.pair.secret);
    if (id === undefined || password === undefined) return 'malformed Basic credentials';
    clientId = id;
    secret = password;
    method = 'client_secret_basic';
  }
  const client = clientId ? state.clients.get(clientId) : undefined;
  if (!client) return `unknown client_id "${clientId ?? ''}"`;
  if (client.method !== method) return `the client registered ${client.method} but authenticated with ${method}`;
  if (client.clientSecret !== undefined && client.clientSecret !== secret) return 'wrong client secret';
  return client;
}

function exchangeCode(state: AuthorizationServerState, res: Response, form: URLSearchParams, client: KnownClient, jkt: string | undefined): void {
  const code = form.get('code') ?? '';
  const grant = state.codes.get(code);
  if (!grant || grant.used || grant.expiresAt < Date.now()) return oauthError(res, 400, 'invalid_grant', 'unknown, used or expired authorization code');
  if (grant.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'the code was issued to another client');
  grant.used = true;
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== grant.redirectUri)
    return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorization request');
  const verifier = form.get('code_verifier');
  if (!verifier) return oauthError(res, 400, 'invalid_grant', 'code_verifier is required');
  if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
    return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  }
  const requested = form.get('resource');
  const resource = requested === null ? grant.resource : knownResource(state, requested);
  if (requested !== null && resource === undefined) return oauthError(res, 400, 'invalid_target', `unknown resource ${requested}`);
  issue(state, res, client, resource ?? state.resources[0]!, grant.scope, jkt ? { jkt } : {});
}

function refresh(state: AuthorizationServerState, res: Response, form: URLSearchParams, client: KnownClient, jkt: string | undefined): void {
  const presented = form.get('refresh_token') ?? '';
  const grant = state.refreshTokens.get(presented);
  if (!grant || grant.clientId !== client.clientId) return oauthError(res, 400, 'invalid_grant', 'unknown refresh token');
  if (grant.jkt !== undefined && grant.jkt !== jkt)
    return oauthError(res, 400, 'invalid_dpop_proof', 'the refresh token is bound to a DPoP key: refresh with a proof of that key (RFC 9449 §5)');
  const resource = form.get('resource') ?? grant.audience;
  if (!equivalentUris(resource, grant.audience)) return oauthError(res, 400, 'invalid_target', `the refresh token was issued for ${grant.audience}`);
  state.refreshTokens.delete(presented); // rotation: a public client's refresh token is single-use (OAuth 2.1 §4.3.1)
  issue(state, res, client, grant.audience, grant.scope, jkt ? { jkt } : {});
}

/**
 * `jkt`: the key of a verified DPoP proof, to which the tokens are bound (RFC 9449 §5; a confidential client's refresh
 * token is not). `refreshToken: false`: a grant that issues none whatever the shape (client credentials, RFC 6749 §4.4.3).
 */
function issue(
  state: AuthorizationServerState,
  res: Response,
  client: KnownClient,
  audience: string,
  scope: string | undefined,
  options: { jkt?: string; refreshToken?: boolean } = {},
): void {
  const { jkt } = options;
  const { spec } = state;
  const ttl = spec.accessTokenTtl ?? 3600;
  const accessToken = randomToken('at-');
  const refreshToken = randomToken('rt-');
  const uses = spec.accessTokenUses;
  state.accessTokens.set(accessToken, {
    issuer: state.resolved.issuer,
    clientId: client.clientId,
    audience,
    scope,
    expiresAt: Date.now() + ttl * 1000,
    ...(uses ? { usesLeft: uses } : {}),
    ...(jkt ? { jkt } : {}),
  });
  const shape = spec.tokenResponse ?? {};
  const omitted = new Set(shape.omit ?? []);
  if (options.refreshToken === false) omitted.add('refresh_token');
  if (!omitted.has('refresh_token'))
    state.refreshTokens.set(refreshToken, { clientId: client.clientId, audience, scope, ...(jkt && client.method === 'none' ? { jkt } : {}) });
  res.json({
    ...shape.extra,
    access_token: accessToken,
    token_type: jkt ? 'DPoP' : (shape.tokenType ?? 'Bearer'),
    ...(omitted.has('expires_in') ? {} : { expires_in: ttl }),
    ...(omitted.has('refresh_token') ? {} : { refresh_token: refreshToken }),
    ...(scope && !omitted.has('scope') ? { scope } : {}),
  });
}
