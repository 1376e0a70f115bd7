import type { Scenario } from '../types.js';
import { ALL_METHODS, FLOW_CHECKS } from './common.js';

/**
 * The founding bug report: an MCP server behind a gateway that answers 401 for everything under its path,
 * with an Auth0 tenant (issuer ending in "/") as its authorization server on another origin.
 */
export const splitAuth0: Scenario = {
  id: 'split-auth0',
  suite: 'core',
  description: 'Gateway MCP server at a path, Auth0-like authorization server (trailing-slash issuer) on another origin',
  specVersions: ['2025-06-18', '2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      {
        id: 'gateway',
        mcpPath: '/example-server',
        gateway: true,
        challenge: { resourceMetadata: true },
        prm: { servedAt: ['path-inserted'], authorizationServers: ['auth0'] },
      },
    ],
    authorizationServers: [
      {
        id: 'auth0',
        issuerPath: '/',
        discovery: ['oauth-path-inserted', 'oidc-path-inserted'],
        endpoints: { authorization: '/authorize', token: '/oauth/token', registration: '/oidc/register' },
        tokenEndpointAuthMethods: [...ALL_METHODS],
      },
    ],
  },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};
