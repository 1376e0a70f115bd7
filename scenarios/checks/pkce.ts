import { createHash } from 'node:crypto';
import { allAuthorizationRequests, allTokenRequests, bodyParams, describe, issuedCode, query, seqs } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export const pkceS256 = defineCheck({
  id: 'pkce-s256',
  title: 'Every authorization request carries a PKCE code_challenge with code_challenge_method=S256',
  requirements: ['PKCE-1', 'PKCE-2'],
  level: levelSince('MUST'),
  run(ctx) {
    const requests = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (requests.length === 0) return skip('no authorization request was made');
    for (const ex of requests) {
      const params = query(ex);
      const challenge = params.get('code_challenge');
      const method = params.get('code_challenge_method');
      const lead = `expected code_challenge and code_challenge_method=S256; ${describe(ex, ctx.topology)}`;
      if (!challenge) return fail(`${lead} carried no code_challenge`, [ex.seq]);
      if (!method) return fail(`${lead} carried no code_challenge_method, so the server assumes plain`, [ex.seq]);
      if (method !== 'S256') return fail(`${lead} carried code_challenge_method=${method}`, [ex.seq]);
      if (!CHALLENGE.test(challenge))
        return fail(`${lead} carried a code_challenge that is not a base64url SHA-256 (${challenge.length} characters)`, [ex.seq]);
    }
    return pass(`${requests.length} authorization request(s) with an S256 challenge`, seqs(requests));
  },
});

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export const pkceVerifier = defineCheck({
  id: 'pkce-verifier',
  title: 'The token request sends the code_verifier whose S256 is the challenge of that code',
  requirements: ['PKCE-4'],
  level: levelSince('MUST'),
  run(ctx) {
    const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology);
    const exchanges = allTokenRequests(ctx.trace, ctx.topology, 'authorization_code');
    if (exchanges.length === 0) return skip('no authorization code was exchanged');
    for (const ex of exchanges) {
      const body = bodyParams(ex);
      const code = body.get('code');
      const verifier = body.get('code_verifier');
      const origin = authorizations.find((a) => code && issuedCode(a) === code);
      const evidence = origin ? [origin.seq, ex.seq] : [ex.seq];
      const lead = `expected code_verifier in the token request; ${describe(ex, ctx.topology)}`;
      if (!verifier) return fail(`${lead} carried none`, evidence);
      if (!VERIFIER.test(verifier))
        return fail(`${lead} carried a verifier of ${verifier.length} characters or with characters outside [A-Za-z0-9-._~] (RFC 7636 §4.1)`, evidence);
      const challenge = origin ? query(origin).get('code_challenge') : undefined;
      if (challenge && s256(verifier) !== challenge) {
        return fail(`${lead} carried a code_verifier whose S256 is not the code_challenge of ${describe(origin!, ctx.topology)}`, evidence);
      }
    }
    return pass('every code exchange carried the matching code_verifier', seqs(exchanges));
  },
});

/** OAuth 2.1 §4.1.1: a code_verifier "generated for each authorization request", so no two requests share a challenge. */
export const pkceFreshVerifier = defineCheck({
  id: 'pkce-fresh-verifier',
  title: 'Every authorization request carries a code_challenge of its own (a fresh code_verifier each time)',
  requirements: ['PKCE-5'],
  level: levelSince('MUST'),
  run(ctx) {
    const requests = allAuthorizationRequests(ctx.trace, ctx.topology).filter((ex) => query(ex).get('code_challenge'));
    if (requests.length < 2) return skip('fewer than two authorization requests with a code_challenge');
    for (const [i, ex] of requests.entries()) {
      const earlier = requests.slice(0, i).find((e) => query(e).get('code_challenge') === query(ex).get('code_challenge'));
      if (earlier) {
        return fail(
          `expected a code_challenge of a new code_verifier in every authorization request; ${describe(ex, ctx.topology)} carried the code_challenge of ${describe(earlier, ctx.topology)}`,
          [earlier.seq, ex.seq],
          [ex.seq],
        );
      }
    }
    return pass(`${requests.length} authorization requests, each with its own code_challenge`, seqs(requests));
  },
});
