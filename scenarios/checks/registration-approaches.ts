import {
  allAuthorizationRequests,
  bodyParams,
  clientRegistrationRequests,
  clientTokenRequests,
  describe,
  fromClient,
  jsonBody,
  ok,
  query,
  seqs,
  urlWithoutQuery,
} from '../trace.js';
import type { CheckContext, CheckOutcome, Exchange } from '../types.js';
import { basicCredentials, percentDecoded } from '../credentials.js';
import { hasScheme, isLoopbackHost } from '../urls.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/** The client_id of a request's Basic credentials, percent-decoded where it can be ('' without a ":"). */
function basicClientId(ex: Exchange): string | undefined {
  const basic = basicCredentials(ex.requestHeaders['authorization']);
  if (!basic) return undefined;
  const id = basic.pair?.id ?? '';
  return percentDecoded(id) ?? id;
}

export const registrationPreregistered = defineCheck({
  id: 'registration-preregistered',
  title: 'With pre-registered credentials the client uses them and does not register',
  requirements: ['REG-6', 'REG-1'],
  level: levelSince('SHOULD'),
  run(ctx) {
    const clientId = ctx.scenario.context?.client_id;
    if (!clientId) return skip('the scenario supplies no pre-registered credentials');
    const registration = clientRegistrationRequests(ctx.trace, ctx.topology)[0];
    if (registration) {
      return fail(
        `expected no registration (the client was given client_id=${clientId} through MCP_CONFORMANCE_CONTEXT); the client sent ${describe(registration, ctx.topology)}`,
        [registration.seq],
      );
    }
    const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology);
    if (authorizations.length === 0) return skip('no authorization request was made');
    const foreign = authorizations.find((ex) => query(ex).get('client_id') !== clientId);
    if (foreign) {
      return fail(
        `expected client_id=${clientId} (pre-registered) in the authorization request; ${describe(foreign, ctx.topology)} carried client_id=${query(foreign).get('client_id') ?? '(none)'}`,
        [foreign.seq],
      );
    }
    const tokenForeign = clientTokenRequests(ctx.trace, ctx.topology).find((ex) => (bodyParams(ex).get('client_id') ?? basicClientId(ex)) !== clientId);
    if (tokenForeign) {
      return fail(`expected the pre-registered client_id=${clientId} in the token request; ${describe(tokenForeign, ctx.topology)} carried another`, [
        tokenForeign.seq,
      ]);
    }
    return pass(`used the pre-registered client_id=${clientId} and did not register`, seqs(authorizations));
  },
});

/** What is wrong with a URL as a Client ID Metadata Document client_id, or undefined. */
function clientIdFormProblem(clientId: string): string | undefined {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return `uses scheme ${url.protocol} (an https URL is required)`;
  if (url.pathname === '/' || url.pathname === '') return 'has no path';
  if (clientId.includes('#')) return 'has a fragment';
  if (url.username || url.password) return 'has userinfo';
  if (/(^|\/)\.\.?(\/|$)/.test(clientId.slice(clientId.indexOf('//') + 2))) return 'has dot segments';
  return undefined;
}

/**
 * A client that read the metadata of a server offering Client ID Metadata Documents and no registration endpoint, and
 * stopped without an authorization request although nothing else (no pre-registered credentials) gave it a client ID.
 */
function cimdOnlyStop(ctx: CheckContext): CheckOutcome | undefined {
  if (ctx.scenario.context?.client_id) return undefined;
  const cimdOnly = ctx.topology.authorizationServers.filter(
    (as) => !as.endpoints.registration && ctx.scenario.topology.authorizationServers.some((spec) => spec.id === as.id && spec.clientIdMetadataDocuments),
  );
  const documents = new Set(cimdOnly.flatMap((as) => Object.values(as.metadataUrls)));
  const client = fromClient(ctx.trace);
  const read = client.find((ex) => ok(ex) && documents.has(urlWithoutQuery(ex)));
  if (!read) return undefined;
  const last = client[client.length - 1]!;
  const issuer = cimdOnly.find((as) => Object.values(as.metadataUrls).includes(urlWithoutQuery(read)))!.issuer;
  return fail(
    `expected an authorization request whose client_id is the https URL of the client's metadata document: ${issuer} advertises client_id_metadata_document_supported and no registration_endpoint, so that is how a client gets a client ID there; the client made none, its last request was ${describe(last, ctx.topology)}`,
    [read.seq, last.seq],
    [],
  );
}

