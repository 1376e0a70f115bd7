// The extensions suite's browserless grants: client credentials (basic and private_key_jwt), workload identity
// federation and enterprise-managed authorization, each with the official suite's MCP_CONFORMANCE_CONTEXT fields.
import { revisionsSince } from '../revision.js';
import { extensionChecks, extensionContext, type ExtensionGrantsSpec } from '../extension-grants.js';
import type { AuthorizationServerSpec, ResourceServerSpec, Scenario } from '../types.js';

const SINCE_2025_11 = revisionsSince('2025-11-25');

const mcp: ResourceServerSpec = {
  id: 'mcp',
  mcpPath: '/mcp',
  challenge: { resourceMetadata: true },
  prm: { servedAt: ['path-inserted'], authorizationServers: ['as'] },
};

/** An authorization server that answers only the extension's grant: no registration endpoint, no authorization code grant. */
function as(extensionGrants: ExtensionGrantsSpec): AuthorizationServerSpec {
  return {
    id: 'as',
    issuerPath: '',
    discovery: ['oauth-path-inserted'],
    endpoints: { authorization: '/oauth/authorize', token: '/oauth/token' },
    tokenEndpointAuthMethods: [],
    extensionGrants,
  };
}

function scenario(id: string, description: string, grants: ExtensionGrantsSpec): Scenario {
  return {
    id,
    suite: 'extensions',
    description,
    specVersions: [...SINCE_2025_11],
    topology: { resourceServers: [mcp], authorizationServers: [as(grants)] },
    checks: [...extensionChecks(grants)],
    context: extensionContext(grants),
  };
}

// The official suite's client identities, so a client written to its contract runs unchanged.
const CC_CLIENT = { client_id: 'conformance-test-client', client_secret: 'conformance-test-secret' };
const WIF_CLIENT_ID = 'conformance-wif-workload';
const EMA_CLIENT = { client_id: 'conformance-test-xaa-client', client_secret: 'conformance-test-xaa-secret', idp_client_id: 'conformance-test-idp-client' };

export const EXTENSION_GRANT_SCENARIOS: Scenario[] = [
  scenario(
    'client-credentials-basic',
    'Client credentials extension: grant_type=client_credentials with client_secret_basic, the credentials in MCP_CONFORMANCE_CONTEXT',
    { kind: 'client-credentials', clientId: CC_CLIENT.client_id, clientSecret: CC_CLIENT.client_secret },
  ),
  scenario(
    'client-credentials-jwt',
    'Client credentials extension: grant_type=client_credentials with a private_key_jwt client assertion (RFC 7523 §2.2, ES256, the per-run key in MCP_CONFORMANCE_CONTEXT.private_key_pem)',
    { kind: 'client-credentials', clientId: CC_CLIENT.client_id },
  ),
  scenario('wif-jwt-bearer', 'Workload identity federation: an RFC 7523 jwt-bearer grant of the workload assertion in MCP_CONFORMANCE_CONTEXT.valid_jwt', {
    kind: 'workload-identity',
    clientId: WIF_CLIENT_ID,
  }),
  scenario(
    'wif-jwt-bearer-refused',
    'Workload identity federation where the authorization server refuses the workload (unauthorized_client): the client surfaces the error, without retrying or switching grant types',
    { kind: 'workload-identity', clientId: WIF_CLIENT_ID, refuseWith: 'unauthorized_client' },
  ),
  scenario(
    'enterprise-managed-authorization',
    "Enterprise-managed authorization (SEP-990): exchange the IdP's id_token for an ID-JAG at the enterprise IdP, then a jwt-bearer grant of it at the MCP authorization server",
    { kind: 'enterprise-managed', clientId: EMA_CLIENT.client_id, clientSecret: EMA_CLIENT.client_secret, idpClientId: EMA_CLIENT.idp_client_id },
  ),
];
