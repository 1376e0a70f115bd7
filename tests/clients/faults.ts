// The test clients' faults, each one way a client goes wrong (`--fault NAME`), apart from the programs so that scripts
// can list them without running one (scripts/verdict-sweep.ts).
import { RETRY_FAULTS } from './scripted-retries.js';

/** tests/clients/scripted-client.ts */
export const SCRIPTED_FAULTS = [
  'asm-from-mcp-url', // the founding bug: AS metadata fetched below the MCP URL
  'ignore-resource-metadata', // well-known probing although the 401 names the metadata URL
  'root-prm-first', // root PRM probed before the path-inserted one
  'strip-issuer-path', // AS metadata at the root of a path issuer's origin
  'rfc8414-only', // only the issuer's RFC 8414 URL, never OpenID Connect Discovery: it stops after that URL's 404
  'guess-endpoints', // /register, /authorize, /token on the AS origin instead of the metadata's
  'unregistered-client-id', // skip registration, use a made-up client_id
  'wrong-auth-method', // Basic credentials for a public client
  'ignore-assigned-method', // authenticate with the method it asked for, not the one the registration response assigned
  'no-registration-retry', // stop when a registration is refused with invalid_client_metadata
  'no-pkce',
  'wrong-verifier',
  'no-resource',
  'no-state',
  'token-redirect-mismatch', // a different redirect_uri in the token request
  'no-scope', // never request a scope
  'token-in-query',
  'no-bearer-on-delete',
  'stop-after-token', // obtain a token, never use it
  'trust-prm-resource', // use protected resource metadata whatever its resource says
  'trust-metadata-issuer', // use authorization server metadata whatever its issuer says
  'ignore-pkce-support', // go on although the metadata lacks code_challenge_methods_supported
  'open-any-scheme', // hand the browser an authorization URL of any scheme
  'token-to-other-server', // also send the token to every other MCP server of MCP_CONFORMANCE_MCP_URLS
  'register-despite-credentials', // register although MCP_CONFORMANCE_CONTEXT supplies a client_id
  'cimd-fragment', // a Client ID Metadata Document client_id with a #fragment
  'offline-access-always', // add offline_access to every scope request
  'no-application-type', // register without application_type (2026-07-28: MUST)
  'web-application-type', // register with application_type "web" although its redirect URI is loopback (2026-07-28: SHOULD be native)
  'basic-unencoded', // client_secret_basic with client_id and secret as issued, not form-encoded first (RFC 6749 §2.3.1)
  'no-refresh-grant', // register with grant_types ["authorization_code"] only (2026-07-28: SHOULD list refresh_token)
  'resource-href', // send the resource re-serialized by a URL parser: an origin gains a "/" (RFC 3986 equivalent)
  'resource-fragment', // send the resource with a #fragment (RFC 8707 §2: never)
  'resource-inconsistent', // the token request's resource in upper case scheme and host, unlike the authorization request's
  'no-cimd', // ignore client_id_metadata_document_supported: register dynamically or stop
  'issuer-from-discovery-url', // expect the issuer as rebuilt from its discovery URL, which loses a final "/"
  'act-on-mismatched-error', // show and act on an error response whatever its iss: it gives up the flow
  'strict-token-response', // refuse a token response that is not {access_token, token_type "Bearer", expires_in, refresh_token, scope} exactly
  'require-refresh-token', // exit when the token response carries no refresh_token (a client that assumed one)
  ...RETRY_FAULTS, // see scripted-retries.ts
  // Ways to stop, for the triage account rather than a check (tests/e2e/triage.test.ts):
  'refuse-callback', // its redirect URI answers the authorization response 400 with an HTML page, then it exits 1
  'spinner-then-die', // after the metadata: a spinner on stderr with npm's update notice, one error line, exit 3
  'silent-exit', // after the metadata: exit 0 without a word
] as const;

/** tests/clients/dpop-client.ts */
export const DPOP_FAULTS = [
  'no-token-proof', // no DPoP header on the token request (it gets a bearer token), yet DPoP at the MCP server
  'token-proof-wrong-htu', // the token request's proof names the MCP URL as htu
  'bearer-scheme', // the DPoP-bound token sent as Authorization: Bearer (with a proof)
  'reuse-proof', // the first proof sent to the MCP server is sent again with every later request
  'ignore-as-nonce', // after use_dpop_nonce at the token endpoint, it sends a new proof still without the nonce
  'ignore-rs-nonce', // after use_dpop_nonce at the MCP server, it sends a new proof still without the nonce
] as const;

/** tests/clients/extension-grant-client.ts */
export const EXTENSION_FAULTS = [
  'cc-password-grant', // grant_type=password instead of client_credentials
  'cc-secret-post', // the client secret in the body instead of Basic credentials
  'assertion-wrong-aud', // a client assertion whose aud is the MCP server
  'assertion-replay', // the same client assertion (same jti) sent twice
  'wif-client-credentials', // grant_type=client_credentials with the workload assertion
  'wif-expired', // present expired_jwt of the context
  'wif-wrong-audience', // present wrong_audience_jwt of the context
  'wif-retry', // after a refused grant, try once more
  'ema-no-resource', // token exchange without the resource parameter
  'ema-id-token-as-assertion', // skip the exchange: present the IdP id_token itself to the MCP authorization server
] as const;
