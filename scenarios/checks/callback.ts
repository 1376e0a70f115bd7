import { allAuthorizationRequests, authorizationServerById, bodyParams, describe, issuedCode, query, seqs, clientTokenRequests } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

export const stateValidated = defineCheck({
  id: 'state-validated',
  title: 'A callback whose state the client never sent is not redeemed',
  requirements: ['STA-1'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const issuedStates = new Set(
      allAuthorizationRequests(ctx.trace, ctx.topology)
        .map((ex) => query(ex).get('state'))
        .filter((s): s is string => !!s),
    );
    const forged = ctx.trace.exchanges.filter(
      (ex) => ex.role === 'client-callback' && ex.from === 'user-agent' && query(ex).has('code') && !issuedStates.has(query(ex).get('state') ?? ''),
    );
    if (forged.length === 0) return skip('the user agent delivered no callback with a foreign state');
    const forgedCodes = new Map(forged.map((ex) => [query(ex).get('code')!, ex]));
    for (const redemption of clientTokenRequests(ctx.trace, ctx.topology, 'authorization_code')) {
      const callback = forgedCodes.get(bodyParams(redemption).get('code') ?? '');
      if (callback) {
        return fail(
          `expected the callback ${callback.method} ${callback.url} to be discarded (its state=${query(callback).get('state')} is not one the client sent); the client redeemed its code: ${describe(redemption, ctx.topology)}`,
          [callback.seq, redemption.seq],
          [redemption.seq],
        );
      }
    }
    return pass(`the forged callback (${forged.length}) was not redeemed`, seqs(forged));
  },
});

export const issValidated = defineCheck({
  id: 'iss-validated',
  title: 'RFC 9207: a code whose authorization response lacks the advertised iss, or carries another issuer, is not redeemed',
  requirements: ['ISS-1'],
  level: levelSince('MUST', '2026-07-28'),
  run(ctx) {
    const modes = new Map(
      ctx.scenario.topology.authorizationServers.filter((as) => as.authorizationResponseIss).map((as) => [as.id, as.authorizationResponseIss]),
    );
    const advertising = [...modes.keys()];
    if (advertising.length === 0) return skip('no authorization server sends iss in its authorization responses');
    const responses = allAuthorizationRequests(ctx.trace, ctx.topology).filter((ex) => advertising.includes(ex.server) && issuedCode(ex));
    if (responses.length === 0) return skip('no authorization response carried a code');
    const redemptions = clientTokenRequests(ctx.trace, ctx.topology, 'authorization_code');
    for (const response of responses) {
      const issuer = authorizationServerById(ctx.topology, response.server).issuer;
      const location = new URL(response.responseHeaders['location']!);
      const iss = location.searchParams.get('iss');
      if (iss === issuer || (iss === null && modes.get(response.server) === 'unadvertised-wrong')) continue;
      const code = issuedCode(response)!;
      const redemption = redemptions.find((ex) => bodyParams(ex).get('code') === code);
      if (redemption) {
        const what =
          iss === null
            ? 'carried no iss although the metadata advertises authorization_response_iss_parameter_supported'
            : `carried iss=${iss}, not the issuer ${issuer} (RFC 9207 §2.4: a plain string comparison, whether or not the server advertises iss)`;
        return fail(
          `expected the code to be discarded: the authorization response to ${describe(response, ctx.topology)} ${what}; the client redeemed it: ${describe(redemption, ctx.topology)}`,
          [response.seq, redemption.seq],
          [redemption.seq],
        );
      }
    }
    return pass('no code from an authorization response with a missing or wrong iss was redeemed', seqs(responses));
  },
});
