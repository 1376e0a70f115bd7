// Credentials as a request carries them: the one reading of an `Authorization: Basic` header, for the checks (which
// judge it strictly), the mock authorization server (which reads it leniently, so the flow goes on while the checks
// judge) and the reports' redaction; and of a Bearer or DPoP token, for the checks and the mock resource server. Pure: no I/O.

/** An `Authorization: Basic` header (RFC 7617), decoded from base64 but not yet from form encoding. */
export interface BasicCredentials {
  /** What follows the scheme, trimmed (possibly empty). */
  encoded: string;
  /** `encoded` read as base64, as UTF-8 (leniently, as Node reads base64: `wellFormed` says whether it was proper). */
  decoded: string;
  /** Whether `encoded` is padded base64 of the standard alphabet (RFC 4648 §4). */
  wellFormed: boolean;
  /** `decoded` split at its first ":" into user-id and password, each still form-encoded; undefined without a ":". */
  pair?: { id: string; secret: string };
}

const BASIC = /^Basic(?:\s+(.*))?$/is;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The Basic credentials of an Authorization header value, or undefined when it is absent or of another scheme. */
export function basicCredentials(authorization: string | undefined): BasicCredentials | undefined {
  const match = authorization === undefined ? null : BASIC.exec(authorization);
  if (!match) return undefined;
  const encoded = (match[1] ?? '').trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return {
    encoded,
    decoded,
    wellFormed: BASE64.test(encoded) && encoded.length % 4 === 0,
    ...(colon < 0 ? {} : { pair: { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } }),
  };
}

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1, the scheme case-insensitive), trimmed. */
export function bearerCredentials(authorization: string | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
}

/** The token of an `Authorization: DPoP` header (RFC 9449 §7.1, the scheme case-insensitive), trimmed. */
export function dpopCredentials(authorization: string | undefined): string | undefined {
  return authorization?.match(/^DPoP\s+(.+)$/i)?.[1]?.trim();
}

/** A percent-encoded value decoded, or undefined when it is not valid percent-encoding. */
export function percentDecoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** RFC 6749 §2.3.1 (OAuth 2.1 §2.4.1): each Basic credential is application/x-www-form-urlencoded before base64. */
export function formDecoded(value: string): string | undefined {
  return percentDecoded(value.replace(/\+/g, ' '));
}
