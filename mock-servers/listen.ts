import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server bound to loopback only, whose request handler is attached once its origin is known. */
export interface LoopbackListener {
  port: number;
  origin: string;
  attach(handler: RequestListener): void;
  close(): Promise<void>;
}

function listen(server: Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Listens on 127.0.0.1 at a free port. A server named `localhost` also listens on [::1] at the same
 * port when the machine has IPv6 loopback, since clients may resolve localhost to either.
 */
export async function listenLoopback(host: string): Promise<LoopbackListener> {
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const dispatch: RequestListener = (req, res) => handler(req, res);
  const servers = [createServer(dispatch)];
  await listen(servers[0]!, 0, '127.0.0.1');
  const port = (servers[0]!.address() as AddressInfo).port;
  if (host === 'localhost') {
    const v6 = createServer(dispatch);
    try {
      await listen(v6, port, '::1');
      servers.push(v6);
    } catch {
      // No IPv6 loopback here (or the port is taken there): localhost resolves to 127.0.0.1 alone.
    }
  }
  for (const server of servers) {
    server.keepAliveTimeout = 1000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
  }
  return {
    port,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    attach(next) {
      handler = next;
    },
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
