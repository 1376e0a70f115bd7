// DPoP (RFC 9449, SEP-1932) as the mock servers play it: proofs verified with jose (RFC 9449 §4.3), a jti seen once,
// an unpredictable nonce when the server requires one (§8, §9), and the answers a server gives when a proof fails.
// The authorization server and the resource server each hold their own verifier: a nonce is only good where it was
// issued (§9).
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose';

/** The asymmetric JWS algorithms the servers accept for a proof (RFC 9449 §4.2: never `none` nor a MAC). */
export const DPOP_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA'];

/** How far `iat` may be from the server's clock: the ±5 minutes SEP-1932 names for a stateless server. */
const IAT_WINDOW_S = 300;

/** JWK members that only a private (or symmetric) key has (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export type DpopError = 'invalid_dpop_proof' | 'use_dpop_nonce';

/** A proof's verdict: the key's RFC 7638 thumbprint when it holds, else the error the server answers with. */
export type ProofVerdict = { ok: true; jkt: string } | { ok: false; error: DpopError; description: string };

/** The request URL without query and fragment, normalized as RFC 3986 §6.2.2–6.2.3 allow (RFC 9449 §4.3). */
function normalizedTarget(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

const invalid = (description: string): ProofVerdict => ({ ok: false, error: 'invalid_dpop_proof', description });

/** One server's DPoP verifier: the jtis it has seen and, when it requires one, its nonce. */
export class DpopVerifier {
  private readonly seen = new Set<string>();
  readonly nonce: string | undefined;

  constructor(requireNonce: boolean) {
    this.nonce = requireNonce ? randomBytes(18).toString('base64url') : undefined;
  }

  /**
   * The verdict on a request's DPoP header (RFC 9449 §4.3), or undefined when it has none. `accessToken`: the token
   * the request presents, which the proof's `ath` must hash (§4.3 item 12).
   */
  async verify(req: Request, target: string, accessToken?: string): Promise<ProofVerdict | undefined> {
    const headers = req.headersDistinct['dpop'];
    if (!headers || headers.length === 0) return undefined;
    if (headers.length > 1) return invalid('more than one DPoP header');
    const proof = headers[0]!;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      return invalid('the DPoP header is not a JWT');
    }
    if (proof.split('.').length !== 3) return invalid('the DPoP header is not a signed JWT (JWS compact serialization)');
    if (header.typ !== 'dpop+jwt') return invalid(`typ is ${JSON.stringify(header.typ)}, not "dpop+jwt"`);
    if (typeof header.alg !== 'string' || !DPOP_ALGS.includes(header.alg))
      return invalid(`alg ${JSON.stringify(header.alg)} is not an asymmetric algorithm this server accepts (${DPOP_ALGS.join(', ')})`);
    const jwk = header.jwk;
    if (!jwk || typeof jwk !== 'object') return invalid('the JOSE header has no jwk');
    const secret = PRIVATE_MEMBERS.filter((member) => member in jwk);
    if (secret.length > 0) return invalid(`the jwk carries private key material (${secret.join(', ')})`);
    let claims: JWTPayload;
    try {
      const key = await importJWK(jwk, header.alg);
      claims = (await jwtVerify(proof, key, { algorithms: [header.alg], typ: 'dpop+jwt' })).payload;
    } catch (error) {
      return invalid(`the signature does not verify with the jwk of its header (${(error as Error).message})`);
    }
    const missing = ['jti', 'htm', 'htu', 'iat'].filter((claim) => claims[claim] === undefined);
    if (missing.length > 0) return invalid(`required claim(s) missing: ${missing.join(', ')}`);
    if (typeof claims.jti !== 'string' || claims.jti === '') return invalid('jti is not a non-empty string');
    if (claims.htm !== req.method) return invalid(`htm is ${JSON.stringify(claims.htm)}, the request is ${req.method}`);
    if (typeof claims.htu !== 'string') return invalid('htu is not a string');
    if (/[?#]/.test(claims.htu)) return invalid(`htu ${claims.htu} has a query or fragment (RFC 9449 §4.2: without query and fragment parts)`);
    if (normalizedTarget(claims.htu) === undefined || normalizedTarget(claims.htu) !== normalizedTarget(target))
      return invalid(`htu is ${claims.htu}, the request was sent to ${normalizedTarget(target) ?? target}`);
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || Math.abs(now - claims.iat) > IAT_WINDOW_S)
      return invalid(`iat ${String(claims.iat)} is more than ${IAT_WINDOW_S} s from the server's clock (${now})`);
    if (this.seen.has(claims.jti)) return invalid(`jti ${claims.jti} was used by an earlier proof`);
    this.seen.add(claims.jti);
    if (accessToken !== undefined) {
      const ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
      if (claims.ath !== ath) return invalid(claims.ath === undefined ? 'no ath claim' : 'ath is not the hash of the access token presented');
    }
    if (this.nonce !== undefined && claims.nonce !== this.nonce) {
      const description = claims.nonce === undefined ? 'this server requires a nonce in the DPoP proof' : 'the nonce is not the one this server supplied';
      return { ok: false, error: 'use_dpop_nonce', description };
    }
    return { ok: true, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
  }
}

/** The token endpoint's answer to a proof that failed (RFC 9449 §5, §8): 400, with the nonce to use next. */
export function refuseTokenRequest(res: Response, verifier: DpopVerifier, failure: { error: DpopError; description: string }): void {
  if (verifier.nonce !== undefined) res.set('DPoP-Nonce', verifier.nonce);
  res.status(400).set('Cache-Control', 'no-store').json({ error: failure.error, error_description: failure.description });
}

/** The `DPoP` challenge of the resource server (RFC 9449 §7.1): its algorithms, and an error when there is one. */
export function dpopChallenge(error?: { error: string; description: string }): string {
  const params = error ? [`error="${error.error}"`, `error_description="${error.description.replace(/["\\]/g, "'")}"`] : [];
  return `DPoP ${[...params, `algs="${DPOP_ALGS.join(' ')}"`].join(', ')}`;
}

/**
 * Whether the resource server lets a request through as far as DPoP goes (RFC 9449 §7.1, §7.2, §9); when it does
 * not, the 401 is sent here. `bound`: the key thumbprint of the token's grant, if it is DPoP-bound.
 */
export async function admitAtResource(
  req: Request,
  res: Response,
  verifier: DpopVerifier,
  presented: { scheme: 'Bearer' | 'DPoP'; token: string; bound: string | undefined; target: string },
  bearerChallenge: (error: string, description: string) => string,
): Promise<boolean> {
  const refuse = (challenges: string[], nonce = false) => {
    if (nonce && verifier.nonce !== undefined) res.set('DPoP-Nonce', verifier.nonce);
    res
      .status(401)
      .set('WWW-Authenticate', challenges)
      .json({ error: 'unauthorized', error_description: challenges.join(', ') });
    return false;
  };
  if (presented.scheme === 'Bearer') {
    if (presented.bound === undefined) return true;
    const description = 'the access token is DPoP-bound: it is presented with the DPoP scheme and a proof (RFC 9449 section 7.2)';
    return refuse([bearerChallenge('invalid_token', description), dpopChallenge()]);
  }
  if (presented.bound === undefined)
    return refuse([dpopChallenge({ error: 'invalid_token', description: 'the access token is not DPoP-bound (token_type Bearer)' })]);
  const verdict = await verifier.verify(req, presented.target, presented.token);
  if (!verdict) return refuse([dpopChallenge({ error: 'invalid_dpop_proof', description: 'the request has no DPoP header' })]);
  if (!verdict.ok) return refuse([dpopChallenge(verdict)], verdict.error === 'use_dpop_nonce');
  if (verdict.jkt !== presented.bound)
    return refuse([dpopChallenge({ error: 'invalid_token', description: 'the DPoP proof key is not the key the access token is bound to' })]);
  return true;
}
