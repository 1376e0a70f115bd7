import type { Scenario } from '../types.js';
import { FLOW_CHECKS } from './common.js';

/** Okta custom authorization server: the issuer has a path and only the RFC 8414 path-inserted URL answers. */
export const oktaPathIssuer: Scenario = {
  id: 'okta-path-issuer',
  suite: 'providers',
  description: 'Issuer with a path (Okta /oauth2/default); metadata only at the RFC 8414 path-inserted URL',
  specVersions: ['2025-06-18', '2025-11-25', '2026-07-28'],
  topology: {
    resourceServers: [
      {
        id: 'mcp',
        mcpPath: '/mcp',
        challenge: { resourceMetadata: true },
        prm: { servedAt: ['path-inserted'], authorizationServers: ['okta'] },
      },
    ],
    authorizationServers: [
      {
        id: 'okta',
        issuerPath: '/oauth2/default',
        discovery: ['oauth-path-inserted'],
        endpoints: {
          authorization: '/oauth2/default/v1/authorize',
          token: '/oauth2/default/v1/token',
          registration: '/oauth2/v1/clients',
        },
        tokenEndpointAuthMethods: ['none', 'client_secret_basic'],
      },
    ],
  },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};
