import type { Scenario } from '../types.js';
import { FLOW_CHECKS } from './common.js';

/** An MCP server at a deep path whose 401 names no metadata URL: only RFC 9728 path-insertion finds it. */
export const pathSuffixed: Scenario = {
  id: 'path-suffixed',
  suite: 'core',
  description: 'MCP server at a deep path, no resource_metadata in the 401, PRM only at the path-inserted well-known URL',
  // 2025-06-18 servers MUST name the metadata in the 401, so probing for it is a 2025-11-25 requirement.
  specVersions: ['2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      {
        id: 'mcp',
        mcpPath: '/v1/tenants/acme/mcp',
        challenge: { resourceMetadata: false },
        prm: { servedAt: ['path-inserted'], authorizationServers: ['as'], scopesSupported: ['mcp:tools', 'mcp:read'] },
      },
    ],
    authorizationServers: [
      {
        id: 'as',
        issuerPath: '',
        discovery: ['oauth-path-inserted'],
        endpoints: { authorization: '/connect/authorize', token: '/connect/token', registration: '/connect/register' },
        tokenEndpointAuthMethods: ['none'],
        scopesSupported: ['mcp:tools', 'mcp:read', 'mcp:admin'],
      },
    ],
  },
  checks: ['prm-well-known-order', ...FLOW_CHECKS],
};
