import type { Scenario } from '../types.js';
import { FLOW_CHECKS } from './common.js';

/** Protected resource metadata at a custom URL that only the 401 challenge reveals. */
export const wwwAuthenticateOnly: Scenario = {
  id: 'www-authenticate-only',
  suite: 'core',
  description: 'PRM at a non-well-known URL, discoverable only from resource_metadata; the challenge names the scope',
  specVersions: ['2025-06-18', '2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      {
        id: 'mcp',
        mcpPath: '/mcp',
        challenge: { resourceMetadata: true, scope: 'mcp:tools' },
        prm: {
          servedAt: [{ custom: '/meta/resource-metadata.json' }],
          authorizationServers: ['as'],
          scopesSupported: ['mcp:tools', 'mcp:admin'],
        },
      },
    ],
    authorizationServers: [
      {
        id: 'as',
        issuerPath: '',
        discovery: ['oauth-path-inserted'],
        endpoints: { authorization: '/as/authorize', token: '/as/token', registration: '/as/register' },
        tokenEndpointAuthMethods: ['none', 'client_secret_basic'],
        scopesSupported: ['mcp:tools', 'mcp:admin'],
      },
    ],
  },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};
