import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A server certificate and key: with them a listener serves HTTPS. */
export interface TlsIdentity {
  key: string;
  cert: string;
}

/** A TLS handshake a client broke off (for instance because it does not trust the certificate). */
export interface TlsFailure {
  at: number;
  origin: string;
  message: string;
}

/** A server bound to loopback only, whose request handler is attached once its origin is known. */
export interface LoopbackListener {
  port: number;
  origin: string;
  attach(handler: RequestListener): void;
  /** Handshakes clients broke off; only ever filled with TLS. */
  tlsFailures: TlsFailure[];
  close(): Promise<void>;
}

/** Ports this process's mock servers listen on now (any scenario's). */
const listening = new Set<number>();

/**
 * Whether one of this process's mock servers listens on `port` now: a port a client let go can be handed to the next
 * scenario's server, and what was meant for the client must not reach it.
 */
export function isMockServerPort(port: number): boolean {
  return listening.has(port);
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
export async function listenLoopback(host: string, tls?: TlsIdentity): Promise<LoopbackListener> {
  let handler: RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const dispatch: RequestListener = (req, res) => handler(req, res);
  const tlsFailures: TlsFailure[] = [];
  let origin = '';
  const make = (): Server => {
    if (!tls) return createServer(dispatch);
    const server = createHttpsServer({ key: tls.key, cert: tls.cert }, dispatch);
    server.on('tlsClientError', (error: Error) => tlsFailures.push({ at: Date.now(), origin, message: error.message }));
    return server;
  };
  const first = make();
  const servers = [first];
  await listen(first, 0, '127.0.0.1');
  const port = (first.address() as AddressInfo).port;
  origin = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (host === 'localhost') {
    const v6 = make();
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
  listening.add(port);
  return {
    port,
    origin,
    tlsFailures,
    attach(next) {
      handler = next;
    },
    close: async () => {
      listening.delete(port);
      await Promise.all(servers.map(closeServer));
    },
  };
}