export const registrationCimd = defineCheck({
  id: 'registration-cimd',
  title: 'When the authorization server supports Client ID Metadata Documents, the client_id is a well-formed https URL whose document matches',
  requirements: ['REG-3', 'REG-1'],
  level: levelSince('SHOULD', '2025-11-25'),
  run(ctx) {
    const cimdServers = ctx.scenario.topology.authorizationServers.filter((as) => as.clientIdMetadataDocuments).map((as) => as.id);
    if (cimdServers.length === 0) return skip('no authorization server advertises client_id_metadata_document_supported');
    const authorizations = allAuthorizationRequests(ctx.trace, ctx.topology).filter((ex) => cimdServers.includes(ex.server));
    const registration = clientRegistrationRequests(ctx.trace, ctx.topology)[0];
    if (authorizations.length === 0) {
      if (registration)
        return fail(
          `expected no registration: the metadata advertises client_id_metadata_document_supported, so the client_id should be the URL of the client's metadata document; the client sent ${describe(registration, ctx.topology)}`,
          [registration.seq],
        );
      const stopped = cimdOnlyStop(ctx);
      return stopped ?? skip('no authorization request was made');
    }
    const first = authorizations[0]!;
    const clientId = query(first).get('client_id') ?? '';
    if (!hasScheme(clientId)) {
      const how = registration ? `registered (${describe(registration, ctx.topology)}) and ` : '';
      return fail(
        `expected an https client_id URL (the metadata advertises client_id_metadata_document_supported); the client ${how}sent ${describe(first, ctx.topology)} with client_id=${clientId || '(none)'}`,
        [first.seq],
      );
    }
    const problem = clientIdFormProblem(clientId);
    if (problem)
      return fail(
        `expected a client_id that is an https URL with a path and no fragment; ${describe(first, ctx.topology)} carried client_id=${clientId}, which ${problem}`,
        [first.seq],
      );
    const fetches = ctx.trace.exchanges.filter((ex) => ex.role === 'client-metadata-document' && ex.url === new URL(clientId).href);
    const fetched = fetches.find((ex) => ok(ex));
    if (!fetched) {
      const host = new URL(clientId).hostname;
      const why = !isLoopbackHost(host)
        ? `${host} is not on loopback, and the harness never leaves the machine`
        : fetches[0]
          ? `the authorization server's GET ${clientId} was answered ${fetches[0].status || 'with no response'}`
          : 'the authorization server did not fetch it';
      if (isLoopbackHost(host)) return fail(`expected the client's metadata document at ${clientId}; ${why}`, seqs(fetches));
      return pass(`client_id=${clientId} is well formed; the document could not be checked: ${why}`, [first.seq]);
    }
    const document = jsonBody(fetched.responseBody);
    if (!document)
      return fail(`expected a JSON client metadata document at ${clientId}; the client answered the authorization server's GET with something else`, [
        fetched.seq,
      ]);
    if (document.client_id !== clientId)
      return fail(`expected the document at ${clientId} to name client_id=${clientId}; it names ${JSON.stringify(document.client_id)}`, [fetched.seq]);
    const redirectUris = Array.isArray(document.redirect_uris) ? document.redirect_uris.map(String) : [];
    const mismatch = authorizations.find((ex) => !redirectUris.includes(query(ex).get('redirect_uri') ?? ''));
    if (mismatch) {
      return fail(
        `expected a redirect_uri listed in the document at ${clientId} (${redirectUris.join(', ') || 'none'}); ${describe(mismatch, ctx.topology)} carried redirect_uri=${query(mismatch).get('redirect_uri') ?? '(none)'}`,
        [fetched.seq, mismatch.seq],
      );
    }
    const method = document.token_endpoint_auth_method;
    if (method === 'client_secret_basic' || method === 'client_secret_post') {
      return fail(`expected no shared-secret authentication in a client metadata document; ${clientId} declares token_endpoint_auth_method=${method}`, [
        fetched.seq,
      ]);
    }
    return pass(`client_id=${clientId}; its document names it and the redirect URI used`, [first.seq, fetched.seq]);
  },
});
