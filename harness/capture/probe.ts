import { LATEST_SPEC_VERSION } from '../../scenarios/types.js';
import { asDocument, prmDocument, type Answer, type Capture, type CapturedAuthorizationServer } from '../../scenarios/captured-topology.js';
import { challengeParams } from '../../scenarios/www-authenticate.js';
import { asMetadataProbeUrls, prmProbeUrls } from '../../scenarios/well-known.js';
import { CaptureError, type CaptureHttp } from './http.js';

// The discovery of every revision, read from a live deployment as a careful client would, and the URLs that clients
// with known bugs ask, so the replica answers them alike. Never registers, authorizes or sends a credential.

/** Authorization servers read at most: more entries are listed in the account but not followed. */
const MAX_AUTHORIZATION_SERVERS = 3;

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_SPEC_VERSION, capabilities: {}, clientInfo: { name: 'mcp-oauth-conformance capture', version: '1' } },
});

/** Why an answer to initialize shows no protected MCP endpoint; undefined for the 401 expected. */
function notProtected(mcpUrl: string, answer: Answer): string | undefined {
  if (answer.status === 401) return undefined;
  const type = answer.headers['content-type'] ?? '';
  const rpc = answer.json as { jsonrpc?: unknown; result?: unknown } | undefined;
  if (answer.status >= 200 && answer.status < 300 && (rpc?.jsonrpc === '2.0' || /text\/event-stream/i.test(type)))
    return `${mcpUrl} needs no authorization: an initialize without a token was answered ${answer.status}`;
  const what = answer.hops?.length ? ` (redirected to ${answer.finalUrl})` : '';
  return `${mcpUrl} is not a protected MCP endpoint: an initialize was answered ${answer.status}${type ? ` (${type.split(';')[0]})` : ''}${what}, not 401`;
}

/** Reads the deployment behind `mcpUrl`. Throws CaptureError for anything that is not a protected MCP endpoint. */
export async function captureDeployment(http: CaptureHttp, mcpUrl: string): Promise<Capture> {
  const initialize = await http.post(mcpUrl, INITIALIZE, {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': LATEST_SPEC_VERSION,
  });
  const refusal = notProtected(mcpUrl, initialize);
  if (refusal) throw new CaptureError(refusal);

  const asked = new Map<string, Answer>();
  const get = async (url: string) => {
    const known = asked.get(url);
    if (known) return known;
    const answer = await http.get(url);
    asked.set(url, answer);
    return answer;
  };

  const header = challengeParams(initialize.headers['www-authenticate']).resource_metadata;
  const prmUrls = [...new Set([...(header && isHttpUrl(header) ? [header] : []), ...prmProbeUrls(mcpUrl)])];
  const prm: Answer[] = [];
  for (const url of prmUrls) prm.push(await get(url));
  const document = prm.map(prmDocument).find(Boolean);

  const entries = (Array.isArray(document?.authorization_servers) ? document.authorization_servers : []).filter(
    (e): e is string => typeof e === 'string' && isHttpUrl(e),
  );
  const authorizationServers: CapturedAuthorizationServer[] = [];
  for (const entry of entries.slice(0, MAX_AUTHORIZATION_SERVERS)) {
    const metadata: Answer[] = [];
    for (const url of asMetadataProbeUrls(entry)) metadata.push(await get(url));
    // A path issuer's origin may hold another server's document (Okta's org server): the URL wrong clients ask.
    const root = `${new URL(entry).origin}/.well-known/oauth-authorization-server`;
    if (!metadata.some((a) => a.url === root)) metadata.push(await get(root));
    authorizationServers.push({ entry, metadata });
  }

  // What clients with known bugs ask on the MCP server's origin: metadata at the origin (2025-03-26, opencode's
  // founding bug) and with the MCP path appended or inserted.
  const origin = new URL(mcpUrl).origin;
  const path = new URL(mcpUrl).pathname.replace(/\/$/, '');
  const strayUrls = [
    `${origin}/.well-known/oauth-authorization-server`,
    `${origin}/.well-known/openid-configuration`,
    ...(path ? [`${origin}/.well-known/oauth-authorization-server${path}`, `${origin}${path}/.well-known/oauth-authorization-server`] : []),
  ];
  const strays: Answer[] = [];
  for (const url of strayUrls) strays.push(await get(url));
  // Without protected resource metadata, the 2025-03-26 rules apply: the origin's metadata is the authorization server's.
  if (!document) {
    const legacy = strays[0]!;
    if (asDocument(legacy)) authorizationServers.push({ entry: origin, metadata: [legacy] });
  }
  return { mcpUrl, initialize, prm, authorizationServers, strays };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
