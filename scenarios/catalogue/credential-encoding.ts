import type { Scenario } from '../types.js';

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
