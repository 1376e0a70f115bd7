import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { compareRevisions, metaProtocolVersion } from '../scenarios/revision.js';

/**
 * The SDK and zod take a few hundred milliseconds to load: loaded once, on the first request or earlier when
 * the harness asks (it does so while the first client boots, so the load never delays its start).
 */
type Sdk = typeof import('@modelcontextprotocol/sdk/server/mcp.js') &
  typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js') &
  typeof import('@modelcontextprotocol/sdk/types.js') &
  typeof import('@modelcontextprotocol/sdk/validation/ajv') &
  typeof import('zod');
let sdkLoading: Promise<Sdk> | undefined;
export function loadSdk() {
  sdkLoading ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('@modelcontextprotocol/sdk/validation/ajv'),
    import('zod'),
  ]).then((modules) => {
    // SDK 1.32.2 knows revisions up to 2025-11-25: its server answers an unknown initialize version with
    // 2025-11-25 and its transport refuses an unknown MCP-Protocol-Version header with 400. The list is the
    // one both consult, so adding the newest revision makes the endpoint speak it (its auth is unchanged).
    for (const version of EXTRA_PROTOCOL_VERSIONS)
      if (!modules[2].SUPPORTED_PROTOCOL_VERSIONS.includes(version)) modules[2].SUPPORTED_PROTOCOL_VERSIONS.push(version);
    return Object.assign({}, ...modules) as Sdk;
  });
  return sdkLoading;
}

const EXTRA_PROTOCOL_VERSIONS = ['2026-07-28'];

const SERVER_INFO = { name: 'mcp-oauth-conformance-mock', version: '1.0.0' };

