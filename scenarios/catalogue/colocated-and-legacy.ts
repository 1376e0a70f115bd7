import { plainResourceServer } from '../providers/plain.js';
import { SPEC_VERSIONS, type AuthorizationServerSpec, type CheckId, type Scenario } from '../types.js';
import { FLOW_CHECKS } from './common.js';

const ALL = [...SPEC_VERSIONS];

/** Cloudflare's workers-oauth-provider layout: the authorization server on the MCP server's own origin. */
function onMcpOrigin(discovery: AuthorizationServerSpec['discovery']): AuthorizationServerSpec {
  return {
    id: 'as',
    colocatedWith: 'mcp',
    issuerPath: '',
    discovery,
    endpoints: { authorization: '/authorize', token: '/token', registration: '/register' },
    tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
  };
}

export const colocatedAuthorizationServer: Scenario = {
  id: 'colocated-authorization-server',
  suite: 'core',
  description: 'Cloudflare-like: the authorization server shares the MCP server origin, and the PRM lists that origin',
  specVersions: ALL,
  topology: { resourceServers: [plainResourceServer('mcp', ['as'])], authorizationServers: [onMcpOrigin(['oauth-path-inserted'])] },
  checks: ['prm-uses-header-url', ...FLOW_CHECKS],
};

/** 2025-03-26 had no resource parameter and no PRM: those checks stay out of the legacy scenarios. */
const LEGACY_CHECKS: CheckId[] = [
  'legacy-discovery',
  ...FLOW_CHECKS.filter((id) => !id.startsWith('resource-parameter') && !['asm-from-authorization-server', 'asm-well-known-order'].includes(id)),
];

const legacyServer = plainResourceServer('mcp', [], { challenge: { resourceMetadata: false }, prm: null });

export const legacyMetadataAtOrigin: Scenario = {
  id: 'legacy-2025-03-26',
  suite: 'backcompat',
  description: 'Backward compatibility (optional): no PRM; metadata at the MCP server origin, as 2025-03-26 specified',
  specVersions: ALL,
  topology: { resourceServers: [legacyServer], authorizationServers: [onMcpOrigin(['oauth-path-inserted'])] },
  checks: LEGACY_CHECKS,
};

export const legacyDefaultEndpoints: Scenario = {
  id: 'legacy-default-endpoints',
  suite: 'backcompat',
  description: 'Backward compatibility (optional): no PRM and no metadata; /authorize, /token and /register on the MCP origin',
  specVersions: ALL,
  topology: { resourceServers: [legacyServer], authorizationServers: [onMcpOrigin([])] },
  checks: LEGACY_CHECKS,
};

export const COLOCATED_AND_LEGACY_SCENARIOS: readonly Scenario[] = [colocatedAuthorizationServer, legacyMetadataAtOrigin, legacyDefaultEndpoints];
