// The data model shared by every room of the house: topologies (what the mock servers play),
// traces (what they recorded) and checks (pure judgements over a trace).
import type { CheckId } from './checks/index.js';
import type { ExtensionGrantsSpec, ResolvedExtensionGrants } from './extension-grants.js';

export type { CheckId };

export const SPEC_VERSIONS = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];
export const LATEST_SPEC_VERSION: SpecVersion = '2026-07-28';

export type Level = 'MUST' | 'SHOULD';

/** Which well-known URLs of an authorization server answer with metadata. */
export type AsDiscoveryUrl =
  /** RFC 8414: /.well-known/oauth-authorization-server{issuer-path} */
  | 'oauth-path-inserted'
  /** OIDC Discovery with the path inserted: /.well-known/openid-configuration{issuer-path} */
  | 'oidc-path-inserted'
  /** OIDC Discovery 1.0 proper: {issuer-path}/.well-known/openid-configuration */
  | 'oidc-appended'
  /**
   * The origin's root RFC 8414 document; for a path issuer this is a *different* authorization server's
   * document (Okta's org server beside a custom one): issuer = the origin, endpoints that refuse everything.
   */
  | 'oauth-root';

/**
 * What a well-known URL the server does not serve answers instead of 404: an HTML page (a single-page app's
 * catch-all) or a 302 to an HTML login page. Either way the document is absent.
 */
export type WellKnownFallback = 'html' | 'redirect';

export type PrmLocation = 'path-inserted' | 'root' | { custom: string };

export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

export interface ResourceServerSpec {
  id: string;
  /** Host name in URLs; the server binds loopback whatever the name. Default `localhost`. */
  host?: string;
  /** Path of the MCP endpoint, e.g. `/example-server`. */
  mcpPath: string;
  /** What the 401 challenge carries. */
  challenge: { resourceMetadata: boolean; scope?: string };
  /** Protected Resource Metadata, or null when the server publishes none (legacy servers). */
  prm: null | {
    servedAt: PrmLocation[];
    /** Ids of authorization servers, in the order of `authorization_servers`. */
    authorizationServers: string[];
    scopesSupported?: string[];
    /** The `resource` value; default is the MCP endpoint URL. `path`: the server's origin followed by it. */
    resource?: 'mcp-url' | 'origin' | { literal: string } | { path: string };
    /**
     * The server moves to other authorization servers (SEP-2352, as the official `auth/authorization-server-migration`):
     * once it has accepted one bearer request, `authorization_servers` lists these ids instead, and a token of any
     * other server is refused 401 `invalid_token` ("the authorization server has changed"). One client run sees both.
     */
    migrateTo?: string[];
  };
  /** A gateway answers 401 for every path but its protected resource metadata, .well-known URLs included. */
  gateway?: boolean;
  /**
   * The id of an authorization server whose RFC 8414 metadata this server also serves at its own origin's root
   * (`/.well-known/oauth-authorization-server`), as the official SDK's `mcpAuthMetadataRouter` does: a client that looks
   * for the metadata on the MCP server finds a copy there.
   */
  authorizationServerMetadataCopy?: string;
  /** What unserved protected resource metadata URLs answer instead of 404. */
  otherWellKnown?: WellKnownFallback;
  /**
   * Scope an MCP method needs, e.g. `{ 'tools/call': 'mcp:write' }`: a bearer request for it whose token lacks
   * the scope gets 403 with `WWW-Authenticate: Bearer error="insufficient_scope", scope="mcp:write"`.
   * `'*'` applies to every method, and a scope no token can carry (`mcp:never`) refuses every call for ever.
   */
  requiredScopes?: Record<string, string>;
  /** Every bearer request is refused 401 `invalid_token`, however fresh the token (a server that never accepts). */
  rejectEveryToken?: boolean;
  /**
   * DPoP (RFC 9449, SEP-1932): the server also challenges with `DPoP algs=…`, accepts `Authorization: DPoP` with a
   * proof bound to the token's key, and refuses a DPoP-bound token sent as Bearer (§7.2). `requireNonce`: a proof
   * without this server's nonce is answered 401 `use_dpop_nonce` with a `DPoP-Nonce` header (§9).
   */
  dpop?: { requireNonce?: boolean };
}

