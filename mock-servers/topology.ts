import type { ResolvedResourceServer, ResolvedTopology, Topology } from '../scenarios/types.js';
import { MockAuthorizationServer } from './authorization-server.js';
import { resolveAuthorizationServer } from './authorization-metadata.js';
import type { AuthorizationServerOptions } from './authorization-server-state.js';
import { listenLoopback, type LoopbackListener, type TlsFailure, type TlsIdentity } from './listen.js';
import type { Recorder } from './recorder.js';
import { MockResourceServer, resolveResourceServer } from './resource-server.js';
import { colocate } from './colocated.js';
import { ExtensionGrants } from './extension-grants.js';

/** The authorization servers a resource server trusts: those its PRM lists, and those it migrates to (SEP-2352). */
function servedBy(rs: ResolvedResourceServer): string[] {
  return [...rs.authorizationServers, ...(rs.migratedAuthorizationServers ?? [])];
}

export interface RunningTopology {
  resolved: ResolvedTopology;
  /** Per-run values the client needs (keys, assertions), added to MCP_CONFORMANCE_CONTEXT beside the scenario's. */
  context: Record<string, string>;
  /** TLS handshakes clients broke off, across every server, in time order. */
  tlsFailures(): TlsFailure[];
  close(): Promise<void>;
}

/** How the servers are played rather than what they are: HTTPS, and an interactive consent page. */
export interface TopologyOptions extends AuthorizationServerOptions {
  tls?: TlsIdentity;
}

/**
 * Starts every server of a topology on loopback. Resource servers default to `localhost` and
 * authorization servers to `127.0.0.1`, each on its own port, so that origins never coincide by accident.
 */
export async function startTopology(topology: Topology, recorder: Recorder, options: TopologyOptions = {}): Promise<RunningTopology> {
  const listeners: LoopbackListener[] = [];
  const resourceServers: MockResourceServer[] = [];
  const extensions: ExtensionGrants[] = [];
  try {
    // A co-located authorization server (`colocatedWith`) has no listener: it shares its resource server's.
    const asListeners = await Promise.all(
      topology.authorizationServers.map((spec) => (spec.colocatedWith ? Promise.resolve(undefined) : listenLoopback(spec.host ?? '127.0.0.1', options.tls))),
    );
    const rsListeners = await Promise.all(topology.resourceServers.map((spec) => listenLoopback(spec.host ?? 'localhost', options.tls)));
    listeners.push(...asListeners.filter((l): l is LoopbackListener => l !== undefined), ...rsListeners);
    const hostOf = (rsId: string) => rsListeners[topology.resourceServers.findIndex((rs) => rs.id === rsId)];

    const resolvedRs = topology.resourceServers.map((spec, i) => resolveResourceServer(spec, rsListeners[i]!.origin));
    const resolvedAs = topology.authorizationServers.map((spec, i) =>
      resolveAuthorizationServer(spec, (asListeners[i] ?? hostOf(spec.colocatedWith ?? ''))!.origin),
    );

    // An authorization server issues tokens for the resource servers that list it.
    const resourcesOf = topology.authorizationServers.map((spec) =>
      resolvedRs.filter((rs) => servedBy(rs).includes(spec.id) || spec.colocatedWith === rs.id).map((rs) => rs.resource ?? rs.mcpUrl),
    );
    const grants = await Promise.all(
      topology.authorizationServers.map(async (spec, i) => {
        if (!spec.extensionGrants) return undefined;
        const started = await ExtensionGrants.start(spec.extensionGrants, resolvedAs[i]!, resourcesOf[i]!, recorder, options.tls);
        extensions.push(started);
        resolvedAs[i]!.extensionGrants = started.resolved;
        return started;
      }),
    );
    const authorizationServers = topology.authorizationServers.map((spec, i) => {
      const server = new MockAuthorizationServer(spec, resolvedAs[i]!, resourcesOf[i]!, recorder, {
        consentPage: options.consentPage,
        ...(grants[i] ? { extensionGrants: grants[i] } : {}),
      });
      asListeners[i]?.attach(server.app);
      return server;
    });

    topology.resourceServers.forEach((spec, i) => {
      const trusted = authorizationServers.filter((as) => servedBy(resolvedRs[i]!).includes(as.resolved.id));
      const issuers = trusted.map((as) => as.resolved.issuer);
      const migratedIssuers = trusted.filter((as) => resolvedRs[i]!.migratedAuthorizationServers?.includes(as.resolved.id)).map((as) => as.resolved.issuer);
      // Without PRM (2025-03-26) the server trusts the authorization server on its own origin.
      const guests = topology.authorizationServers
        .map((as, j) => ({ spec: as, app: authorizationServers[j]!.app, server: authorizationServers[j]! }))
        .filter((as) => as.spec.colocatedWith === spec.id);
      const accepting = [...trusted, ...guests.map((g) => g.server).filter((g) => !trusted.includes(g))];
      const introspect = (token: string) => accepting.map((as) => as.introspect(token)).find(Boolean);
      const copied = authorizationServers.find((as) => as.resolved.id === spec.authorizationServerMetadataCopy);
      const server = new MockResourceServer(spec, resolvedRs[i]!, issuers, introspect, recorder, migratedIssuers, copied && (() => copied.metadata(false)));
      rsListeners[i]!.attach(guests.length > 0 ? colocate(server.app, guests) : server.app);
      resourceServers.push(server);
    });

    return {
      resolved: { resourceServers: resolvedRs, authorizationServers: resolvedAs },
      context: Object.assign({}, ...extensions.map((e) => e.context)) as Record<string, string>,
      tlsFailures: () => listeners.flatMap((l) => l.tlsFailures).sort((a, b) => a.at - b.at),
      close: async () => {
        await Promise.all(resourceServers.map((rs) => rs.endpoint.close()));
        await Promise.all([...listeners.map((l) => l.close()), ...extensions.map((e) => e.close())]);
      },
    };
  } catch (error) {
    await Promise.all([...listeners.map((l) => l.close()), ...extensions.map((e) => e.close())]);
    throw error;
  }
}
