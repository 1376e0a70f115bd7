// Workload identity federation (SEP-1933): the client presents a workload assertion its platform issued as an
// RFC 7523 §2.1 jwt-bearer grant, without a browser.
import { audiences, decodeJwt, JWT_BEARER_GRANT, ownAudiences, signedBy } from '../extension-grants.js';
import { bodyParams, describe, jsonBody } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { CLOCK_SKEW_S, extensionServer, extensionTokenRequests, notImplemented, requestEpochSeconds } from './extension-common.js';

const EXTENSION = 'workload identity federation';

export const wifJwtBearerGrant = defineCheck({
  id: 'wif-jwt-bearer-grant',
  title: 'A workload client requests its token with grant_type=jwt-bearer and its workload assertion as the assertion parameter',
  requirements: ['EXT-WIF-1'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'workload-identity');
    if (!server) return skip('no authorization server plays workload identity federation');
    const requests = extensionTokenRequests(ctx, server.as);
    if (requests.length === 0) return notImplemented(ctx, EXTENSION);
    for (const ex of requests) {
      const form = bodyParams(ex);
      if (form.get('grant_type') !== JWT_BEARER_GRANT)
        return fail(
          `expected grant_type=${JWT_BEARER_GRANT} (the only grant the metadata lists); ${describe(ex, ctx.topology)} carried grant_type=${form.get('grant_type') ?? '(none)'}`,
          [ex.seq],
        );
      if (!form.get('assertion'))
        return fail(`expected the workload assertion in the assertion parameter (RFC 7523 §2.1); ${describe(ex, ctx.topology)} had none`, [ex.seq]);
    }
    return pass(`${describe(requests[0]!, ctx.topology)} with grant_type=jwt-bearer and an assertion`, [requests[0]!.seq]);
  },
});

export const wifAssertion = defineCheck({
  id: 'wif-assertion',
  title: "The jwt-bearer assertion is the workload issuer's signed JWT, for this authorization server, unexpired",
  requirements: ['EXT-WIF-2', 'EXT-WIF-1'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'workload-identity');
    if (!server) return skip('no authorization server plays workload identity federation');
    const all = extensionTokenRequests(ctx, server.as);
    if (all.length === 0) return notImplemented(ctx, EXTENSION);
    const requests = all.filter((ex) => bodyParams(ex).get('grant_type') === JWT_BEARER_GRANT && bodyParams(ex).get('assertion'));
    if (requests.length === 0) return skip('no jwt-bearer request with an assertion (judged by wif-jwt-bearer-grant)', [all[0]!.seq]);
    const workload = server.resolved.workload!;
    const accepted = ownAudiences(server.as.issuer, server.as.endpoints.token);
    for (const ex of requests) {
      const assertion = bodyParams(ex).get('assertion')!;
      const jwt = decodeJwt(assertion);
      const said = describe(ex, ctx.topology);
      if (!jwt) return fail(`expected a JWT assertion (RFC 7523 §2.1: a single JWT); ${said} carried a malformed one`, [ex.seq]);
      if (!signedBy(assertion, workload.key))
        return fail(`expected the assertion the workload issuer ${workload.issuer} signed; ${said} carried one whose signature does not verify with its key`, [
          ex.seq,
        ]);
      if (!audiences(jwt.payload).some((aud) => accepted.includes(aud)))
        return fail(
          `expected an assertion whose aud names the authorization server ${server.as.issuer}; ${said} carried aud=${JSON.stringify(jwt.payload.aud)}`,
          [ex.seq],
        );
      const now = requestEpochSeconds(server.resolved, ex);
      if (typeof jwt.payload.exp !== 'number' || jwt.payload.exp + CLOCK_SKEW_S < now)
        return fail(
          `expected an unexpired assertion; ${said} carried one ${typeof jwt.payload.exp === 'number' ? `that expired ${Math.round(now - jwt.payload.exp)} s before the request` : 'without exp'}`,
          [ex.seq],
        );
    }
    return pass(
      `the workload assertion of ${workload.issuer}, for ${server.as.issuer}, unexpired, in ${requests.length} request(s)`,
      requests.map((ex) => ex.seq),
    );
  },
});

export const wifNoRetry = defineCheck({
  id: 'wif-no-retry',
  title: 'Once the authorization server refuses the jwt-bearer grant, the client stops: no retry, no other grant type',
  requirements: ['EXT-WIF-3'],
  level: levelSince('SHOULD', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'workload-identity');
    if (!server) return skip('no authorization server plays workload identity federation');
    const requests = extensionTokenRequests(ctx, server.as);
    if (requests.length === 0) return notImplemented(ctx, EXTENSION);
    const refused = requests.find((ex) => ex.status >= 400);
    if (!refused) return skip('the authorization server refused no token request', [requests[0]!.seq]);
    const next = requests.find((ex) => ex.seq > refused.seq);
    const error = jsonBody<{ error?: string }>(refused.responseBody)?.error ?? 'an error';
    if (next)
      return fail(
        `expected no further token request once ${describe(refused, ctx.topology)} was refused with ${error}; the client then sent ${describe(next, ctx.topology)} with grant_type=${bodyParams(next).get('grant_type') ?? '(none)'}`,
        [refused.seq, next.seq],
        [next.seq],
      );
    return pass(`stopped after ${describe(refused, ctx.topology)} was refused with ${error}`, [refused.seq]);
  },
});
