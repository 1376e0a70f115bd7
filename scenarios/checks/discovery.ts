import { asMetadataProbeUrls, isAsMetadataPath, isPrmPath, prmProbeUrls } from '../well-known.js';
import {
  chosenByClient,
  describe,
  distinctByUrl,
  endOfRedirects,
  fromClient,
  isHop,
  isMcpEndpoint,
  jsonBody,
  listedAuthorizationServers,
  mainResourceServer,
  ok,
  pathOf,
  seqs,
  urlWithoutQuery,
} from '../trace.js';
import type { CheckOutcome, Exchange, ResolvedTopology, Trace } from '../types.js';
import { defineCheck, fail, levelRising, levelSince, pass, skip } from './define.js';
import { compareRevisions } from '../revision.js';

// Every check here judges which URLs the client chose, so each reads `chosenByClient`: an automatic redirect hop
// (fetch following a 302 to a login page) is the server's choice, not the client's (docs/decisions.md). What a
// probe found is still read through its hops, since a document reached by following a redirect was found.

/** How a client's distinct probes compare with the expected list (see walkProbes). */
type ProbeWalk =
  { kind: 'found' } | { kind: 'wrong'; probe: Exchange; due: string } | { kind: 'stopped'; last: Exchange; next: string } | { kind: 'exhausted' };

/**
 * Walks a client's distinct probes against the expected list: each probe must be the next expected URL, until one
 * finds a document. `wrong`: the first probe out of place, with the URL that was due instead; `stopped`: every probe
 * was in order and none found a document, but the client stopped before the list's end (not after a 5xx);
 * `exhausted`: it tried every URL, or stopped after a 5xx, and none found a document.
 */
function walkProbes(trace: Trace, probes: Exchange[], expected: string[]): ProbeWalk {
  let position = 0;
  for (const probe of probes) {
    const due = expected[position];
    if (due === undefined || urlWithoutQuery(probe) !== due) return { kind: 'wrong', probe, due: due ?? expected[expected.length - 1]! };
    position += 1;
    if (foundDocument(trace, probe)) return { kind: 'found' };
  }
  const last = probes[probes.length - 1];
  const next = expected[position];
  // After a 5xx (or no answer) stopping is not judged: the spec says nothing, and the SDK stops (docs/decisions.md).
  const end = last && endOfRedirects(trace, last);
  const stopAllowed = !end || end.status >= 500 || end.status === 0;
  return last && next && !stopAllowed ? { kind: 'stopped', last, next } : { kind: 'exhausted' };
}

/** A probe that found a document: 2xx JSON (by its type, or a body that parses as JSON). A login page or a single-page app's HTML answer is no document. */
function answeredDocument(probe: Exchange): boolean {
  return ok(probe) && ((probe.responseHeaders['content-type'] ?? '').includes('json') || jsonBody(probe.responseBody) !== undefined);
}

/** Whether a probe, or the end of the redirects it was followed through, answered a document. */
function foundDocument(trace: Trace, probe: Exchange): boolean {
  return answeredDocument(endOfRedirects(trace, probe));
}

/** "answered 404", or what a probe's redirect led to: "answered 302, a redirect followed to … (answered 200 text/html, no JSON document)". */
function answerOf(trace: Trace, probe: Exchange): string {
  const end = endOfRedirects(trace, probe);
  const type = (ex: Exchange) =>
    ok(ex) && !answeredDocument(ex) ? ` ${ex.responseHeaders['content-type']?.split(';')[0] ?? 'without a content type'}, no JSON document` : '';
  if (end === probe) return `answered ${probe.status}${type(probe)}`;
  return `answered ${probe.status}, a redirect the client followed to ${end.url} (answered ${end.status}${type(end)})`;
}

/** The failure of a client that stopped probing before the end of the list without finding a document. */
function stoppedEarly(
  trace: Trace,
  topology: ResolvedTopology,
  walk: { last: Exchange; next: string },
  isMetadata: (ex: Exchange) => boolean,
  note = '',
): CheckOutcome {
  const client = fromClient(trace);
  const later = chosenByClient(trace).filter((ex) => ex.seq > walk.last.seq && isMetadata(ex));
  const lastRequest = client[client.length - 1]!;
  const further = later.length > 0 ? `the client's next metadata request was ${describe(later[0]!, topology)}` : 'the client sent no further metadata request';
  return fail(
    `expected GET ${walk.next} after GET ${walk.last.url} ${answerOf(trace, walk.last)}; ${further} (its last request was ${describe(lastRequest, topology)})${note}`,
    [walk.last.seq],
    [],
  );
}

function prmFetches(exchanges: Exchange[], headerUrl?: string): Exchange[] {
  return exchanges.filter((ex) => ex.method === 'GET' && (isPrmPath(pathOf(ex)) || urlWithoutQuery(ex) === headerUrl));
}

