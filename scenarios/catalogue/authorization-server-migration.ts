import type { AuthorizationServerSpec, Scenario } from '../types.js';

const server = (id: string): AuthorizationServerSpec => ({
  id,
  issuerPath: '',
  discovery: ['oauth-path-inserted'],
  endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
  tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
});

/**
 * SEP-2352 within one client run (as the official auth/authorization-server-migration): the first authorized
 * request succeeds, then the PRM names another authorization server and tokens of the first get 401 invalid_token.
 * One run rather than two connections, so every client that keeps its credentials in memory is judged too.
 */
export const authorizationServerMigration: Scenario = {
  id: 'authorization-server-migration',
  suite: 'security',
  description:
    'After the first authorized request the PRM names another authorization server and old tokens get 401 invalid_token: the client registers with the new one and sends it nothing of the old one',
  specVersions: ['2026-07-28'],
  topology: {
    resourceServers: [
      {
        id: 'mcp',
        mcpPath: '/mcp',
        challenge: { resourceMetadata: true },
        prm: { servedAt: ['path-inserted'], authorizationServers: ['as1'], migrateTo: ['as2'] },
      },
    ],
    authorizationServers: [server('as1'), server('as2')],
  },
  checks: ['authorization-server-binding', 'pkce-s256', 'resource-parameter', 'redirect-uri', 'token-endpoint-auth-method', 'authorized-request'],
};
