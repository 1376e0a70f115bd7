// The client credentials extension (io.modelcontextprotocol/oauth-client-credentials, SEP-1046): a machine client
// obtains its token with grant_type=client_credentials, authenticating with client_secret_basic or with an RFC 7523
// §2.2 client assertion (private_key_jwt).
import { audiences, CLIENT_CREDENTIALS_GRANT, decodeJwt, JWT_CLIENT_ASSERTION_TYPE, ownAudiences, signedBy } from '../extension-grants.js';
import { bodyParams, describe } from '../trace.js';
import type { CheckContext, CheckOutcome, Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import {
  basicPair,
  CLOCK_SKEW_S,
  describeBasic,
  extensionServer,
  extensionTokenRequests,
  notImplemented,
  requestEpochSeconds,
  type ExtensionServer,
} from './extension-common.js';

const EXTENSION = 'the client credentials extension';

/** The client_credentials token requests to judge, or the outcome when there are none. */
function grantRequests(ctx: CheckContext): { server: ExtensionServer<'client-credentials'>; requests: Exchange[] } | CheckOutcome {
  const server = extensionServer(ctx, 'client-credentials');
  if (!server) return skip('no authorization server plays the client credentials extension');
  const all = extensionTokenRequests(ctx, server.as);
  if (all.length === 0) return notImplemented(ctx, EXTENSION);
  const requests = all.filter((ex) => bodyParams(ex).get('grant_type') === CLIENT_CREDENTIALS_GRANT);
  if (requests.length === 0) return skip(`no token request with grant_type=client_credentials (judged by client-credentials-grant)`, [all[0]!.seq]);
  return { server, requests };
}

export const clientCredentialsGrant = defineCheck({
  id: 'client-credentials-grant',
  title: 'A client with client credentials obtains its token with grant_type=client_credentials',
  requirements: ['EXT-CC-1'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'client-credentials');
    if (!server) return skip('no authorization server plays the client credentials extension');
    const requests = extensionTokenRequests(ctx, server.as);
    if (requests.length === 0) return notImplemented(ctx, EXTENSION);
    const wrong = requests.find((ex) => bodyParams(ex).get('grant_type') !== CLIENT_CREDENTIALS_GRANT);
    if (wrong)
      return fail(
        `expected grant_type=client_credentials (the only grant the metadata lists); ${describe(wrong, ctx.topology)} carried grant_type=${bodyParams(wrong).get('grant_type') ?? '(none)'}`,
        [wrong.seq],
      );
    return pass(`${describe(requests[0]!, ctx.topology)} with grant_type=client_credentials`, [requests[0]!.seq]);
  },
});

export const clientCredentialsBasicAuth = defineCheck({
  id: 'client-credentials-basic-auth',
  title: 'A client credentials request authenticates with client_secret_basic: its form-urlencoded client_id and secret, and nothing else',
  requirements: ['EXT-CC-2'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const found = grantRequests(ctx);
    if (!('server' in found)) return found;
    const { spec } = found.server;
    if (!spec.clientSecret) return skip('the client authenticates with private_key_jwt here');
    for (const ex of found.requests) {
      const basic = basicPair(ex);
      const said = describe(ex, ctx.topology);
      if (!basic)
        return fail(`expected an Authorization: Basic header with the client_id and client_secret of MCP_CONFORMANCE_CONTEXT; ${said} had none`, [ex.seq]);
      if (basic.id !== spec.clientId || basic.secret !== spec.clientSecret)
        return fail(
          `expected Basic credentials of client_id=${spec.clientId} and its client_secret, each form-urlencoded (RFC 6749 §2.3.1); ${said} carried ${describeBasic(basic, spec.clientId)}`,
          [ex.seq],
        );
      const extra = ['client_secret', 'client_assertion'].find((name) => bodyParams(ex).has(name));
      if (extra) return fail(`expected one authentication method per request (RFC 6749 §2.3.1); ${said} also carried ${extra} in its body`, [ex.seq]);
    }
    return pass(
      `authenticated with client_secret_basic as ${spec.clientId} in ${found.requests.length} request(s)`,
      found.requests.map((ex) => ex.seq),
    );
  },
});

/** What is wrong with a request's client assertion, or undefined (RFC 7523 §2.2 and §3, OpenID Connect Core §9). */
function assertionProblem(ex: Exchange, server: ExtensionServer<'client-credentials'>, seenJti: Map<string, number>): string | undefined {
  const form = bodyParams(ex);
  const type = form.get('client_assertion_type');
  if (type !== JWT_CLIENT_ASSERTION_TYPE) return `client_assertion_type=${type ?? '(none)'}, not ${JWT_CLIENT_ASSERTION_TYPE}`;
  const assertion = form.get('client_assertion');
  const jwt = decodeJwt(assertion);
  if (!assertion || !jwt) return assertion ? 'a client_assertion that is not a JWT' : 'no client_assertion';
  if (jwt.header.alg !== 'ES256')
    return `a client_assertion signed with alg ${String(jwt.header.alg)}, not ES256 (signing_algorithm of MCP_CONFORMANCE_CONTEXT)`;
  if (!server.resolved.clientKey || !signedBy(assertion, server.resolved.clientKey))
    return 'a client_assertion whose signature does not verify with the key of private_key_pem';
  const clientId = server.spec.clientId;
  const { payload } = jwt;
  if (payload.iss !== clientId) return `a client_assertion with iss=${JSON.stringify(payload.iss)}, not the client_id ${clientId}`;
  if (payload.sub !== clientId) return `a client_assertion with sub=${JSON.stringify(payload.sub)}, not the client_id ${clientId}`;
  const accepted = ownAudiences(server.as.issuer, server.as.endpoints.token);
  if (!audiences(payload).some((aud) => accepted.includes(aud)))
    return `a client_assertion with aud=${JSON.stringify(payload.aud)}, which names neither the issuer ${server.as.issuer} nor the token endpoint`;
  if (typeof payload.exp !== 'number') return 'a client_assertion without exp';
  const now = requestEpochSeconds(server.resolved, ex);
  if (payload.exp + CLOCK_SKEW_S < now) return `a client_assertion that expired ${Math.round(now - payload.exp)} s before the request (exp=${payload.exp})`;
  if (typeof payload.jti !== 'string' || !payload.jti) return 'a client_assertion without jti';
  const earlier = seenJti.get(payload.jti);
  if (earlier !== undefined) return `a client_assertion whose jti ${payload.jti} request #${earlier} used already`;
  seenJti.set(payload.jti, ex.seq);
  return undefined;
}

export const clientCredentialsJwtAssertion = defineCheck({
  id: 'client-credentials-jwt-assertion',
  title:
    'A private_key_jwt client assertion is signed with the client key, with iss and sub the client_id, aud the authorization server, an exp to come and a jti never reused',
  requirements: ['EXT-CC-3'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const found = grantRequests(ctx);
    if (!('server' in found)) return found;
    if (found.server.spec.clientSecret) return skip('the client authenticates with client_secret_basic here');
    const seenJti = new Map<string, number>();
    for (const ex of found.requests) {
      const problem = assertionProblem(ex, found.server, seenJti);
      if (problem) return fail(`expected a valid RFC 7523 client assertion; ${describe(ex, ctx.topology)} carried ${problem}`, [ex.seq]);
    }
    return pass(
      `${found.requests.length} request(s) authenticated with a client assertion signed by the client's key for ${found.server.as.issuer}`,
      found.requests.map((ex) => ex.seq),
    );
  },
});
