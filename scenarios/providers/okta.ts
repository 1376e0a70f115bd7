import type { AuthorizationServerSpec } from '../types.js';

/**
 * Okta custom authorization server (`/oauth2/default`): its metadata answers at the OIDC appended URL only,
 * while the origin's root RFC 8414 URL answers with the *org* authorization server's document (issuer = the
 * origin, other endpoints). Registration is org-level, outside the issuer path, as on Okta.
 */
export function oktaCustomServer(id = 'okta'): AuthorizationServerSpec {
  return {
    id,
    issuerPath: '/oauth2/default',
    discovery: ['oidc-appended', 'oauth-root'],
    endpoints: { authorization: '/oauth2/default/v1/authorize', token: '/oauth2/default/v1/token', registration: '/oauth2/v1/clients' },
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
  };
}
