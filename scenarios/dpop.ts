// DPoP (RFC 9449) as the checks read it from a trace: the proofs a client sent, decoded but not verified (the
// signature and the clock are the servers' to judge, and their refusals are in the trace), the tokens issued bound to
// a key, and the servers' nonce challenges. Pure: no I/O.
import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { dpopCredentials } from './credentials.js';
import { bearerToken, fromClient, header, issuedAccessTokens, jsonBody, urlWithoutQuery } from './trace.js';
import type { Exchange, ResolvedTopology, Trace } from './types.js';

/** The asymmetric JWS algorithms (RFC 7518 §3.1, RFC 8037): a proof's alg is one of them, never `none` nor a MAC. */
const ASYMMETRIC_ALGS = new Set(['ES256', 'ES384', 'ES512', 'ES256K', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519', 'Ed448']);
/** JWK members only a private or symmetric key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** The members that identify a public key (RFC 7638 §3.2): two JWKs with the same ones are the same key. */
const KEY_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'];

export interface DecodedProof {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The DPoP header of a request (two headers arrive joined by ", ", which no JWT contains). */
export function dpopProofOf(ex: Exchange): string | undefined {
  return header(ex, 'dpop');
}

/** The access token of an `Authorization: DPoP` request. */
export function dpopToken(ex: Exchange): string | undefined {
  return dpopCredentials(header(ex, 'authorization'));
}

/** Whether a request takes part in DPoP: a DPoP header, or the DPoP authentication scheme. */
export function usesDpop(ex: Exchange): boolean {
  return dpopProofOf(ex) !== undefined || dpopToken(ex) !== undefined;
}

/** The client's requests that take part in DPoP; none means the client does not implement it. */
export function dpopRequests(trace: Trace): Exchange[] {
  return fromClient(trace).filter(usesDpop);
}

export const NO_DPOP = 'the client sent no DPoP proof and no Authorization: DPoP: it does not implement DPoP (SEP-1932, an optional extension)';

export function decodeProof(proof: string): DecodedProof | string {
  if (proof.includes(',')) return 'more than one DPoP header';
  try {
    return { header: decodeProtectedHeader(proof), claims: decodeJwt(proof) };
  } catch {
    return 'not a JWT';
  }
}

/**
 * What is wrong with a proof on its face (RFC 9449 §4.2, and §4.3 items 1–4, 5 in part, 7–9, 12's ath), for the
 * request it came with; an empty list when nothing is. `accessToken`: the token whose hash `ath` must be.
 */
export function proofProblems(ex: Exchange, proof: string, accessToken?: string): string[] {
  const decoded = decodeProof(proof);
  if (typeof decoded === 'string') return [decoded];
  const { header: head, claims } = decoded;
  const problems: string[] = [];
  if (proof.split('.')[2] === '') problems.push('it is unsigned');
  if (head.typ !== 'dpop+jwt') problems.push(`typ is ${JSON.stringify(head.typ)}, not "dpop+jwt"`);
  if (typeof head.alg !== 'string' || !ASYMMETRIC_ALGS.has(head.alg)) problems.push(`alg ${JSON.stringify(head.alg)} is not an asymmetric signature algorithm`);
  const jwk = head.jwk;
  if (!jwk || typeof jwk !== 'object') problems.push('its header has no jwk');
  else {
    const secret = PRIVATE_MEMBERS.filter((member) => member in jwk);
    if (secret.length > 0) problems.push(`its jwk carries private key material (${secret.join(', ')})`);
  }
  const missing = ['jti', 'htm', 'htu', 'iat'].filter((claim) => claims[claim] === undefined);
  if (missing.length > 0) problems.push(`claim(s) ${missing.join(', ')} missing`);
  if (claims.htm !== undefined && claims.htm !== ex.method) problems.push(`htm is ${JSON.stringify(claims.htm)} on a ${ex.method}`);
  if (typeof claims.htu === 'string') {
    if (/[?#]/.test(claims.htu)) problems.push(`htu ${claims.htu} has a query or fragment`);
    else if (normalized(claims.htu) !== normalized(urlWithoutQuery(ex))) problems.push(`htu is ${claims.htu}, not ${urlWithoutQuery(ex)}`);
  } else if (claims.htu !== undefined) problems.push('htu is not a string');
  if (accessToken !== undefined) {
    const ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
    if (claims.ath === undefined) problems.push('it has no ath (the hash of the access token it is sent with)');
    else if (claims.ath !== ath) problems.push('its ath is not the hash of the access token it is sent with');
  }
  return problems;
}

/** RFC 3986 syntax- and scheme-based normalization, as RFC 9449 §4.3 has servers compare htu. */
function normalized(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The proof's claim or header member, when it decodes. */
export function proofClaim(proof: string, claim: string): unknown {
  const decoded = decodeProof(proof);
  return typeof decoded === 'string' ? undefined : decoded.claims[claim];
}

/** The identifying members of a proof's public key, as one comparable string. */
export function proofKey(proof: string): string | undefined {
  const decoded = decodeProof(proof);
  const jwk = typeof decoded === 'string' ? undefined : (decoded.header.jwk as Record<string, unknown> | undefined);
  return jwk && typeof jwk === 'object' ? JSON.stringify(KEY_MEMBERS.map((m) => jwk[m] ?? null)) : undefined;
}

/** The `error` and `error_description` a server answered a DPoP request with (token endpoint body, or a `DPoP` challenge). */
export function dpopRefusal(ex: Exchange): { error: string; description: string } | undefined {
  if (ex.status === 400) {
    const body = jsonBody<{ error?: unknown; error_description?: unknown }>(ex.responseBody);
    if (typeof body?.error === 'string' && body.error.includes('dpop')) return { error: body.error, description: String(body.error_description ?? '') };
  }
  if (ex.status === 401) {
    const challenge = /(?:^|,\s*)DPoP\s+(.*)$/i.exec(ex.responseHeaders['www-authenticate'] ?? '')?.[1] ?? '';
    const error = /error="([^"]*)"/.exec(challenge)?.[1];
    if (error) return { error, description: /error_description="([^"]*)"/.exec(challenge)?.[1] ?? '' };
  }
  return undefined;
}

/** The nonce a use_dpop_nonce answer supplied (RFC 9449 §8, §9), if it is one. */
export function nonceChallenge(ex: Exchange): string | undefined {
  if (dpopRefusal(ex)?.error !== 'use_dpop_nonce') return undefined;
  return ex.responseHeaders['dpop-nonce'];
}

/** Access tokens issued with token_type DPoP (case-insensitive, RFC 9449 §5), with the response that issued each. */
export function dpopBoundTokens(trace: Trace, topology: ResolvedTopology): { ex: Exchange; token: string }[] {
  return issuedAccessTokens(trace, topology).filter(({ ex }) => {
    const type = jsonBody<{ token_type?: unknown }>(ex.responseBody)?.token_type;
    return typeof type === 'string' && type.toLowerCase() === 'dpop';
  });
}

/** The token an MCP request presents, whatever its scheme. */
export function presentedToken(ex: Exchange): string | undefined {
  return dpopToken(ex) ?? bearerToken(ex);
}
