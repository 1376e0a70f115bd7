import type { AuthorizationServerSpec } from '../types.js';

/**
 * Keycloak before 26.4: a realm issuer (`/realms/<realm>`) whose metadata answers only at the OIDC appended URL;
 * every path-inserted URL and the root give 404. `none` is listed so a public client may register (real
 * Keycloak omits it from the list but accepts public clients).
 */
export function keycloakRealm(id = 'keycloak', realm = 'mcp'): AuthorizationServerSpec {
  const base = `/realms/${realm}`;
  return {
    id,
    issuerPath: base,
    discovery: ['oidc-appended'],
    endpoints: {
      authorization: `${base}/protocol/openid-connect/auth`,
      token: `${base}/protocol/openid-connect/token`,
      registration: `${base}/clients-registrations/openid-connect`,
    },
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
  };
}
