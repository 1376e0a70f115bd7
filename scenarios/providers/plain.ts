import type { AuthorizationServerSpec, ResourceServerSpec } from '../types.js';

/** A generic authorization server at the origin of its issuer, serving RFC 8414 metadata; overrides tune it. */
export function plainAuthorizationServer(id = 'as', overrides: Partial<AuthorizationServerSpec> = {}): AuthorizationServerSpec {
  return {
    id,
    issuerPath: '',
    discovery: ['oauth-path-inserted'],
    endpoints: { authorization: '/oauth/authorize', token: '/oauth/token', registration: '/oauth/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_basic'],
    ...overrides,
  };
}

/** An MCP server at `/mcp` whose 401 names its path-inserted metadata, trusting the given authorization servers. */
export function plainResourceServer(id: string, authorizationServers: string[], overrides: Partial<ResourceServerSpec> = {}): ResourceServerSpec {
  return {
    id,
    mcpPath: '/mcp',
    challenge: { resourceMetadata: true },
    prm: { servedAt: ['path-inserted'], authorizationServers },
    ...overrides,
  };
}