/** Methods whose 2026-07-28 results carry caching hints ("Caching: Cacheable Results"). */
const CACHEABLE_METHODS = new Set(['server/discover', 'tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);

/**
 * Caching hints of every cacheable result: each scenario is a fresh server, possibly on a port an earlier scenario
 * used, so nothing is to be reused (`ttlMs: 0`, immediately stale) nor shared across tokens (`private`).
 */
const CACHE_HINTS = { ttlMs: 0, cacheScope: 'private' };

/** 2026-07-28 "UnsupportedProtocolVersionError" (Versioning: Protocol Version Negotiation). */
const UNSUPPORTED_PROTOCOL_VERSION = -32022;

type Message = { id?: string | number | null; method?: unknown; params?: { _meta?: Record<string, unknown> } } | null;

const messagesOf = (body: unknown): Message[] => (Array.isArray(body) ? body : [body]) as Message[];

/** The revision in `params._meta` of the first message that names one (scenarios/revision.ts reads it), as a string. */
function bodyMetaProtocolVersion(body: unknown): string | undefined {
  for (const m of messagesOf(body)) {
    const value = metaProtocolVersion(m);
    if (value !== undefined) return typeof value === 'string' ? value : String(value);
  }
  return undefined;
}

/**
 * A 2026-07-28 request outside any session: no initialize first, its protocol revision in `params._meta`
 * (or the MCP-Protocol-Version header). Such requests are answered statelessly.
 */
function isSessionlessRequest(body: unknown, headerVersion: string | undefined): boolean {
  return bodyMetaProtocolVersion(body) !== undefined || (headerVersion !== undefined && EXTRA_PROTOCOL_VERSIONS.includes(headerVersion));
}

/** Every revision the endpoint answers, newest first (the SDK's list, to which loadSdk adds 2026-07-28). */
function supportedVersions(sdkVersions: readonly string[]): string[] {
  return [...sdkVersions].sort((a, b) => compareRevisions(b, a));
}

/**
 * What every server of the process shares, built once: the tools' input shapes, and the JSON Schema validator (the
 * SDK's server otherwise compiles a new Ajv instance per session, ~1 ms of CPU each; it only ever serves
 * elicitation, which this server never asks for).
 */
let shared:
  | {
      echo: { text: import('zod').ZodString };
      add: { a: import('zod').ZodNumber; b: import('zod').ZodNumber };
      validator: import('@modelcontextprotocol/sdk/validation/ajv').AjvJsonSchemaValidator;
    }
  | undefined;

async function createMcpServer(): Promise<McpServer> {
  const { McpServer, z, AjvJsonSchemaValidator } = await loadSdk();
  shared ??= { echo: { text: z.string() }, add: { a: z.number(), b: z.number() }, validator: new AjvJsonSchemaValidator() };
  const server = new McpServer(SERVER_INFO, { jsonSchemaValidator: shared.validator });
  server.registerTool('echo', { description: 'Echoes its text back', inputSchema: shared.echo }, async ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: shared.add }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  return server;
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * The 2026-07-28 server of one sessionless request: the SDK's server with its tools, plus `server/discover`
 * ("Discovery": a DiscoverResult), and every result completed with the fields 2026-07-28 adds to results the SDK
 * does not know: `resultType` (Result), caching hints (Caching) and `_meta` serverInfo (Per-response protocol fields).
 */
async function createModernServer(transport: StreamableHTTPServerTransport, body: unknown): Promise<McpServer> {
  const { z, SUPPORTED_PROTOCOL_VERSIONS } = await loadSdk();
  const server = await createMcpServer();
  server.server.setRequestHandler(z.object({ method: z.literal('server/discover'), params: z.looseObject({}).optional() }), () => ({
    resultType: 'complete',
    supportedVersions: supportedVersions(SUPPORTED_PROTOCOL_VERSIONS),
    // What the SDK's own initialize answers (its accessor is private in the typings only), so both eras agree.
    capabilities: (server.server as unknown as { getCapabilities(): Record<string, unknown> }).getCapabilities(),
    _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
    ...CACHE_HINTS,
  }));
  const methods = new Map(messagesOf(body).map((m) => [m?.id, m?.method]));
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (!('result' in message)) return send(message, options);
    const { result } = message;
    const method = methods.get(message.id);
    return send(
      {
        ...message,
        result: {
          resultType: 'complete',
          ...(typeof method === 'string' && CACHEABLE_METHODS.has(method) ? CACHE_HINTS : {}),
          ...result,
          _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO, ...result._meta },
        },
      },
      options,
    );
  };
  return server;
}

/** A real MCP Streamable HTTP endpoint (the official SDK's transport), one session per initialize. */
export class McpEndpoint {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  async handle(req: Request, res: Response): Promise<void> {
    const { StreamableHTTPServerTransport, isInitializeRequest, SUPPORTED_PROTOCOL_VERSIONS } = await loadSdk();
    const sessionId = req.headers['mcp-session-id'];
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
      } catch {
        return jsonRpcError(res, 400, -32700, 'Parse error: the body is not JSON');
      }
    }
    if (typeof sessionId === 'string') {
      const transport = this.sessions.get(sessionId);
      if (!transport) return jsonRpcError(res, 404, -32001, 'Session not found');
      return transport.handleRequest(req, res, body);
    }
    const headerVersion = req.headers['mcp-protocol-version'];
    if (req.method === 'POST' && !isInitializeRequest(body) && isSessionlessRequest(body, typeof headerVersion === 'string' ? headerVersion : undefined)) {
      const requested = bodyMetaProtocolVersion(body) ?? (typeof headerVersion === 'string' ? headerVersion : undefined);
      if (requested !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(requested)) {
        // Streamable HTTP "Protocol Version Header": 400 and an UnsupportedProtocolVersionError listing the supported versions.
        const id = messagesOf(body).find((m) => m?.id !== undefined)?.id ?? null;
        res.status(400).json({
          jsonrpc: '2.0',
          id,
          error: {
            code: UNSUPPORTED_PROTOCOL_VERSION,
            message: 'Unsupported protocol version',
            data: { supported: supportedVersions(SUPPORTED_PROTOCOL_VERSIONS), requested },
          },
        });
        return;
      }
      const stateless = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => void stateless.close());
      await (await createModernServer(stateless, body)).connect(stateless);
      return stateless.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id, and the request is not initialize');
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await (await createMcpServer()).connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map((t) => t.close()));
  }
}
