import type { AuthorizationServerSpec } from '../types.js';

/**
 * Google (accounts.google.com): issuer without a path, and only OIDC Discovery at the root answers; RFC 8414
 * gives 404. Unlike Google it keeps a registration endpoint, so that a client's discovery, not its static
 * credentials, is what the scenario judges.
 */
export function googleAccounts(id = 'google'): AuthorizationServerSpec {
  return {
    id,
    issuerPath: '',
    discovery: ['oidc-path-inserted'],
    endpoints: { authorization: '/o/oauth2/v2/auth', token: '/token', registration: '/oauth2/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_post', 'client_secret_basic'],
    scopesSupported: ['openid', 'email', 'profile'],
  };
}
