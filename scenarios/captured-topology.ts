// What `capture` saw of a live deployment, and the topology that replays it on loopback. Pure: the requests are made
// by harness/capture/; here the answers become a scenario, a comment per value naming the answer it came from, and
// what a client would find there.
import { asMetadataProbeUrls, prmProbeUrls } from './well-known.js';
import { challengeParams } from './www-authenticate.js';
import type {
  AsDiscoveryUrl,
  AuthorizationServerSpec,
  PrmLocation,
  ResourceServerSpec,
  Scenario,
  TokenEndpointAuthMethod,
  WellKnownFallback,
} from './types.js';
import { SPEC_VERSIONS } from './types.js';

/** One answer of the live deployment. `url` is what was asked; `finalUrl` where its redirects ended. */
export interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The body's first characters. */
  text: string;
  /** The body, when it is JSON. */
  json?: unknown;
  hops?: { url: string; status: number }[];
  finalUrl?: string;
}

export interface CapturedAuthorizationServer {
  /** The `authorization_servers` entry, verbatim. */
  entry: string;
  /** The metadata URLs asked, in the order of asMetadataProbeUrls, then the origin's root RFC 8414 URL of a path issuer. */
  metadata: Answer[];
}

/** Everything capture asked, grouped by why. */
export interface Capture {
  mcpUrl: string;
  /** The unauthenticated initialize POST. */
  initialize: Answer;
  /** The protected resource metadata URLs asked: the 401's, then the well-known ones. */
  prm: Answer[];
  authorizationServers: CapturedAuthorizationServer[];
  /** URLs that clients with known bugs ask on the MCP server's origin, asked so the replica answers them alike. */
  strays: Answer[];
}

/** A comment to attach to a value of the written file: the path of the value and the answers it came from. */
export interface ValueComment {
  path: (string | number)[];
  text: string;
}

export interface CapturedScenario {
  scenario: Scenario;
  comments: ValueComment[];
}

const said = (a: Answer) => `${a.method} ${a.url} → ${a.status}${a.hops?.length ? ` (after ${a.hops.length} redirect(s), at ${a.finalUrl})` : ''}`;

function objectOf(answer: Answer | undefined): Record<string, unknown> | undefined {
  const json = answer?.json;
  return answer && answer.status === 200 && json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
}

/** A protected resource metadata document: JSON with `resource` or `authorization_servers`. */
export function prmDocument(answer: Answer | undefined): Record<string, unknown> | undefined {
  const doc = objectOf(answer);
  return doc && ('resource' in doc || 'authorization_servers' in doc) ? doc : undefined;
}

