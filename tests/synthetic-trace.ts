// Traces written by hand for unit tests of checks and of the scenario knowledge built on them.
import type { Exchange, ResolvedTopology, Trace } from '../scenarios/types.js';

/** One exchange of a test trace: what it must say, and what it may (seq and time are numbered by the builder). */
export type Step = Pick<Exchange, 'method' | 'url' | 'status'> &
  Partial<Pick<Exchange, 'server' | 'from' | 'role' | 'requestHeaders' | 'requestBody' | 'responseHeaders' | 'responseBody' | 'redirectedFrom'>>;

/**
 * A builder of traces over one resource server and one authorization server: a step's server and role follow from its
 * URL's origin (any other origin is the client's redirect URI) unless the step names them; it comes from the client.
 */
export function traceBuilder(rs: { id: string; origin: string }, as: { id: string; origin: string }): (...steps: Step[]) => Trace {
  return (...steps) => ({
    exchanges: steps.map((step, i) => {
      const onRs = step.url.startsWith(rs.origin);
      const onAs = step.url.startsWith(as.origin);
      return {
        seq: i + 1,
        at: i,
        server: step.server ?? (onRs ? rs.id : onAs ? as.id : 'client-callback'),
        role: step.role ?? (onRs ? 'resource-server' : onAs ? 'authorization-server' : 'client-callback'),
        from: step.from ?? 'client',
        method: step.method,
        url: step.url,
        requestHeaders: step.requestHeaders ?? {},
        requestBody: step.requestBody ?? '',
        status: step.status,
        responseHeaders: step.responseHeaders ?? {},
        responseBody: step.responseBody ?? '',
        ...(step.redirectedFrom !== undefined ? { redirectedFrom: step.redirectedFrom } : {}),
      };
    }),
  });
}

const RS = 'http://localhost:4100';
const AS = 'http://127.0.0.1:4200';
const MCP = `${RS}/mcp`;
const PRM = `${RS}/.well-known/oauth-protected-resource/mcp`;

const topology: ResolvedTopology = {
  resourceServers: [{ id: 'rs', origin: RS, mcpUrl: MCP, prmUrls: [PRM], resource: MCP, authorizationServers: ['as'] }],
  authorizationServers: [
    {
      id: 'as',
      origin: AS,
      issuer: AS,
      endpoints: { authorization: `${AS}/oauth/authorize`, token: `${AS}/oauth/token` },
      metadataUrls: { 'oauth-path-inserted': `${AS}/.well-known/oauth-authorization-server` },
    },
  ],
};

/** One MCP server at /mcp and its authorization server (RFC 8414 metadata, path-inserted), with a trace builder over them. */
export const ONE_RS_ONE_AS = { RS, AS, MCP, PRM, topology, trace: traceBuilder({ id: 'rs', origin: RS }, { id: 'as', origin: AS }) };
