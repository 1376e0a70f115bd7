import type { Scenario } from '../types.js';

// Rules of registration and client authentication that no other scenario could show (issue 20 item 3).

// RFC 6749 §2.3.1: client_secret_basic form-encodes client_id and secret before base64. Identifiers and secrets of the
// other scenarios read the same encoded or not; here they do not, as real servers' standard-base64 secrets do not.
export const clientSecretBasicEncoding: Scenario = {
  id: 'dcr-client-secret-basic-encoded',
  suite: 'core',
  description:
    'Dynamic registration assigns client_secret_basic with a client_id containing "+" and a standard-base64 secret ("+", "/", "="): the Basic header must carry them form-encoded (RFC 6749 §2.3.1)',
  specVersions: ['2025-06-18', '2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      { id: 'mcp', mcpPath: '/mcp', challenge: { resourceMetadata: true }, prm: { servedAt: ['path-inserted'], authorizationServers: ['as'] } },
    ],
    authorizationServers: [
      {
        id: 'as',
        issuerPath: '',
        discovery: ['oauth-path-inserted'],
        endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
        tokenEndpointAuthMethods: ['client_secret_basic'],
        encodingSensitiveCredentials: true,
      },
    ],
  },
  checks: ['client-secret-basic-encoded', 'token-endpoint-auth-method', 'registration-dcr', 'authorized-request'],
};

/**
 * 2026-07-28: "MCP clients MUST be prepared to handle registration failures due to redirect URI constraints when
 * authorization servers implement OIDC". An OIDC server that refuses the loopback redirect URI (as one does for an
 * application_type "web" client): the client must stop, neither inventing endpoints nor using a client_id never issued.
 */
export const registrationRefusedRedirectUri: Scenario = {
  ...clientSecretBasicEncoding,
  id: 'registration-refused-redirect-uri',
  suite: 'providers',
  description:
    'An OIDC authorization server refuses the registration for its redirect URI (400 invalid_redirect_uri), as it does for a loopback URI of a "web" client',
  topology: {
    ...clientSecretBasicEncoding.topology,
    authorizationServers: clientSecretBasicEncoding.topology.authorizationServers.map(({ encodingSensitiveCredentials: _, ...as }) => ({
      ...as,
      discovery: ['oauth-path-inserted', 'oidc-path-inserted'],
      tokenEndpointAuthMethods: ['none'],
      registrationRefused: {
        status: 400,
        error: 'invalid_redirect_uri',
        description: 'loopback redirect URIs are allowed only for application_type native',
      },
    })),
  },
  checks: ['asm-endpoints-from-metadata', 'token-endpoint-auth-method'],
};
