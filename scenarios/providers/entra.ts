import type { AuthorizationServerSpec } from '../types.js';

export const ENTRA_TENANT = '7f3c0d2e-5b1a-4c8e-9a47-2d6f0e1b3c95';

/**
 * Microsoft Entra ID v2.0: issuer `/{tenant}/v2.0`, metadata only at the OIDC appended URL. Real Entra
 * publishes no `code_challenge_methods_supported` (`faithful` plays that); by default the field is kept so
 * the scenario judges discovery alone. Real Entra has no registration endpoint; this one keeps it.
 */
export function entraTenant(id = 'entra', options: { faithful?: boolean } = {}): AuthorizationServerSpec {
  const base = `/${ENTRA_TENANT}`;
  return {
    id,
    issuerPath: `${base}/v2.0`,
    discovery: ['oidc-appended'],
    endpoints: { authorization: `${base}/oauth2/v2.0/authorize`, token: `${base}/oauth2/v2.0/token`, registration: `${base}/oauth2/v2.0/register` },
    tokenEndpointAuthMethods: ['none', 'client_secret_post', 'client_secret_basic'],
    ...(options.faithful ? { omitMetadata: ['code_challenge_methods_supported'] } : {}),
  };
}
