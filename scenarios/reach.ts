import { fromClient, ok } from './trace.js';
import type { ReachPoint, ResolvedTopology, Trace, Verdict } from './types.js';

const REACHED: Record<ReachPoint, { what: string; shown: (trace: Trace, topology: ResolvedTopology) => boolean }> = {
  'authorization-server-metadata': {
    what: "read an authorization server's metadata",
    shown: (trace, topology) => {
      // Port and path: every mock server has its own port, and localhost and 127.0.0.1 name the same one.
      const at = (text: string) => {
        const url = new URL(text);
        return `${url.port} ${url.pathname}`;
      };
      const documents = new Set(topology.authorizationServers.flatMap((as) => Object.values(as.metadataUrls).map(at)));
      return fromClient(trace).some((ex) => ok(ex) && documents.has(at(ex.url)));
    },
  },
};

/**
 * Why a scenario was not reached, when none of its checks found anything to judge: a scenario passes on what the
 * client did, never on checks that all skipped because it stopped before the behaviour they judge (an agent that
 * rejected the authorization response never meets the scenario's 403). Undefined when some check judged, or when
 * the scenario is one where stopping is right and the client got as far as `rightStopAfter`.
 */
export function notReachedReason(
  scenario: { rightStopAfter?: ReachPoint },
  checks: readonly Verdict[],
  trace: Trace,
  topology: ResolvedTopology,
): string | undefined {
  if (checks.length === 0 || checks.some((c) => c.status !== 'skip')) return undefined;
  const why = [...new Set(checks.map((c) => c.message))].join('; ');
  const stop = scenario.rightStopAfter ? REACHED[scenario.rightStopAfter] : undefined;
  if (!stop) return `not reached: every check skipped (${why})`;
  if (stop.shown(trace, topology)) return undefined;
  return `not reached: every check skipped (${why}), and the client never ${stop.what}, the point after which stopping is right`;
}