export interface AuthorizationServerSpec {
  id: string;
  /** Default `127.0.0.1`, so the authorization server's origin differs from the resource server's. */
  host?: string;
  /** Path part of the issuer: '' (origin only), '/' (Auth0-like trailing slash) or '/oauth2/default'. */
  issuerPath: string;
  /** Which discovery URLs answer; every other URL answers 404. */
  discovery: AsDiscoveryUrl[];
  /**
   * Endpoint paths on the authorization server's origin; deliberately not the defaults. An authorization
   * endpoint with a scheme (`javascript:…`) is advertised verbatim and served nowhere: a hostile metadata.
   */
  endpoints: { authorization: string; token: string; registration?: string };
  /**
   * The metadata's `issuer` is the origin plus this path instead of the real issuer, at every discovery URL
   * (RFC 8414 §3.3 mismatch: the client must not use it).
   */
  advertisedIssuerPath?: string;
  /** Served on this resource server's origin and port instead of its own (Cloudflare-like, legacy 2025-03-26). */
  colocatedWith?: string;
  /** What unserved discovery URLs answer instead of 404. */
  otherWellKnown?: WellKnownFallback;
  tokenEndpointAuthMethods: TokenEndpointAuthMethod[];
  scopesSupported?: string[];
  /** Metadata fields to leave out, to play providers that omit them. */
  omitMetadata?: string[];
  /** Access token lifetime in seconds. */
  accessTokenTtl?: number;
  /**
   * Expiry without waiting: an access token is treated as expired (401 `invalid_token`) after this many requests
   * to the MCP server. Refresh tokens are always rotated: each is single-use.
   */
  accessTokenUses?: number;
  /**
   * Registration issues a client_id with "+" and a standard-base64 client_secret ("+", "/", "="), values that
   * application/x-www-form-urlencoded changes, so a client_secret_basic header shows whether the client encoded them
   * first (RFC 6749 §2.3.1). The server reads the header either way, so the flow goes on while the check judges.
   */
  encodingSensitiveCredentials?: boolean;
  /** Clients the server knows without registration (handed to the client through the scenario's `context`). */
  preRegisteredClients?: { clientId: string; clientSecret?: string; method: TokenEndpointAuthMethod; redirectUris?: string[] }[];
  /**
   * Advertise `client_id_metadata_document_supported`: an https `client_id` with a path is accepted, and the
   * server GETs the document when its host is loopback (recorded with role `client-metadata-document`).
   */
  clientIdMetadataDocuments?: boolean;
  /** The registration endpoint is advertised but refuses every request (Auth0 with DCR off): 403 with this error. */
  registrationRefused?: { status: number; error: string; description: string };
  /**
   * What the registration endpoint does with requested metadata it does not support. `assign` (the default, as the
   * official suite's servers and most real ones): RFC 7591 §3.2.1 lets a server "reject or replace any of the client's
   * requested metadata values", so it registers the client anyway and answers 201 with what it assigned: the first of
   * `tokenEndpointAuthMethods` when the requested token_endpoint_auth_method (client_secret_basic when omitted,
   * RFC 7591 §2) is not among them, with a client_secret for a secret method; the supported subset of grant_types and
   * response_types (their defaults when omitted or when none is supported). `refuse-unsupported-method`: a stricter
   * server than the RFC requires, answering 400 invalid_client_metadata to an unsupported token_endpoint_auth_method.
   */
  registrationPolicy?: 'assign' | 'refuse-unsupported-method';
  /**
   * RFC 9207: advertise `authorization_response_iss_parameter_supported` and add `iss` to the authorization
   * response: the issuer (`correct`), nothing (`missing`), another server's issuer (`wrong`), the issuer with a
   * terminating "/" (`normalized`: equal only after URL normalization), or another issuer without advertising
   * support (`unadvertised-wrong`).
   */
  authorizationResponseIss?: 'correct' | 'missing' | 'wrong' | 'normalized' | 'unadvertised-wrong';
  /** An authorization extension's grant (scenarios/extension-grants.ts): the token endpoint then answers that grant only. */
  extensionGrants?: ExtensionGrantsSpec;
  /**
   * DPoP (RFC 9449, SEP-1932): advertise `dpop_signing_alg_values_supported`, verify a token request's proof, and bind
   * the tokens issued to its key (`token_type` DPoP). A token request without a proof gets a Bearer token, as §5 lets
   * a server do. `requireNonce`: a proof without this server's nonce is answered 400 `use_dpop_nonce` (§8).
   */
  dpop?: { requireNonce?: boolean };
  /**
   * How a successful token response is shaped, within what RFC 6749 §5.1 allows (real servers differ): `tokenType`
   * instead of `Bearer` (the value is case-insensitive), members it leaves out (`scope` is optional when it is the
   * scope requested, `refresh_token` optional, `expires_in` only recommended) and members beside the standard ones
   * (a client "MUST ignore unrecognized value names"). Without a refresh token the server keeps no refresh grant, as
   * the official suite's mock and servers that grant none (2026-07-28: "the AS retains discretion").
   */
  tokenResponse?: TokenResponseShape;
}

