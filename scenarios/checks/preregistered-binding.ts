import { describe, fromClient, ok, urlWithoutQuery } from '../trace.js';
import { defineCheck, fail, levelSince, pass, skip } from './define.js';
import { credentialsIn } from './issuer-binding.js';

export const preregisteredCredentialsBound = defineCheck({
  id: 'preregistered-credentials-bound',
  title: 'Pre-registered credentials go only to the authorization server they were registered with, never to the one the resource moves to',
  requirements: ['PRM-6', 'BIND-1'],
  level: levelSince('MUST', '2026-07-28'),
  run({ trace, topology, scenario }) {
    const clientId = scenario.context?.client_id;
    const owners = scenario.topology.authorizationServers.filter((as) => as.preRegisteredClients?.some((c) => c.clientId === clientId));
    if (!clientId || owners.length === 0) return skip('the scenario hands the client no pre-registered credentials of one of its authorization servers');
    const others = topology.authorizationServers.filter((as) => !owners.some((owner) => owner.id === as.id));
    if (others.length === 0) return skip('every authorization server of this scenario knows the pre-registered credentials');
    const owner = topology.authorizationServers.find((as) => as.id === owners[0]!.id)!;
    const secret = scenario.context?.client_secret;
    const kinds = new Map<string, string>([[clientId, `client_id=${clientId}`]]);
    if (secret) kinds.set(secret, 'client_secret');
    const otherIds = new Set(others.map((as) => as.id));
    for (const ex of trace.exchanges) {
      if (ex.role !== 'authorization-server' || !otherIds.has(ex.server)) continue;
      const leaked = credentialsIn(ex).find((value) => kinds.has(value));
      if (leaked === undefined) continue;
      const issuer = others.find((as) => as.id === ex.server)!.issuer;
      return fail(
        `expected the pre-registered ${kinds.get(leaked)} (registered with ${owner.issuer}) never to reach ${issuer}, the authorization server the resource now names; ${describe(ex, topology)} carried it (credentials belong to the server that issued them: a client re-registers, or surfaces an error rather than silently use them)`,
        [ex.seq],
      );
    }
    const metadataUrls = new Set(others.flatMap((as) => Object.values(as.metadataUrls)));
    const read = fromClient(trace).find((ex) => ok(ex) && metadataUrls.has(urlWithoutQuery(ex)));
    if (!read) return skip(`the client never read the metadata of ${others.map((as) => as.issuer).join(', ')}, so it never had to choose credentials for it`);
    const toOther = trace.exchanges.filter(
      (ex) => ex.role === 'authorization-server' && otherIds.has(ex.server) && ex.seq > read.seq && !metadataUrls.has(urlWithoutQuery(ex)),
    );
    const then = toOther.length ? `went on there with credentials of its own: ${describe(toOther[0]!, topology)}` : 'stopped there rather than present them';
    return pass(`after ${describe(read, topology)} the client kept client_id=${clientId} to ${owner.issuer} and ${then}`, [
      read.seq,
      ...toOther.slice(0, 1).map((ex) => ex.seq),
    ]);
  },
});