export const prmUsesHeaderUrl = defineCheck({
  id: 'prm-uses-header-url',
  title: 'Protected resource metadata is fetched from the resource_metadata URL of the 401 challenge',
  requirements: ['WWW-1', 'WWW-2'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const rs = mainResourceServer(topology);
    const headerUrl = rs.challengeResourceMetadata;
    if (!headerUrl) return skip('the 401 challenge of this scenario carries no resource_metadata; see prm-well-known-order');
    const client = chosenByClient(trace);
    const challenge = client.find((ex) => isMcpEndpoint(ex, rs) && ex.status === 401);
    if (!challenge) return skip(`the client never received the 401 challenge of ${rs.mcpUrl}, so it had no resource_metadata to follow`);
    const afterChallenge = client.filter((ex) => ex.seq > challenge.seq);
    const first = prmFetches(afterChallenge, headerUrl)[0];
    if (!first) {
      return fail(
        `expected GET ${headerUrl} (resource_metadata of the 401 challenge); the client fetched no protected resource metadata after the challenge`,
        [challenge.seq],
        [],
      );
    }
    if (urlWithoutQuery(first) !== headerUrl) {
      return fail(
        `expected GET ${headerUrl} (resource_metadata of the 401 challenge); the client sent ${describe(first, topology)} instead`,
        [challenge.seq, first.seq],
        [first.seq],
      );
    }
    return pass(`fetched ${headerUrl} as the 401 challenge named it`, [challenge.seq, first.seq]);
  },
});

export const prmWellKnownOrder = defineCheck({
  id: 'prm-well-known-order',
  title: 'Without resource_metadata, the path-inserted then the root well-known URL are probed, in that order',
  requirements: ['PRM-2'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const rs = mainResourceServer(topology);
    if (rs.challengeResourceMetadata) return skip('the 401 challenge names the metadata URL; see prm-uses-header-url');
    const expected = prmProbeUrls(rs.mcpUrl);
    const probes = distinctByUrl(prmFetches(chosenByClient(trace)));
    if (probes.length === 0) {
      return fail(`expected GET ${expected[0]} (RFC 9728 well-known URL of ${rs.mcpUrl}); the client fetched no protected resource metadata`);
    }
    const walk = walkProbes(trace, probes, expected);
    if (walk.kind === 'wrong') {
      const isKnown = expected.includes(urlWithoutQuery(walk.probe));
      const why = isKnown ? 'out of order' : `not a well-known metadata URL of ${rs.mcpUrl}`;
      return fail(`expected GET ${walk.due}; the client sent ${describe(walk.probe, topology)}, ${why}`, seqs(probes), [walk.probe.seq]);
    }
    if (walk.kind === 'stopped') return stoppedEarly(trace, topology, walk, (ex) => ex.method === 'GET' && isPrmPath(pathOf(ex)));
    return pass(`probed ${probes.map((p) => urlWithoutQuery(p)).join(' then ')}`, seqs(probes));
  },
});

function metadataFetches(trace: Exchange[]): Exchange[] {
  return trace.filter((ex) => ex.method === 'GET' && isAsMetadataPath(pathOf(ex)));
}

function firstExpectedMetadataUrl(topology: ResolvedTopology): { url: string; origin: string } {
  const as = listedAuthorizationServers(topology)[0]!;
  return { url: asMetadataProbeUrls(as.issuer)[0]!, origin: `authorization_servers[0] "${as.issuer}"` };
}

export const asmFromAuthorizationServer = defineCheck({
  id: 'asm-from-authorization-server',
  title: 'Authorization server metadata is fetched from an authorization server the resource metadata lists',
  requirements: ['PRM-1', 'ASM-1'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const rs = mainResourceServer(topology);
    if (rs.authorizationServers.length === 0) return skip('the MCP server publishes no protected resource metadata');
    const listed = new Set(rs.authorizationServers);
    const fetches = metadataFetches(chosenByClient(trace));
    const expected = firstExpectedMetadataUrl(topology);
    const stray = fetches.filter((ex) => !listed.has(ex.server));
    if (stray.length > 0) {
      const more = stray.length > 1 ? ` (and ${stray.length - 1} more such request${stray.length > 2 ? 's' : ''})` : '';
      return fail(`expected GET ${expected.url} (from ${expected.origin}); the client sent ${describe(stray[0]!, topology)}${more}`, seqs(stray));
    }
    if (fetches.length === 0) {
      return fail(`expected GET ${expected.url} (from ${expected.origin}); the client never fetched authorization server metadata`);
    }
    return pass(
      `fetched metadata only from listed authorization servers: ${distinctByUrl(fetches)
        .map((f) => f.url)
        .join(', ')}`,
      seqs(fetches),
    );
  },
});