export const TOKEN_RESPONSE_OMISSIONS = ['scope', 'refresh_token', 'expires_in'] as const;

export interface TokenResponseShape {
  tokenType?: string;
  omit?: (typeof TOKEN_RESPONSE_OMISSIONS)[number][];
  extra?: Record<string, unknown>;
}

export interface Topology {
  resourceServers: ResourceServerSpec[];
  authorizationServers: AuthorizationServerSpec[];
}

/** Where the topology ended up once its servers listened: the real URLs checks compare against. */
export interface ResolvedResourceServer {
  id: string;
  origin: string;
  mcpUrl: string;
  /** The URL of each PRM location that answers, in the order of the spec's `servedAt`. */
  prmUrls: string[];
  /** `resource_metadata` of the 401 challenge, when the topology sends it. */
  challengeResourceMetadata?: string;
  resource?: string;
  authorizationServers: string[];
  /** `prm.migrateTo`: the authorization servers the PRM lists once the server has migrated. */
  migratedAuthorizationServers?: string[];
}

export interface ResolvedAuthorizationServer {
  id: string;
  origin: string;
  issuer: string;
  endpoints: { authorization: string; token: string; registration?: string };
  /** Every discovery URL that answers, keyed by kind. */
  metadataUrls: Partial<Record<AsDiscoveryUrl, string>>;
  /** The `issuer` the metadata states when it is not `issuer` (`advertisedIssuerPath`). */
  advertisedIssuer?: string;
  /** The per-run keys and servers of `extensionGrants`. */
  extensionGrants?: ResolvedExtensionGrants;
}

export interface ResolvedTopology {
  resourceServers: ResolvedResourceServer[];
  authorizationServers: ResolvedAuthorizationServer[];
}

/** Who sent a request; `authorization-server` for the fetch of a client ID metadata document. */
export type Party = 'client' | 'user-agent' | 'authorization-server';

/** One HTTP exchange a mock server (or the harness's user agent) saw, in arrival order. */
export interface Exchange {
  seq: number;
  /** Milliseconds since the scenario started. */
  at: number;
  /**
   * Id of the server in the topology, `client-callback` for the client's own redirect URI, or `user-agent`
   * for a URL the client asked the browser to open that the user agent refused (method `OPEN`, status 0).
   */
  server: string;
  role: 'resource-server' | 'authorization-server' | 'identity-provider' | 'client-callback' | 'client-metadata-document' | 'user-agent' | 'model';
  from: Party;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
  /**
   * Set on an automatic redirect hop: the seq of the 3xx exchange whose Location this request followed (the same
   * party, soon after; see `Recorder.hops` in mock-servers/recorder.ts). A hop is not a URL the sender chose.
   */
  redirectedFrom?: number;
}

export interface Trace {
  exchanges: Exchange[];
}

