// The dynamic client registration endpoint (RFC 7591), as the spec's registration policy says.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { TokenEndpointAuthMethod } from '../scenarios/types.js';
import { assignClientMetadata, checkClientMetadata } from './registration-schema.js';
import {
  GRANT_TYPES_SUPPORTED,
  RESPONSE_TYPES_SUPPORTED,
  oauthError,
  randomToken,
  type AuthorizationServerState,
  type KnownClient,
} from './authorization-server-state.js';

export function register(state: AuthorizationServerState, req: Request, res: Response): void {
  const { spec } = state;
  const refused = spec.registrationRefused;
  if (refused) return oauthError(res, refused.status, refused.error, refused.description);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  } catch {
    return oauthError(res, 400, 'invalid_client_metadata', 'the registration request body is not JSON');
  }
  const checked = checkClientMetadata(body);
  if (!checked.ok) return oauthError(res, 400, checked.error, checked.description);
  // Credentials are the server's to issue: a client_secret the request carries is not echoed as if registered.
  const { client_secret: _secret, client_secret_expires_at: _expiry, ...metadata } = checked.metadata;
  const assignment = assignClientMetadata(metadata, {
    tokenEndpointAuthMethods: spec.tokenEndpointAuthMethods,
    grantTypes: GRANT_TYPES_SUPPORTED,
    responseTypes: RESPONSE_TYPES_SUPPORTED,
    policy: spec.registrationPolicy ?? 'assign',
  });
  if (!assignment.ok) return oauthError(res, 400, assignment.error, assignment.description);
  const { assigned } = assignment;
  const method = assigned.token_endpoint_auth_method as TokenEndpointAuthMethod;
  const sensitive = spec.encodingSensitiveCredentials;
  const client: KnownClient = {
    clientId: sensitive ? `client+${randomBytes(12).toString('base64url')}` : randomToken('client-'),
    method,
    redirectUris: metadata.redirect_uris,
    ...(method === 'none' ? {} : { clientSecret: sensitive ? `+/${randomBytes(23).toString('base64')}=` : randomToken('secret-') }),
  };
  state.clients.set(client.clientId, client);
  // RFC 7591 §3.2.1: every registered value, the assigned ones included; a secret with its expiry (0: never).
  res
    .status(201)
    .set('Cache-Control', 'no-store')
    .json({
      ...metadata,
      ...assigned,
      client_id: client.clientId,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      ...(client.clientSecret ? { client_secret: client.clientSecret, client_secret_expires_at: 0 } : {}),
    });
}
