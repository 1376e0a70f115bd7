import { randomBytes } from 'node:crypto';
import type { Scenario } from '../../scenarios/types.js';

/** Marks what the user agent forged, so checks can tell a forged callback from the real one. */
export const FORGED_PREFIX = 'forged-';

/**
 * The callback an attacker would send first (CSRF against the redirect URI): the real authorization response
 * URL with a code the attacker holds and a state the client never issued. Undefined when `url` carries no code.
 */
export function forgedCallbackOf(url: string): string | undefined {
  const forged = new URL(url);
  if (!forged.searchParams.has('code')) return undefined;
  forged.searchParams.set('code', `${FORGED_PREFIX}${randomBytes(12).toString('base64url')}`);
  forged.searchParams.set('state', `${FORGED_PREFIX}${randomBytes(12).toString('base64url')}`);
  return forged.href;
}

/**
 * The error response a mix-up attacker would send first (RFC 9207 §2.4, 2026-07-28 Authorization Response Validation):
 * the real response's redirect URI and state, `access_denied` with a description and an error page, and the issuer of
 * another server. The description and page are marked so that a client displaying them shows in its answer.
 * Undefined when `url` carries no code.
 */
export function mismatchedErrorOf(url: string): string | undefined {
  const real = new URL(url);
  if (!real.searchParams.has('code')) return undefined;
  const forged = new URL(`${real.origin}${real.pathname}`);
  const mark = `${FORGED_PREFIX}${randomBytes(9).toString('base64url')}`;
  forged.searchParams.set('error', 'access_denied');
  forged.searchParams.set('error_description', `The user denied the request (${mark})`);
  forged.searchParams.set('error_uri', `https://mix-up.mcp-oauth-conformance.invalid/error/${mark}`);
  const state = real.searchParams.get('state');
  if (state !== null) forged.searchParams.set('state', state);
  const iss = real.searchParams.get('iss');
  forged.searchParams.set('iss', `${iss ? new URL(iss).origin : real.origin}/mix-up-attacker`);
  return forged.href;
}

/** What the user agent delivers to the redirect URI before the real authorization response, as the scenario asks. */
export function forgeryBefore(url: string, behaviour: Scenario['userAgent']): string | undefined {
  if (behaviour?.forgedCallbackFirst) return forgedCallbackOf(url);
  if (behaviour?.mismatchedErrorFirst) return mismatchedErrorOf(url);
  return undefined;
}
