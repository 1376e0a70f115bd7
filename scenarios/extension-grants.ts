// The authorization extensions whose grants need no browser: client credentials (SEP-1046, with client_secret_basic
// or an RFC 7523 private_key_jwt assertion), workload identity federation (RFC 7523 jwt-bearer with a workload
// assertion) and enterprise-managed authorization (SEP-990: an RFC 8693 exchange at the enterprise IdP for an ID-JAG,
// then a jwt-bearer grant of it). Data and pure JWT reading only; the mock servers play them
// (mock-servers/extension-grants.ts) and scenarios/checks/extension-*.ts judge them.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

export const CLIENT_CREDENTIALS_GRANT = 'client_credentials';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ID_JAG_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';
export const ID_TOKEN_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
export const ID_JAG_TYP = 'oauth-id-jag+jwt';

/** Which extension an authorization server plays; its token endpoint then answers only that extension's grant. */
export type ExtensionGrantsSpec =
  /** client_credentials; with `clientSecret` the client authenticates with client_secret_basic, else with private_key_jwt (ES256, a per-run key). */
  | { kind: 'client-credentials'; clientId: string; clientSecret?: string }
  /** jwt-bearer with a workload assertion a per-run workload issuer signed (the context's `valid_jwt`); no client authentication. */
  | {
      kind: 'workload-identity';
      clientId: string;
      /** Refuse every grant with this OAuth error (a workload the server does not authorize), to see the client stop. */
      refuseWith?: 'invalid_grant' | 'unauthorized_client';
    }
  /** An enterprise IdP exchanges its id_token for an ID-JAG; the authorization server takes it in a jwt-bearer grant with client_secret_basic. */
  | { kind: 'enterprise-managed'; clientId: string; clientSecret: string; idpClientId: string };

/** The checks that judge an extension, for the catalogue and for a topology file that lists none. */
export const EXTENSION_CHECKS = {
  'client-credentials-basic': ['client-credentials-grant', 'client-credentials-basic-auth'],
  'client-credentials-jwt': ['client-credentials-grant', 'client-credentials-jwt-assertion'],
  'workload-identity': ['wif-jwt-bearer-grant', 'wif-assertion'],
  'workload-identity-refused': ['wif-jwt-bearer-grant', 'wif-assertion', 'wif-no-retry'],
  'enterprise-managed': ['ema-token-exchange', 'ema-jwt-bearer'],
} as const;

export function extensionChecks(spec: ExtensionGrantsSpec): (typeof EXTENSION_CHECKS)[keyof typeof EXTENSION_CHECKS] {
  if (spec.kind === 'client-credentials') return EXTENSION_CHECKS[spec.clientSecret ? 'client-credentials-basic' : 'client-credentials-jwt'];
  if (spec.kind === 'workload-identity') return EXTENSION_CHECKS[spec.refuseWith ? 'workload-identity-refused' : 'workload-identity'];
  return EXTENSION_CHECKS[spec.kind];
}

/** The static part of MCP_CONFORMANCE_CONTEXT (the per-run keys and assertions come from the started servers). */
export function extensionContext(spec: ExtensionGrantsSpec): Record<string, string> {
  return { client_id: spec.clientId, ...('clientSecret' in spec && spec.clientSecret ? { client_secret: spec.clientSecret } : {}) };
}

/** What a started extension server is: the public keys checks verify signatures with, and where the IdP listens. */
export interface ResolvedExtensionGrants {
  kind: ExtensionGrantsSpec['kind'];
  /** Epoch milliseconds at which the trace's `at` is 0, to judge `exp` against the time of a request. */
  traceEpochMs: number;
  /** The public key of the client's private_key_jwt key (client credentials with private_key_jwt). */
  clientKey?: JsonWebKey;
  /** The workload issuer's public key and issuer (workload identity federation). */
  workload?: { issuer: string; key: JsonWebKey };
  /** The enterprise IdP (enterprise-managed authorization). */
  idp?: { issuer: string; tokenEndpoint: string; key: JsonWebKey; clientId: string };
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function base64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A JWS compact serialization's header and claims, or undefined when it is not one. */
export function decodeJwt(token: string | null | undefined): DecodedJwt | undefined {
  const parts = token?.split('.');
  if (parts?.length !== 3) return undefined;
  const header = base64urlJson(parts[0]!);
  const payload = base64urlJson(parts[1]!);
  return header && payload ? { header, payload } : undefined;
}

/** Whether an ES256 JWS verifies with a public key (RFC 7518 §3.4: the signature is R || S). */
export function signedBy(token: string, key: JsonWebKey): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || decodeJwt(token)?.header.alg !== 'ES256') return false;
  try {
    return verify(
      'sha256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      { key: createPublicKey({ key, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
      Buffer.from(parts[2]!, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** The audiences of a JWT's `aud` (a string or an array). */
export function audiences(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/** The audiences an authorization server accepts as itself: its issuer, with or without a terminating "/", and (RFC 7523 §3) its token endpoint. */
export function ownAudiences(issuer: string, tokenEndpoint?: string): string[] {
  const bare = issuer.replace(/\/+$/, '');
  return [bare, `${bare}/`, ...(tokenEndpoint ? [tokenEndpoint] : [])];
}
