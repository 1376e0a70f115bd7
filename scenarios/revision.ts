import { fromClient, header, isMcpEndpoint, jsonBody } from './trace.js';
import { LATEST_SPEC_VERSION, SPEC_VERSIONS, type Exchange, type ResolvedTopology, type Scenario, type SpecVersion, type Trace } from './types.js';

/** What `--spec-version` asks for: a revision, or `auto` (the revision the client negotiates). */
export type RequestedRevision = SpecVersion | 'auto';

/** The one ordering of revisions: negative when `a` is older than `b`. Unknown dated strings order by date. */
export function compareRevisions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The revisions judged here from `since` on, oldest first (a 2025-03-26 `since`: every one). */
export function revisionsSince(since: string): SpecVersion[] {
  return SPEC_VERSIONS.filter((v) => compareRevisions(v, since) >= 0);
}

export function isSpecVersion(value: string): value is SpecVersion {
  return (SPEC_VERSIONS as readonly string[]).includes(value);
}

function messagesOf(ex: Exchange): unknown[] {
  if (ex.method !== 'POST') return [];
  const body = jsonBody<unknown>(ex.requestBody);
  if (body === undefined) return [];
  return Array.isArray(body) ? body : [body];
}

/**
 * `params._meta` of a 2026-07-28 sessionless request names its revision under a key containing "protocolVersion"
 * ("io.modelcontextprotocol/protocolVersion"): that value as the message has it (not always a string), or undefined.
 * The mock MCP endpoint reads requests with it too.
 */
export function metaProtocolVersion(message: unknown): unknown {
  const meta = (message as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  if (!meta) return undefined;
  const key = Object.keys(meta).find((k) => k.toLowerCase().includes('protocolversion'));
  return key ? meta[key] : undefined;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const DATED = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The protocol revision the client speaks, from its own requests to the MCP endpoint: the newest it offered, in the
 * `protocolVersion` of an `initialize`, the `_meta` revision of a 2026-07-28 request or an `MCP-Protocol-Version`
 * header. The newest, not the first or the last: a 2026-07-28 client probes with `server/discover` and falls back to
 * `initialize` at 2025-11-25 when that fails (for a token the server refuses, say), and it implements the newer
 * rules all the same. Null when the client never sent an MCP request; an undated value only when it sent no other.
 */
export function clientProtocolVersion(trace: Trace, topology: ResolvedTopology): string | null {
  const offers: string[] = [];
  for (const ex of fromClient(trace)) {
    if (!topology.resourceServers.some((rs) => isMcpEndpoint(ex, rs))) continue;
    for (const message of messagesOf(ex)) {
      const m = message as { method?: unknown; params?: { protocolVersion?: unknown } } | null;
      if (m?.method === 'initialize' && typeof m.params?.protocolVersion === 'string') offers.push(m.params.protocolVersion);
      const fromMeta = asString(metaProtocolVersion(message));
      if (fromMeta) offers.push(fromMeta);
    }
    const fromHeader = header(ex, 'mcp-protocol-version');
    if (fromHeader) offers.push(fromHeader);
  }
  const dated = offers.filter((v) => DATED.test(v));
  if (dated.length === 0) return offers[0] ?? null;
  return dated.reduce((newest, v) => (compareRevisions(v, newest) > 0 ? v : newest));
}

/** The revision a client is judged at, and why: a sentence for the results. */
export interface Judgement {
  specVersion: SpecVersion;
  why: string;
}

/** The revision whose rules apply to a client that sent `protocolVersion` (null: it never said). */
export function revisionSpoken(protocolVersion: string | null): Judgement {
  if (protocolVersion === null) {
    return {
      specVersion: LATEST_SPEC_VERSION,
      why: `the client never sent initialize or a protocol version, so it is judged at the newest revision, ${LATEST_SPEC_VERSION}`,
    };
  }
  if (isSpecVersion(protocolVersion)) return { specVersion: protocolVersion, why: `the client negotiated protocol version ${protocolVersion}` };
  const oldest = SPEC_VERSIONS[0];
  if (compareRevisions(protocolVersion, oldest) < 0) {
    return {
      specVersion: oldest,
      why: `the client sent protocol version ${protocolVersion}, older than any revision judged here; judged at the oldest, ${oldest}`,
    };
  }
  const newer = [...SPEC_VERSIONS].reverse().find((v) => compareRevisions(v, protocolVersion) <= 0) ?? LATEST_SPEC_VERSION;
  return {
    specVersion: newer,
    why: `the client sent protocol version ${JSON.stringify(protocolVersion)}, which is no revision judged here; judged at ${newer}, the newest not after it`,
  };
}

/**
 * Where a scenario is judged for a client that speaks `spoken`: at that revision when the scenario belongs to it;
 * otherwise, as a preview, at the scenario's first newer revision ("ready for 2026-07-28?"), never counting
 * towards the exit code; a scenario only of older revisions does not apply.
 */
export function scenarioRevision(scenario: Scenario, spoken: SpecVersion): { specVersion: SpecVersion; preview: boolean } | undefined {
  if (scenario.specVersions.includes(spoken)) return { specVersion: spoken, preview: false };
  const newer = SPEC_VERSIONS.find((v) => compareRevisions(v, spoken) > 0 && scenario.specVersions.includes(v));
  return newer ? { specVersion: newer, preview: true } : undefined;
}