/** Authorization server metadata: JSON with an `issuer`. */
export function asDocument(answer: Answer | undefined): Record<string, unknown> | undefined {
  const doc = objectOf(answer);
  return doc && typeof doc.issuer === 'string' ? doc : undefined;
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

/** A readable id from a host name: `example.auth0.com` → `example-auth0-com`. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'server'
  );
}

/** The path of an issuer exactly as written: '' for the origin alone, '/' for Auth0's terminating slash. */
function issuerPathOf(issuer: string): string {
  const origin = new URL(issuer).origin;
  return issuer.startsWith(origin) ? issuer.slice(origin.length).replace(/[?#].*$/, '') : new URL(issuer).pathname;
}

/** How unserved well-known URLs answered: a gateway's 401, an HTML catch-all, a redirect to a login page, or 404. */
function fallbackOf(strays: Answer[]): { gateway?: true; otherWellKnown?: WellKnownFallback } {
  if (strays.some((a) => a.status === 401)) return { gateway: true };
  if (strays.some((a) => a.hops?.length)) return { otherWellKnown: 'redirect' };
  if (strays.some((a) => a.status === 200 && /html/i.test(a.headers['content-type'] ?? ''))) return { otherWellKnown: 'html' };
  return {};
}

const MOCK_METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post'];
/** Fields the mock authorization server states that a live document may leave out (omitMetadata plays that). */
const OMITTABLE = ['response_types_supported', 'grant_types_supported', 'code_challenge_methods_supported', 'token_endpoint_auth_methods_supported'];

function authorizationServerSpec(
  captured: CapturedAuthorizationServer,
  id: string,
  mcpOrigin: string,
  rsId: string,
  comments: ValueComment[],
  at: (string | number)[],
): AuthorizationServerSpec | undefined {
  const probes = asMetadataProbeUrls(captured.entry);
  const kinds: AsDiscoveryUrl[] =
    probes.length === 2 ? ['oauth-path-inserted', 'oidc-path-inserted'] : ['oauth-path-inserted', 'oidc-path-inserted', 'oidc-appended'];
  const discovery: AsDiscoveryUrl[] = [];
  let document: Record<string, unknown> | undefined;
  let source: Answer | undefined;
  probes.forEach((url, i) => {
    const answer = captured.metadata.find((a) => a.url === url);
    const doc = asDocument(answer);
    if (!doc || !answer) return;
    discovery.push(kinds[i]!);
    if (!document) [document, source] = [doc, answer];
  });
  const root = captured.metadata.find((a) => !probes.includes(a.url));
  if (root && asDocument(root)) discovery.push('oauth-root');
  if (!document || !source) return undefined;
  const origin = new URL(captured.entry).origin;
  // An endpoint is played at its path on the replica's origin; one that is not http(s) (a javascript: URL) verbatim.
  const pathOf = (value: unknown) => {
    if (typeof value !== 'string') return undefined;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname : value;
    } catch {
      return undefined;
    }
  };
  const authorization = pathOf(document.authorization_endpoint) ?? '/authorize';
  const token = pathOf(document.token_endpoint) ?? '/token';
  const registration = pathOf(document.registration_endpoint);
  const advertised = typeof document.issuer === 'string' && document.issuer !== captured.entry ? document.issuer : undefined;
  const listed = strings(document.token_endpoint_auth_methods_supported);
  const methods = (listed ?? ['client_secret_basic']).filter((m): m is TokenEndpointAuthMethod => (MOCK_METHODS as string[]).includes(m));
  const omit = OMITTABLE.filter((field) => !(field in document!));
  const spec: AuthorizationServerSpec = {
    id,
    ...(origin === mcpOrigin ? { colocatedWith: rsId } : {}),
    issuerPath: issuerPathOf(captured.entry),
    discovery,
    endpoints: { authorization, token, ...(registration ? { registration } : {}) },
    ...(advertised && new URL(advertised).origin === origin ? { advertisedIssuerPath: issuerPathOf(advertised) } : {}),
    tokenEndpointAuthMethods: methods.length ? methods : ['client_secret_basic'],
    ...(strings(document.scopes_supported) ? { scopesSupported: strings(document.scopes_supported)! } : {}),
    ...(omit.length ? { omitMetadata: omit } : {}),
    ...(document.client_id_metadata_document_supported === true ? { clientIdMetadataDocuments: true } : {}),
    ...(document.authorization_response_iss_parameter_supported === true ? { authorizationResponseIss: 'correct' as const } : {}),
  };
  const from = said(source);
  comments.push({ path: [...at, 'issuerPath'], text: `the authorization_servers entry ${captured.entry}` });
  comments.push({
    path: [...at, 'discovery'],
    text: captured.metadata.map((a) => `${said(a)}${asDocument(a) ? ' (metadata)' : ''}`).join('; '),
  });
  comments.push({ path: [...at, 'endpoints'], text: `from ${from}` });
  if (listed === undefined) comments.push({ path: [...at, 'tokenEndpointAuthMethods'], text: 'not stated: RFC 8414 §2 default client_secret_basic' });
  else if (methods.length !== listed.length)
    comments.push({ path: [...at, 'tokenEndpointAuthMethods'], text: `stated: ${listed.join(', ')} (only these are played)` });
  if (advertised) comments.push({ path: at, text: `the metadata's issuer is ${advertised}, not the entry ${captured.entry}` });
  return spec;
}

/** The `prm.servedAt` location of a URL; one on another origin is served at its path on the MCP server's origin. */
function prmLocation(url: string, mcpUrl: string): PrmLocation {
  const probes = prmProbeUrls(mcpUrl);
  const [pathInserted, root] = probes.length === 2 ? probes : [undefined, probes[0]];
  if (url === pathInserted) return 'path-inserted';
  if (url === root) return 'root';
  return { custom: new URL(url).pathname };
}

const RS_AT = ['topology', 'resourceServers', 0];

/** The scenario that replays a capture on loopback, with a comment at each value naming the answer it came from. */
export function capturedScenario(capture: Capture, capturedAt: string, id?: string): CapturedScenario {
  const mcp = new URL(capture.mcpUrl);
  const rsId = slug(mcp.hostname);
  const comments: ValueComment[] = [
    {
      path: [...RS_AT, 'challenge'],
      text: `${said(capture.initialize)}: WWW-Authenticate: ${capture.initialize.headers['www-authenticate'] ?? '(none)'}`,
    },
  ];
  const served = capture.prm.filter((a) => prmDocument(a));
  const prm = prmDocument(served[0]);
  const { ids, authorizationServers } = authorizationServersOf(capture, prm, rsId, comments);
  const resourceServer = resourceServerOf(capture, { rsId, served, prm, ids, authorizationServers }, comments);
  return {
    scenario: {
      id: id ?? `captured-${slug(mcp.host)}`,
      // Without protected resource metadata only the optional 2025-03-26 fallback reaches it: a finding, as the catalogue's.
      suite: prm ? 'providers' : 'backcompat',
      description: `Captured from the deployment at ${mcp.host} on ${capturedAt} (its URLs are in the comments)`,
      specVersions: [...SPEC_VERSIONS],
      topology: { resourceServers: [resourceServer], authorizationServers },
      checks: [],
    },
    comments,
  };
}

/** The authorization servers replayed, with the id each `authorization_servers` entry gets (in the entries' order). */
function authorizationServersOf(
  capture: Capture,
  prm: Record<string, unknown> | undefined,
  rsId: string,
  comments: ValueComment[],
): { ids: string[]; authorizationServers: AuthorizationServerSpec[] } {
  const mcpOrigin = new URL(capture.mcpUrl).origin;
  const entries = strings(prm?.authorization_servers) ?? [];
  const ids = entries.map((entry, i) => {
    const host = slug(new URL(entry).hostname);
    const base = host === rsId ? `${host}-as` : host;
    return entries.slice(0, i).some((e) => slug(new URL(e).hostname) === host) ? `${base}-${i + 1}` : base;
  });
  const authorizationServers: AuthorizationServerSpec[] = [];
  capture.authorizationServers.forEach((captured, i) => {
    const spec = authorizationServerSpec(captured, ids[i] ?? `${rsId}-as`, mcpOrigin, rsId, comments, [
      'topology',
      'authorizationServers',
      authorizationServers.length,
    ]);
    if (spec) authorizationServers.push(spec);
  });

  // No metadata at all: the 2025-03-26 default endpoints on the MCP server's origin (which capture does not ask).
  if (!prm && authorizationServers.length === 0) {
    authorizationServers.push({
      id: `${rsId}-as`,
      colocatedWith: rsId,
      issuerPath: '',
      discovery: [],
      endpoints: { authorization: '/authorize', token: '/token', registration: '/register' },
      tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    });
    comments.push({ path: ['topology', 'authorizationServers', 0], text: 'no metadata anywhere: the 2025-03-26 default endpoints, assumed' });
  }
  return { ids, authorizationServers };
}

/** The `prm.resource` to play when the document's differs from the MCP URL. */
function resourceOf(prm: Record<string, unknown> | undefined, mcpUrl: string, comments: ValueComment[]): NonNullable<ResourceServerSpec['prm']>['resource'] {
  if (!prm || typeof prm.resource !== 'string' || prm.resource === mcpUrl) return undefined;
  const mcpOrigin = new URL(mcpUrl).origin;
  let url: URL | undefined;
  try {
    url = new URL(prm.resource);
  } catch {
    url = undefined;
  }
  comments.push({ path: [...RS_AT, 'prm', 'resource'], text: `the document's resource is ${prm.resource}` });
  if (url && prm.resource === mcpOrigin) return 'origin';
  if (url && url.origin === mcpOrigin) return { path: prm.resource.slice(mcpOrigin.length) };
  // Another server's URL: the replica names a host that is not the live one (live URLs stay in comments).
  return { literal: url ? `${url.protocol}//resource.invalid${url.pathname}` : prm.resource };
}

/** The resource server replayed: its challenge, its metadata and what its origin answers at other well-known URLs. */
function resourceServerOf(
  capture: Capture,
  found: {
    rsId: string;
    served: Answer[];
    prm: Record<string, unknown> | undefined;
    ids: string[];
    authorizationServers: AuthorizationServerSpec[];
  },
  comments: ValueComment[],
): ResourceServerSpec {
  const { rsId, served, prm, ids, authorizationServers } = found;
  const mcp = new URL(capture.mcpUrl);
  const challenge = challengeParams(capture.initialize.headers['www-authenticate']);
  const resource = resourceOf(prm, capture.mcpUrl, comments);

  // The MCP server's origin serves a copy of an authorization server's metadata (the SDK's mcpAuthMetadataRouter).
  const rootCopy = asDocument(capture.strays.find((a) => a.url === `${mcp.origin}/.well-known/oauth-authorization-server`));
  const copyOf = rootCopy && capture.authorizationServers.findIndex((as) => as.entry === rootCopy.issuer && new URL(as.entry).origin !== mcp.origin);
  const copied = copyOf !== undefined && copyOf >= 0 ? ids[copyOf] : undefined;
  const resourceServer: ResourceServerSpec = {
    id: rsId,
    mcpPath: mcp.pathname + mcp.search,
    challenge: { resourceMetadata: challenge.resource_metadata !== undefined, ...(challenge.scope ? { scope: challenge.scope } : {}) },
    prm: prm
      ? {
          servedAt: served.map((a) => prmLocation(a.url, capture.mcpUrl)),
          authorizationServers: ids.filter((id) => authorizationServers.some((as) => as.id === id)),
          ...(strings(prm.scopes_supported) ? { scopesSupported: strings(prm.scopes_supported)! } : {}),
          ...(resource ? { resource } : {}),
        }
      : null,
    ...fallbackOf(capture.strays),
    ...(copied && authorizationServers.some((as) => as.id === copied) ? { authorizationServerMetadataCopy: copied } : {}),
  };
  if (served.length) {
    const elsewhere = served.some((a) => new URL(a.url).origin !== mcp.origin) ? ' (on another origin: the replica serves it at that path on its own)' : '';
    comments.push({
      path: [...RS_AT, 'prm', 'servedAt'],
      text: capture.prm.map((a) => `${said(a)}${prmDocument(a) ? ' (metadata)' : ''}`).join('; ') + elsewhere,
    });
  }
  if (resourceServer.authorizationServerMetadataCopy)
    comments.push({
      path: [...RS_AT, 'authorizationServerMetadataCopy'],
      text: `GET ${mcp.origin}/.well-known/oauth-authorization-server → 200: the metadata of ${String(rootCopy?.issuer)}`,
    });
  if (capture.strays.length) {
    const key = resourceServer.gateway ? 'gateway' : resourceServer.otherWellKnown ? 'otherWellKnown' : 'mcpPath';
    comments.push({ path: [...RS_AT, key], text: `other well-known URLs on the MCP server's origin: ${capture.strays.map(said).join('; ')}` });
  }
  return resourceServer;
}
