import { allAuthorizationRequests, authorizationServerById, bodyParams, clientTokenRequests, describe, query } from '../trace.js';
import type { CheckContext, Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

interface MismatchedError {
  ex: Exchange;
  iss: string;
  issuer: string;
}

/**
 * Error responses the user agent delivered to the client's redirect URI whose iss is not the issuer of the
 * authorization server the client sent that state to (the mix-up the 2026-07-28 text guards against).
 */
function mismatchedErrors(ctx: CheckContext): MismatchedError[] {
  const requests = allAuthorizationRequests(ctx.trace, ctx.topology);
  const found: MismatchedError[] = [];
  for (const ex of ctx.trace.exchanges) {
    if (ex.role !== 'client-callback' || ex.from !== 'user-agent') continue;
    const params = query(ex);
    const iss = params.get('iss');
    if (!params.has('error') || iss === null) continue;
    const request = requests.filter((r) => r.seq < ex.seq && query(r).get('state') === params.get('state')).pop();
    if (!request) continue;
    const issuer = authorizationServerById(ctx.topology, request.server).issuer;
    if (iss !== issuer) found.push({ ex, iss, issuer });
  }
  return found;
}

const NONE = 'the user agent delivered no error response whose iss is not the issuer asked';

export const issErrorNotDisplayed = defineCheck({
  id: 'iss-error-not-displayed',
  title: 'An error response whose iss is not the issuer asked is not displayed: its error, error_description and error_uri are not shown',
  requirements: ['ISSR-1'],
  level: levelSince('MUST', '2026-07-28'),
  run(ctx) {
    const forged = mismatchedErrors(ctx);
    if (forged.length === 0) return skip(NONE);
    for (const { ex, iss, issuer } of forged) {
      const params = query(ex);
      const why = `its iss=${iss} is not the issuer ${issuer} the client sent that state to`;
      const errorUri = params.get('error_uri');
      const opened = errorUri ? ctx.trace.exchanges.find((other) => other.seq > ex.seq && other.url === errorUri) : undefined;
      if (opened)
        return fail(
          `expected the error response ${describe(ex, ctx.topology)} disregarded (${why}); the client opened its error_uri: ${describe(opened, ctx.topology)}`,
          [ex.seq, opened.seq],
          [opened.seq],
        );
      const shown = (['error_description', 'error_uri', 'error'] as const).find((name) => {
        const value = params.get(name);
        return value !== null && ex.responseBody.includes(value);
      });
      if (shown)
        return fail(
          `expected the error response ${describe(ex, ctx.topology)} disregarded (${why}); the client's answer shows its ${shown} "${params.get(shown)}"`,
          [ex.seq],
        );
    }
    return pass(
      `the client's answer to ${forged.length} error response(s) with another issuer's iss shows none of error, error_description, error_uri`,
      forged.map((f) => f.ex.seq),
    );
  },
});

/**
 * Going on with the genuine response is judged at SHOULD: RFC 9207 §2.4 also has a client that meets a mismatched iss
 * "not proceed with the authorization grant", so a client that gives the whole grant up stops as one that acted on the
 * error does, and the traffic cannot tell the two apart.
 */
export const issErrorNotActedOn = defineCheck({
  id: 'iss-error-not-acted-on',
  title: 'After an error response whose iss is not the issuer asked, the client goes on with the genuine authorization response',
  requirements: ['ISSR-1'],
  level: levelSince('SHOULD', '2026-07-28'),
  run(ctx) {
    const forged = mismatchedErrors(ctx)[0];
    if (!forged) return skip(NONE);
    const state = query(forged.ex).get('state');
    const genuine = ctx.trace.exchanges.find(
      (ex) => ex.role === 'client-callback' && ex.seq > forged.ex.seq && query(ex).has('code') && query(ex).get('state') === state,
    );
    if (!genuine) return skip('the user agent delivered no authorization response after the forged error');
    const code = query(genuine).get('code');
    const redemption = clientTokenRequests(ctx.trace, ctx.topology, 'authorization_code').find((ex) => bodyParams(ex).get('code') === code);
    if (redemption)
      return pass(`disregarded ${describe(forged.ex, ctx.topology)} and redeemed the genuine response: ${describe(redemption, ctx.topology)}`, [
        forged.ex.seq,
        redemption.seq,
      ]);
    const answer = genuine.status === 0 ? 'was no longer listening at its redirect URI for' : `answered ${genuine.status} to`;
    return fail(
      `expected the client to disregard ${describe(forged.ex, ctx.topology)} (error=${query(forged.ex).get('error')} with iss=${forged.iss}, not the issuer ${forged.issuer}: 2026-07-28 forbids acting on it) and redeem the genuine response that followed; it ${answer} ${describe(genuine, ctx.topology)} and never redeemed its code`,
      [forged.ex.seq, genuine.seq],
      [],
    );
  },
});
