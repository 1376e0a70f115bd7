import { isAsMetadataPath } from '../well-known.js';
import { allAuthorizationRequests, chosenByClient, describe, mainResourceServer, ok, pathOf, seqs, urlWithoutQuery } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';

/**
 * The 2025-03-26 rules SDKs keep for servers without protected resource metadata: authorization server
 * metadata at the MCP server's origin (path discarded), and without it the default endpoints of that origin.
 * Optional backward compatibility, hence SHOULD at every revision.
 */
export const legacyDiscovery = defineCheck({
  id: 'legacy-discovery',
  title: 'Without protected resource metadata, metadata is sought at the MCP origin, else /authorize, /token and /register there',
  requirements: ['ASM-4'],
  level: levelSince('SHOULD'),
  run({ trace, topology }) {
    const rs = mainResourceServer(topology);
    if (rs.prmUrls.length > 0) return skip('the MCP server publishes protected resource metadata');
    const expected = `${rs.origin}/.well-known/oauth-authorization-server`;
    // The URLs the client chose: a redirect hop is the server's choice (scenarios/trace.ts chosenByClient).
    const probes = chosenByClient(trace).filter((ex) => ex.method === 'GET' && isAsMetadataPath(pathOf(ex)));
    const first = probes[0];
    const lead = `expected GET ${expected} (2025-03-26: metadata at the MCP server's origin, its path discarded)`;
    if (!first) return fail(`${lead}; the client fetched no authorization server metadata`);
    if (urlWithoutQuery(first) !== expected) return fail(`${lead} first; the client sent ${describe(first, topology)}`, [first.seq]);
    const found = probes.find((ex) => ok(ex) && (ex.responseHeaders['content-type'] ?? '').includes('json'));
    if (found) return pass(`found metadata at ${urlWithoutQuery(found)}`, seqs(probes));
    const defaultEndpoint = `${rs.origin}/authorize`;
    const authorizations = allAuthorizationRequests(trace, topology).filter((ex) => ex.seq > first.seq);
    if (authorizations.length === 0)
      return fail(
        `expected GET ${defaultEndpoint} (2025-03-26 default endpoint, since no metadata answered); no authorization request followed`,
        seqs(probes),
        [],
      );
    const wrong = authorizations.find((ex) => urlWithoutQuery(ex) !== defaultEndpoint);
    if (wrong) return fail(`expected GET ${defaultEndpoint} (2025-03-26 default endpoint); the client sent ${describe(wrong, topology)}`, [wrong.seq]);
    return pass(`no metadata answered, so the client used ${defaultEndpoint}`, [...seqs(probes), authorizations[0]!.seq]);
  },
});