export interface Requirement {
  id: string;
  level: Level;
  summary: string;
  /** Spec revision and section, e.g. `MCP 2025-11-25 Authorization › Protected Resource Metadata Discovery`. */
  source: string;
  url: string;
  since: SpecVersion | '2025-03-26';
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckOutcome {
  status: 'pass' | 'fail' | 'skip';
  message: string;
  /** Sequence numbers of the exchanges the judgement rests on. */
  evidence?: number[];
  /**
   * Of a failure's evidence, the requests that broke the rule; the rest is context (the request it answered, the
   * last request of a client that never made the one expected). Absent: every piece of evidence broke it.
   */
  violations?: number[];
}

/**
 * What kind of verdict a scenario gives. `core`: the specification's nominal topologies; `providers`: real identity
 * providers' shapes the discovery rules must handle; `security`: negatives (a document or response the client must
 * refuse); `interop`: server quirks beyond the specification's text; `backcompat`: the optional 2025-03-26 fallbacks;
 * `extensions`: the authorization extensions (client credentials, enterprise-managed authorization, DPoP, workload
 * identity), which a client may not implement: one that never attempts the extension is skipped, not failed.
 * Failures in `interop` and `backcompat` are findings, not conformance failures, unless the run is `--strict`.
 */
export const SUITES = ['core', 'providers', 'security', 'interop', 'backcompat', 'extensions'] as const;
export type Suite = (typeof SUITES)[number];
export const ADVISORY_SUITES: readonly Suite[] = ['interop', 'backcompat'];

/** Points of a flow the trace can show the client reached (scenarios/reach.ts). */
export const REACH_POINTS = ['authorization-server-metadata'] as const;
export type ReachPoint = (typeof REACH_POINTS)[number];

export interface Scenario {
  id: string;
  suite: Suite;
  description: string;
  specVersions: SpecVersion[];
  topology: Topology;
  /** The checks judged here: ids of scenarios/checks/index.ts (a typo fails the build). */
  checks: CheckId[];
  /** Credentials handed to command clients through MCP_CONFORMANCE_CONTEXT. */
  context?: Record<string, string>;
  /**
   * What the harness's user agent does besides following redirects. `forgedCallbackFirst`: before the real
   * authorization response reaches the client's redirect URI, deliver one with a forged code and a wrong state.
   * `mismatchedErrorFirst`: before it, deliver an error response (`access_denied`, with a description and an error URI)
   * with the real state and the `iss` of another server (a mix-up attack, RFC 9207). Every navigator (HTTP, browser)
   * honours them.
   */
  userAgent?: { forgedCallbackFirst?: boolean; mismatchedErrorFirst?: boolean };
  /**
   * Checks this scenario judges at most at SHOULD, with why: where the specification does not require what the
   * check asks against this topology (completing the flow after a forged callback, say).
   */
  atMostShould?: Partial<Record<CheckId, string>>;
  /**
   * Where stopping is the right behaviour, so every check may skip: the point the client must have reached for that
   * to pass. Without it, a scenario whose every check skipped was not reached and is skipped, not passed.
   */
  rightStopAfter?: ReachPoint;
}

export interface CheckContext {
  trace: Trace;
  scenario: Scenario;
  topology: ResolvedTopology;
  specVersion: SpecVersion;
}

/** A check; `Id` is its id as a literal type when written with `defineCheck` (scenarios/checks/define.ts). */
export interface Check<Id extends string = string> {
  id: Id;
  title: string;
  /** Requirement ids (scenarios/requirements.ts); the first is the one a result cites. */
  requirements: [string, ...string[]];
  /** Level at a given revision; undefined means the check does not apply to that revision. */
  level(specVersion: SpecVersion): Level | undefined;
  run(ctx: CheckContext): CheckOutcome;
}

export interface Verdict {
  id: string;
  title: string;
  level: Level;
  status: CheckStatus;
  message: string;
  /** The check's requirements, the one a result cites first. */
  requirements: [Requirement, ...Requirement[]];
  evidence: number[];
  /** Failed or warned: the requests of `evidence` that broke the rule (none when the failure is a request never sent). */
  violations?: number[];
  /** Why a failure is reported as a warning rather than failing the run (interop suite, a capped level). */
  advisory?: string;
  /** The upstream report of a known client bug this failure matches (scenarios/known-bugs.ts). */
  known?: { url: string; title: string; fixedIn?: string };
}
