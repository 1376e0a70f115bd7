import { clientRegistrationRequests, describe, jsonBody, ok, seqs } from '../trace.js';
import type { CheckContext, Exchange } from '../types.js';
import { isLoopbackHost } from '../urls.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

// Client metadata the 2026-07-28 revision asks of a client that registers (SEP-837, SEP-2207). Neither sentence is in
// 2025-11-25 or earlier, so both checks apply from 2026-07-28 only, like the official suite's
// sep-837-application-type-present and sep-2207-client-metadata-grant-types.

/** Dynamic client registration requests the client sent, to any authorization server of the scenario. */
function clientRegistrations(ctx: CheckContext): Exchange[] {
  return clientRegistrationRequests(ctx.trace, ctx.topology).sort((a, b) => a.seq - b.seq);
}

/** The JSON object a registration request carried, or undefined. */
function registrationBody(ex: Exchange): Record<string, unknown> | undefined {
  const body = jsonBody(ex.requestBody);
  return body && !Array.isArray(body) ? body : undefined;
}

const quoted = (value: unknown) => JSON.stringify(value);

/**
 * MCP 2026-07-28, Client Registration › Application Type and Redirect URI Constraints (SEP-837):
 *   "MCP clients MUST specify an appropriate application_type during Dynamic Client Registration."
 * Which of the two is appropriate depends on what the client is (native: desktop, CLI, localhost; web: served from a
 * non-local host, both SHOULD), which traffic cannot tell; as in the official check, presence and one of the two
 * OIDC values is what is judged.
 */
export const applicationType = defineCheck({
  id: 'application-type',
  title: 'Dynamic client registration names application_type "native" or "web" (SEP-837)',
  requirements: ['REG-7'],
  level: levelSince('MUST', '2026-07-28'),
  run(ctx) {
    const registrations = clientRegistrations(ctx);
    if (registrations.length === 0) return skip('the client did not register dynamically');
    for (const ex of registrations) {
      const body = registrationBody(ex);
      const value = body?.application_type;
      if (value === 'native' || value === 'web') continue;
      const sent = !body
        ? 'with a body that is not a JSON object'
        : value === undefined
          ? 'with no application_type'
          : `with application_type ${quoted(value)}`;
      return fail(
        `expected POST ${ex.url} with application_type "native" or "web" (an OIDC server takes an omitted one as "web", which conflicts with loopback redirect URIs); the client sent ${describe(ex, ctx.topology)} ${sent}`,
        [ex.seq],
      );
    }
    const values = [...new Set(registrations.map((ex) => String(registrationBody(ex)?.application_type)))];
    return pass(`application_type ${values.map(quoted).join(', ')} in ${registrations.length} registration request(s)`, seqs(registrations));
  },
});

/** What a grant_types value says about refresh_token, or undefined when it lists it. */
function grantTypesProblem(document: Record<string, unknown> | undefined): string | undefined {
  if (!document) return 'a body that is not a JSON object';
  const grants = document.grant_types;
  if (grants === undefined) return 'no grant_types (RFC 7591 §2: that means authorization_code only)';
  if (!Array.isArray(grants)) return `grant_types ${quoted(grants)}, not an array`;
  return grants.includes('refresh_token') ? undefined : `grant_types ${quoted(grants)}`;
}

/**
 * MCP 2026-07-28, Refresh Tokens (SEP-2207): "MCP Clients that desire refresh tokens: ... SHOULD include
 * refresh_token in their grant_types client metadata". Judged on every dynamic registration and on every Client ID
 * Metadata Document the authorization server could fetch (only one on loopback), as the official check does.
 */
export const dcrGrantTypes = defineCheck({
  id: 'dcr-grant-types',
  title: 'The client metadata (dynamic registration or Client ID Metadata Document) lists refresh_token in grant_types (SEP-2207)',
  requirements: ['REF-2'],
  level: levelSince('SHOULD', '2026-07-28'),
  run(ctx) {
    const registrations = clientRegistrations(ctx);
    for (const ex of registrations) {
      const problem = grantTypesProblem(registrationBody(ex));
      if (problem) {
        return fail(
          `expected POST ${ex.url} with grant_types including "refresh_token" (a client that wants refresh tokens SHOULD register the grant); the client sent ${describe(ex, ctx.topology)} with ${problem}`,
          [ex.seq],
        );
      }
    }
    const documents = ctx.trace.exchanges.filter((ex) => ex.role === 'client-metadata-document' && ok(ex));
    for (const ex of documents) {
      const problem = grantTypesProblem(jsonBody(ex.responseBody));
      if (problem) {
        return fail(
          `expected the Client ID Metadata Document ${ex.url} to list grant_types including "refresh_token" (a client that wants refresh tokens SHOULD); the authorization server's GET ${ex.url} (answered ${ex.status}) found ${problem}`,
          [ex.seq],
        );
      }
    }
    const judged = [...registrations, ...documents];
    if (judged.length === 0) return skip('the client neither registered dynamically nor served a Client ID Metadata Document the harness could fetch');
    return pass(
      `grant_types includes refresh_token in ${registrations.length} registration request(s) and ${documents.length} client metadata document(s)`,
      seqs(judged),
    );
  },
});

/** Why a redirect URI makes the client native (loopback http, a private-use scheme), or undefined for a remote https one. */
function nativeRedirect(uri: unknown): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(String(uri));
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return `the loopback redirect URI ${String(uri)}`;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `the private-use scheme redirect URI ${String(uri)}`;
  return undefined;
}

/**
 * MCP 2026-07-28, Application Type and Redirect URI Constraints: native applications ("desktop applications, mobile
 * apps, CLI tools, and locally-hosted web applications accessed via localhost") SHOULD use "native", remote web
 * applications "web". The redirect URIs a registration lists show the kind where they are loopback or a private-use
 * scheme; a remote https redirect URI may be a web application's or a native app's claimed URL, so it is not judged.
 */
export const applicationTypeMatchesRedirect = defineCheck({
  id: 'application-type-matches-redirect',
  title: 'A registration whose redirect URIs are loopback (or a private-use scheme) names application_type "native"',
  requirements: ['REG-8'],
  level: levelSince('SHOULD', '2026-07-28'),
  run(ctx) {
    const registrations = clientRegistrations(ctx).filter((ex) => typeof registrationBody(ex)?.application_type === 'string');
    if (registrations.length === 0) return skip('no dynamic registration named an application_type');
    for (const ex of registrations) {
      const body = registrationBody(ex)!;
      const uris = Array.isArray(body.redirect_uris) ? body.redirect_uris : [];
      const native = uris.map(nativeRedirect).find(Boolean);
      if (native && body.application_type !== 'native') {
        return fail(
          `expected application_type "native" for ${native} (a native application); the client sent ${describe(ex, ctx.topology)} with application_type ${quoted(body.application_type)}`,
          [ex.seq],
        );
      }
    }
    return pass(`application_type fits the redirect URIs in ${registrations.length} registration request(s)`, seqs(registrations));
  },
});
