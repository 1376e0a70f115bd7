import { allAuthorizationRequests, bodyParams, describe, issuedCode, jsonBody, mainResourceServer, ok, query, seqs, clientTokenRequests } from '../trace.js';
import type { CheckContext, Exchange } from '../types.js';
import { equivalentUris, parseUri } from '../uri-equivalence.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

// RFC 8707 resource indicators, one aspect per check (resource-parameter, in authorization.ts, judges that every
// authorization and token request carries one naming this MCP server). The official suite's ids:
// resource-parameter-in-authorization/-in-token -> resource-parameter; -valid-uri, -consistency and -matches-prm here.

interface ResourceRequest {
  ex: Exchange;
  values: string[];
  kind: string;
}

/** Every authorization request and every token request of the client, with the resource values each carried. */
function resourceRequests(ctx: CheckContext): ResourceRequest[] {
  const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology).map((ex) => ({
    ex,
    values: query(ex).getAll('resource'),
    kind: 'the authorization request',
  }));
  const tokens = clientTokenRequests(ctx.trace, ctx.topology).map((ex) => ({
    ex,
    values: bodyParams(ex).getAll('resource'),
    kind: `the ${bodyParams(ex).get('grant_type') ?? ''} token request`,
  }));
  return [...authorizations, ...tokens].sort((a, b) => a.ex.seq - b.ex.seq);
}

/** The `resource` the scenario's protected resource metadata publishes (the MCP URL when it names none). */
function publishedResource(ctx: CheckContext): { value: string; source: string } {
  const rs = mainResourceServer(ctx.topology);
  return rs.resource !== undefined
    ? { value: rs.resource, source: 'the resource of the protected resource metadata' }
    : { value: rs.mcpUrl, source: 'the MCP server URL' };
}

/** Why a resource value is not an RFC 8707 resource indicator, or undefined when it is one. */
function invalidResource(value: string): string | undefined {
  const parts = parseUri(value);
  if (!parts) return 'not an absolute URI (no scheme)';
  if (parts.fragment !== undefined) return 'an absolute URI with a fragment';
  return undefined;
}

/**
 * RFC 8707 §2: "Its value MUST be an absolute URI ... and MUST NOT include a fragment component"; the MCP
 * specification lists `mcp.example.com` (missing scheme) and `https://mcp.example.com#fragment` as invalid canonical
 * URIs (Canonical Server URI, every revision since 2025-06-18).
 */
export const resourceParameterValidUri = defineCheck({
  id: 'resource-parameter-valid-uri',
  title: 'Every resource parameter is an absolute URI without a fragment (RFC 8707 §2)',
  requirements: ['RES-2'],
  level: levelSince('MUST'),
  run(ctx) {
    const judged = resourceRequests(ctx).filter((r) => r.values.length > 0);
    if (judged.length === 0) return skip('no request carried a resource parameter (resource-parameter judges its absence)');
    for (const { ex, values, kind } of judged) {
      for (const value of values) {
        const problem = invalidResource(value);
        if (problem) {
          return fail(
            `expected resource to be an absolute URI without a fragment in ${kind} (RFC 8707 §2); ${describe(ex, ctx.topology)} carried resource=${value}, ${problem}`,
            [ex.seq],
          );
        }
      }
    }
    return pass(`every resource value of ${judged.length} request(s) is an absolute URI without a fragment`, seqs(judged.map((r) => r.ex)));
  },
});

/** The one resource value of a request, or undefined when it carried none or several (resource-parameter judges those). */
const single = (values: string[]) => (values.length === 1 ? values[0] : undefined);

/**
 * The same resource in an authorization request and the token request redeeming its code, and in a refresh request
 * and the request that obtained its refresh token (RES-3: RFC 8707 §2.2 applies to every token request).
 */
