import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * The SDK and zod take a few hundred milliseconds to load: loaded once, on the first request or earlier when
 * the harness asks (it does so while the first client boots, so the load never delays its start).
 */
let sdkLoading: Promise<typeof import('@modelcontextprotocol/sdk/server/mcp.js') & typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js') & typeof import('@modelcontextprotocol/sdk/types.js') & typeof import('zod')> | undefined;
export function loadSdk() {
  sdkLoading ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
    import('zod'),
  ]).then((modules) => {
    // SDK 1.32.2 knows revisions up to 2025-11-25: its server answers an unknown initialize version with
    // 2025-11-25 and its transport refuses an unknown MCP-Protocol-Version header with 400. The list is the
    // one both consult, so adding the newest revision makes the endpoint speak it (its auth is unchanged).
    for (const version of EXTRA_PROTOCOL_VERSIONS) if (!modules[2].SUPPORTED_PROTOCOL_VERSIONS.includes(version)) modules[2].SUPPORTED_PROTOCOL_VERSIONS.push(version);
    return Object.assign({}, ...modules);
  });
  return sdkLoading!;
}

const EXTRA_PROTOCOL_VERSIONS = ['2026-07-28'];

/**
 * A 2026-07-28 request outside any session: no initialize first, its protocol revision in `params._meta`
 * (or the MCP-Protocol-Version header). Such requests are answered statelessly.
 */
function isSessionlessRequest(body: unknown, headerVersion: string | undefined): boolean {
  const messages = Array.isArray(body) ? body : [body];
  const carriesMeta = messages.some((m) => {
    const meta = (m as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
    return !!meta && Object.keys(meta).some((key) => key.toLowerCase().includes('protocolversion'));
  });
  return carriesMeta || (headerVersion !== undefined && EXTRA_PROTOCOL_VERSIONS.includes(headerVersion));
}

async function createMcpServer(): Promise<McpServer> {
  const { McpServer, z } = await loadSdk();
  const server = new McpServer({ name: 'mcp-oauth-conformance-mock', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes its text back', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  return server;
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/** A real MCP Streamable HTTP endpoint (the official SDK's transport), one session per initialize. */
export class McpEndpoint {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  async handle(req: Request, res: Response): Promise<void> {
    const { StreamableHTTPServerTransport, isInitializeRequest } = await loadSdk();
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
      const stateless = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => void stateless.close());
      await (await createMcpServer()).connect(stateless);
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
