import { randomBytes } from 'node:crypto';

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