export const resourceParameterConsistent = defineCheck({
  id: 'resource-parameter-consistent',
  title: 'The token request repeats the resource of the authorization request, and a refresh the resource of the grant it refreshes',
  requirements: ['RES-3'],
  level: levelSince('MUST'),
  run(ctx) {
    const requests = resourceRequests(ctx);
    const tokens = requests.filter((r) => r.ex.role === 'authorization-server' && r.ex.method === 'POST');
    const pairs: [ResourceRequest, ResourceRequest][] = [];
    for (const authorization of requests.filter((r) => r.ex.method === 'GET')) {
      const code = issuedCode(authorization.ex);
      const redemption = code
        ? tokens.find((t) => bodyParams(t.ex).get('grant_type') === 'authorization_code' && bodyParams(t.ex).get('code') === code)
        : undefined;
      if (redemption) pairs.push([authorization, redemption]);
    }
    for (const refresh of tokens.filter((t) => bodyParams(t.ex).get('grant_type') === 'refresh_token')) {
      const presented = bodyParams(refresh.ex).get('refresh_token');
      const grant = tokens.find(
        (t) => t.ex.seq < refresh.ex.seq && ok(t.ex) && presented && jsonBody<{ refresh_token?: string }>(t.ex.responseBody)?.refresh_token === presented,
      );
      if (grant) pairs.push([grant, refresh]);
    }
    const judged = pairs.filter(([a, b]) => single(a.values) !== undefined && single(b.values) !== undefined);
    if (judged.length === 0) return skip('no authorization request was redeemed, nor a token refreshed, with a resource on both sides');
    for (const [first, second] of judged) {
      const expected = single(first.values)!;
      const sent = single(second.values)!;
      if (sent !== expected) {
        const equivalent = equivalentUris(sent, expected) ? ' (equivalent under RFC 3986, yet another string)' : '';
        return fail(
          `expected resource=${expected} in ${second.kind}, as in ${describe(first.ex, ctx.topology)}; ${describe(second.ex, ctx.topology)} carried resource=${sent}${equivalent}`,
          [first.ex.seq, second.ex.seq],
          [second.ex.seq],
        );
      }
    }
    return pass(
      `the same resource in ${judged.length} authorization/token or token/refresh pair(s)`,
      judged.flatMap(([a, b]) => [a.ex.seq, b.ex.seq]),
    );
  },
});

/*
 * Exactly the PRM's `resource` string, at SHOULD in every revision. What the specification says, the same in
 * 2025-06-18, 2025-11-25 and 2026-07-28 (Canonical Server URI):
 *   "the canonical URI of an MCP server is defined as the resource identifier as specified in RFC 8707 Section 2
 *    and aligns with the resource parameter in RFC 9728."
 *   "While the canonical form uses lowercase scheme and host components, implementations SHOULD accept uppercase
 *    scheme and host components for robustness and interoperability."
 *   "While both https://mcp.example.com/ (with trailing slash) and https://mcp.example.com (without trailing slash)
 *    are technically valid absolute URIs according to RFC 3986, implementations SHOULD consistently use the form
 *    without the trailing slash for better interoperability unless the trailing slash is semantically significant."
 * No sentence of the 2026-07-28 text (or of a SEP it took in) makes byte equality with the PRM a MUST; the official
 * suite's resource-parameter-matches-prm (a FAILURE, PR #488) reads it from RFC 9728 §3.3, whose "identical" rule is
 * about validating the PRM document against the URL it was fetched for, not about the parameter. So an RFC 3986
 * equivalent form (http://localhost:4000/ for http://localhost:4000) is a SHOULD failure here, and a value naming
 * another resource is resource-parameter's MUST failure (docs/decisions.md).
 */
export const resourceParameterMatchesPrm = defineCheck({
  id: 'resource-parameter-matches-prm',
  title: 'The resource parameter is the PRM resource verbatim, not merely an equivalent form of it (canonical form)',
  requirements: ['RES-4'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const { value: expected, source } = publishedResource(ctx);
    const judged = resourceRequests(ctx).filter((r) => r.values.length > 0);
    if (judged.length === 0) return skip('no request carried a resource parameter (resource-parameter judges its absence)');
    const equivalent = judged.filter((r) => r.values.every((v) => equivalentUris(v, expected)));
    if (equivalent.length === 0) return skip(`no request carried a resource equivalent to ${expected} (resource-parameter judges another resource)`);
    for (const { ex, values, kind } of equivalent) {
      const other = values.find((v) => v !== expected);
      if (other !== undefined) {
        return fail(
          `expected resource=${expected} exactly (${source}) in ${kind}; ${describe(ex, ctx.topology)} carried resource=${other}, ` +
            'the same URI under RFC 3986 normalization but not the canonical form (SHOULD: no trailing slash, lowercase scheme and host); exact-match authorization servers refuse it',
          [ex.seq],
        );
      }
    }
    return pass(`resource=${expected} verbatim in ${equivalent.length} request(s)`, seqs(equivalent.map((r) => r.ex)));
  },
});