export const asmWellKnownOrder = defineCheck({
  id: 'asm-well-known-order',
  title: "The issuer's metadata URLs are probed in the specified order, and no others",
  requirements: ['ASM-2'],
  level: levelRising('SHOULD', 'MUST', '2025-11-25'),
  run({ trace, topology, specVersion }) {
    const client = chosenByClient(trace);
    const judged: number[] = [];
    let found = false;
    let stopped: { last: Exchange; next: string } | undefined;
    for (const as of listedAuthorizationServers(topology)) {
      const probes = distinctByUrl(metadataFetches(client).filter((ex) => ex.server === as.id));
      if (probes.length === 0) continue;
      const expected = asMetadataProbeUrls(as.issuer);
      const walk = walkProbes(trace, probes, expected);
      if (walk.kind === 'wrong') {
        const isKnown = expected.includes(urlWithoutQuery(walk.probe));
        const why = isKnown ? 'out of order' : `not a metadata URL of issuer "${as.issuer}" (expected, in order: ${expected.join(', ')})`;
        return fail(`expected GET ${walk.due}; the client sent ${describe(walk.probe, topology)}, ${why}`, seqs(probes), [walk.probe.seq]);
      }
      if (walk.kind === 'found') found = true;
      if (walk.kind === 'stopped') stopped ??= walk;
      judged.push(...seqs(probes));
    }
    if (judged.length === 0) return skip('the client fetched no metadata from a listed authorization server; see asm-from-authorization-server');
    // A client that found a document at one listed server may leave another's list unfinished (PRM-5: the choice is its own).
    if (stopped && !found) {
      const note =
        compareRevisions(specVersion, '2025-11-25') < 0
          ? ' (at 2025-06-18 only the RFC 8414 URL is required, hence SHOULD; OIDC Discovery is a MUST from 2025-11-25)'
          : '';
      return stoppedEarly(trace, topology, stopped, (ex) => ex.method === 'GET' && isAsMetadataPath(pathOf(ex)), note);
    }
    return pass('metadata URLs probed in the specified order', judged);
  },
});

const ENDPOINT_SEGMENT = /^(authorize|authorization|auth|token|register|registration)$/i;

function endpointField(path: string): string {
  if (/token/i.test(path)) return 'token_endpoint';
  if (/regist/i.test(path)) return 'registration_endpoint';
  return 'authorization_endpoint';
}

export const asmEndpointsFromMetadata = defineCheck({
  id: 'asm-endpoints-from-metadata',
  title: 'Registration, authorization and token requests go to the endpoints the metadata names',
  requirements: ['ASM-5'],
  level: levelSince('MUST'),
  run({ trace, topology }) {
    const advertised = new Map<string, string>();
    for (const as of topology.authorizationServers) {
      advertised.set(as.endpoints.authorization, 'authorization_endpoint');
      advertised.set(as.endpoints.token, 'token_endpoint');
      if (as.endpoints.registration) advertised.set(as.endpoints.registration, 'registration_endpoint');
    }
    const used: Exchange[] = [];
    const guessed: Exchange[] = [];
    for (const ex of trace.exchanges) {
      if (ex.role === 'client-callback') continue;
      // A redirect hop (a login page a well-known URL redirected to) is a URL the server chose, not a guess.
      if (isHop(ex)) continue;
      const path = pathOf(ex);
      if (isAsMetadataPath(path) || isPrmPath(path)) continue;
      if (advertised.has(urlWithoutQuery(ex))) {
        used.push(ex);
        continue;
      }
      const lastSegment = path.split('/').filter(Boolean).pop() ?? '';
      // Anything else the client itself asks of an authorization server is a guessed endpoint; the
      // user agent's own page loads (consent form, favicon) are not the client's doing.
      const clientOnAuthorizationServer = ex.role === 'authorization-server' && ex.from === 'client';
      if (clientOnAuthorizationServer || ENDPOINT_SEGMENT.test(lastSegment)) guessed.push(ex);
    }
    if (guessed.length > 0) {
      const first = guessed[0]!;
      const field = endpointField(pathOf(first));
      const as = listedAuthorizationServers(topology)[0] ?? topology.authorizationServers[0]!;
      const due = field === 'token_endpoint' ? as.endpoints.token : field === 'registration_endpoint' ? as.endpoints.registration : as.endpoints.authorization;
      return fail(`expected the ${field} the metadata names (${due ?? 'none advertised'}); the client sent ${describe(first, topology)}`, seqs(guessed));
    }
    if (used.length === 0) return skip('the client used no registration, authorization or token endpoint');
    return pass('every endpoint request went to a URL from the metadata', seqs(used));
  },
});
