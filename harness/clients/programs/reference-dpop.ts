// DPoP (SEP-1932, RFC 9449) for the reference client, as a fetch wrapper around the SDK's requests: the SDK (1.x) knows
// nothing of DPoP, so its token requests and its `Authorization: Bearer` requests are made DPoP requests here.
// Written from RFC 9449 alone, independently of the harness's checks and mock servers (nothing from scenarios/ or
// mock-servers/ is imported).
//   §5.1: DPoP is used with an authorization server whose metadata lists an algorithm this client signs with (ES256).
//   §5: every token request to it carries a proof (htm POST, htu the token endpoint); a token_type DPoP answer means
//     the token is bound to this client's key.
//   §7.1: such a token is sent as `Authorization: DPoP <token>` with a proof whose ath is the token's SHA-256.
//   §4.2: every proof has its own jti; htu is the target URI without query and fragment.
//   §8, §9: a use_dpop_nonce answer (400 at the token endpoint, 401 `WWW-Authenticate: DPoP` at a resource) is
//     retried once with the DPoP-Nonce it carried; a server's latest nonce goes into every later proof sent to it.
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

const ALG = 'ES256';

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
}

function requestUrl(input: Parameters<typeof fetch>[0]): URL {
  return new URL(input instanceof Request ? input.url : String(input));
}

function isUseDpopNonce(response: Response, body: Record<string, unknown> | undefined): boolean {
  if (response.status === 400) return body?.error === 'use_dpop_nonce';
  return response.status === 401 && /(?:^|,\s*)DPoP\s[^]*error="use_dpop_nonce"/i.test(response.headers.get('www-authenticate') ?? '');
}

async function jsonOf(response: Response): Promise<Record<string, unknown> | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  return (await response
    .clone()
    .json()
    .catch(() => undefined)) as Record<string, unknown> | undefined;
}

/** Makes `send` a DPoP client: it learns from the metadata it fetches which token endpoints take DPoP. */
export function withDpop(send: typeof fetch): typeof fetch {
  let key: Promise<Key> | undefined;
  const tokenEndpoints = new Set<string>();
  const boundTokens = new Set<string>();
  const nonces = new Map<string, string>();

  const keyPair = () =>
    (key ??= generateKeyPair(ALG).then(async ({ privateKey, publicKey }) => {
      const { kty, crv, x, y } = await exportJWK(publicKey);
      return { privateKey, jwk: { kty, crv, x, y } };
    }));

  const proof = async (method: string, url: URL, accessToken?: string): Promise<string> => {
    const { privateKey, jwk } = await keyPair();
    const nonce = nonces.get(url.origin);
    return new SignJWT({
      jti: randomUUID(),
      htm: method,
      htu: `${url.origin}${url.pathname}`,
      ...(accessToken ? { ath: createHash('sha256').update(accessToken, 'ascii').digest('base64url') } : {}),
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: ALG, typ: 'dpop+jwt', jwk })
      .setIssuedAt()
      .sign(privateKey);
  };

  /** Sends with a fresh proof; once more, with the nonce, when the server answers use_dpop_nonce. */
  const sendWithProof = async (input: Parameters<typeof fetch>[0], init: RequestInit | undefined, method: string, url: URL, accessToken?: string) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (accessToken) headers.set('authorization', `DPoP ${accessToken}`);
    for (let attempt = 0; ; attempt += 1) {
      headers.set('dpop', await proof(method, url, accessToken));
      const response = await send(input, { ...init, headers });
      const nonce = response.headers.get('dpop-nonce');
      if (nonce) nonces.set(url.origin, nonce);
      if (attempt > 0 || !nonce || !isUseDpopNonce(response, await jsonOf(response))) return response;
      await response.body?.cancel();
    }
  };

  return async (input, init) => {
    const url = requestUrl(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const endpoint = `${url.origin}${url.pathname}`;
    if (method === 'POST' && tokenEndpoints.has(endpoint)) {
      const response = await sendWithProof(input, init, method, url);
      const tokens = response.ok ? await jsonOf(response) : undefined;
      if (typeof tokens?.access_token === 'string' && String(tokens.token_type).toLowerCase() === 'dpop') boundTokens.add(tokens.access_token);
      return response;
    }
    const authorization = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization');
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (token && boundTokens.has(token)) return sendWithProof(input, init, method, url, token);
    const response = await send(input, init);
    if (method === 'GET' && response.ok) {
      const metadata = await jsonOf(response);
      const algs = metadata?.dpop_signing_alg_values_supported;
      if (typeof metadata?.token_endpoint === 'string' && Array.isArray(algs) && algs.includes(ALG)) {
        const tokenEndpoint = new URL(metadata.token_endpoint);
        tokenEndpoints.add(`${tokenEndpoint.origin}${tokenEndpoint.pathname}`);
      }
    }
    return response;
  };
}
