// Enterprise-managed authorization (io.modelcontextprotocol/enterprise-managed-authorization, SEP-990): the client
// exchanges the user's IdP id_token for an ID-JAG at the enterprise IdP (RFC 8693), then presents the ID-JAG to the
// MCP server's authorization server in a jwt-bearer grant (RFC 7523), authenticated as it registered there.
import {
  audiences,
  decodeJwt,
  ID_JAG_TOKEN_TYPE,
  ID_TOKEN_TOKEN_TYPE,
  JWT_BEARER_GRANT,
  ownAudiences,
  signedBy,
  TOKEN_EXCHANGE_GRANT,
} from '../extension-grants.js';
import { bodyParams, describe, jsonBody, mainResourceServer, ok, urlWithoutQuery } from '../trace.js';
import { equivalentUris } from '../uri-equivalence.js';
import type { CheckContext, Exchange } from '../types.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { basicPair, describeBasic, extensionServer, extensionTokenRequests, notImplemented, type ExtensionServer } from './extension-common.js';

const EXTENSION = 'enterprise-managed authorization';

function exchangeRequests(ctx: CheckContext, server: ExtensionServer<'enterprise-managed'>): Exchange[] {
  const endpoint = server.resolved.idp!.tokenEndpoint;
  return ctx.trace.exchanges.filter((ex) => ex.from === 'client' && ex.method === 'POST' && urlWithoutQuery(ex) === endpoint);
}

/** What is wrong with a token exchange request (SEP-990 §4), or undefined. */
function exchangeProblem(ctx: CheckContext, ex: Exchange, server: ExtensionServer<'enterprise-managed'>): string | undefined {
  const form = bodyParams(ex);
  const idp = server.resolved.idp!;
  if (form.get('grant_type') !== TOKEN_EXCHANGE_GRANT) return `grant_type=${form.get('grant_type') ?? '(none)'}, not ${TOKEN_EXCHANGE_GRANT}`;
  if (form.get('requested_token_type') !== ID_JAG_TOKEN_TYPE)
    return `requested_token_type=${form.get('requested_token_type') ?? '(none)'}, not ${ID_JAG_TOKEN_TYPE}`;
  const audience = form.get('audience');
  if (!audience || !ownAudiences(server.as.issuer).includes(audience))
    return `audience=${audience ?? '(none)'}, not the issuer of the MCP server's authorization server, ${server.as.issuer}`;
  const rs = mainResourceServer(ctx.topology);
  const resource = rs.resource ?? rs.mcpUrl;
  const named = form.get('resource');
  if (!named || !equivalentUris(named, resource)) return `resource=${named ?? '(none)'}, not the MCP server's resource identifier ${resource}`;
  if (form.get('subject_token_type') !== ID_TOKEN_TOKEN_TYPE)
    return `subject_token_type=${form.get('subject_token_type') ?? '(none)'}, not ${ID_TOKEN_TOKEN_TYPE}`;
  const subject = form.get('subject_token') ?? '';
  const jwt = decodeJwt(subject);
  if (!jwt || !signedBy(subject, idp.key) || !audiences(jwt.payload).includes(idp.clientId))
    return `a subject_token that is not the id_token the IdP issued to ${idp.clientId} (idp_id_token of MCP_CONFORMANCE_CONTEXT)`;
  return undefined;
}

export const emaTokenExchange = defineCheck({
  id: 'ema-token-exchange',
  title: "The client exchanges the user's id_token at the enterprise IdP for an ID-JAG naming the MCP authorization server and resource",
  requirements: ['EXT-EMA-1'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'enterprise-managed');
    if (!server) return skip('no authorization server plays enterprise-managed authorization');
    const requests = exchangeRequests(ctx, server);
    if (requests.length === 0) {
      const grant = extensionTokenRequests(ctx, server.as)[0];
      if (grant)
        return fail(
          `expected a token exchange at the enterprise IdP (${server.resolved.idp!.tokenEndpoint}) before the jwt-bearer grant; the client sent ${describe(grant, ctx.topology)} without one`,
          [grant.seq],
        );
      return notImplemented(ctx, EXTENSION);
    }
    for (const ex of requests) {
      const problem = exchangeProblem(ctx, ex, server);
      if (problem)
        return fail(`expected an RFC 8693 exchange of the id_token for an ID-JAG (SEP-990 §4); ${describe(ex, ctx.topology)} carried ${problem}`, [ex.seq]);
    }
    return pass(`${describe(requests[0]!, ctx.topology)}: id_token for an ID-JAG for ${server.as.issuer}`, [requests[0]!.seq]);
  },
});

export const emaJwtBearer = defineCheck({
  id: 'ema-jwt-bearer',
  title: 'The client presents the ID-JAG the IdP issued in a jwt-bearer grant, authenticated with its client credentials',
  requirements: ['EXT-EMA-2'],
  level: levelSince('MUST', '2025-11-25'),
  run(ctx) {
    const server = extensionServer(ctx, 'enterprise-managed');
    if (!server) return skip('no authorization server plays enterprise-managed authorization');
    const exchanges = exchangeRequests(ctx, server);
    const requests = extensionTokenRequests(ctx, server.as);
    const issued = new Map(
      exchanges.filter(ok).flatMap((ex) => {
        const token = jsonBody<{ access_token?: unknown }>(ex.responseBody)?.access_token;
        return typeof token === 'string' ? [[token, ex.seq] as const] : [];
      }),
    );
    if (requests.length === 0) {
      const last = exchanges.filter(ok).at(-1);
      if (last)
        return fail(
          `expected a jwt-bearer grant of the ID-JAG at ${server.as.endpoints.token}; the client obtained one (${describe(last, ctx.topology)}) and never presented it`,
          [last.seq],
        );
      return exchanges.length > 0 ? skip('the IdP issued no ID-JAG (judged by ema-token-exchange)', [exchanges[0]!.seq]) : notImplemented(ctx, EXTENSION);
    }
    const { spec } = server;
    for (const ex of requests) {
      const form = bodyParams(ex);
      const said = describe(ex, ctx.topology);
      if (form.get('grant_type') !== JWT_BEARER_GRANT)
        return fail(`expected grant_type=${JWT_BEARER_GRANT} (SEP-990 §5); ${said} carried grant_type=${form.get('grant_type') ?? '(none)'}`, [ex.seq]);
      const assertion = form.get('assertion') ?? '';
      if (!issued.has(assertion)) {
        const what = !assertion
          ? 'no assertion'
          : decodeJwt(assertion)?.header.typ === 'oauth-id-jag+jwt'
            ? 'an ID-JAG the IdP did not issue in this run'
            : 'an assertion that is not the ID-JAG';
        return fail(`expected the ID-JAG the enterprise IdP issued as the assertion; ${said} carried ${what}`, [ex.seq]);
      }
      const basic = basicPair(ex);
      if (basic?.id !== spec.clientId || basic.secret !== spec.clientSecret)
        return fail(
          `expected client authentication as registered (client_secret_basic with client_id=${spec.clientId} and client_secret of MCP_CONFORMANCE_CONTEXT); ${said} carried ${basic ? describeBasic(basic, spec.clientId) : 'no Authorization: Basic header'}`,
          [issued.get(assertion)!, ex.seq],
          [ex.seq],
        );
    }
    return pass(
      `presented the ID-JAG of #${issued.get(bodyParams(requests[0]!).get('assertion')!)} in ${describe(requests[0]!, ctx.topology)}, authenticated as ${spec.clientId}`,
      [requests[0]!.seq],
    );
  },
});
