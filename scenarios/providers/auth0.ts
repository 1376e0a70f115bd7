import type { AuthorizationServerSpec } from '../types.js';

/**
 * Auth0 tenant: the issuer always ends in "/" and has no path, so the path-inserted and root well-known URLs
 * coincide. `oidcOnly` plays a tenant (or custom domain proxy) where only openid-configuration answers.
 */
export function auth0Tenant(id = 'auth0', options: { oidcOnly?: boolean } = {}): AuthorizationServerSpec {
  return {
    id,
    issuerPath: '/',
    discovery: options.oidcOnly ? ['oidc-path-inserted'] : ['oauth-path-inserted', 'oidc-path-inserted'],
    endpoints: { authorization: '/authorize', token: '/oauth/token', registration: '/oidc/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
  };
}
