// A test client that reports where it runs instead of authorizing:
//   node netns-probe.js [--outside] <mcp-server-url>
// It prints its network interfaces, whether it can bind opencode's fixed callback port 19876 (held for
// 1.5 s, so two parallel runs overlap), with --outside whether a non-loopback address answers (only ever
// inside a namespace, where nothing can leave); then it sends one
// request to the MCP server so the run has traffic.
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';

const FIXED_PORT = 19876;

function canReach(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1500 });
    socket.on('connect', () => { resolve('reachable'); socket.destroy(); });
    socket.on('timeout', () => { resolve('timeout'); socket.destroy(); });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

async function main(): Promise<void> {
  const url = process.argv[process.argv.length - 1]!;
  process.stdout.write(`interfaces: ${Object.keys(networkInterfaces()).sort().join(',')}\n`);
  const server = createServer();
  const bound = await new Promise<string>((resolve) => {
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    server.listen(FIXED_PORT, '127.0.0.1', () => resolve('bound'));
  });
  process.stdout.write(`port ${FIXED_PORT}: ${bound}\n`);
  if (process.argv.includes('--outside')) process.stdout.write(`outside: ${await canReach('192.0.2.1', 80)}\n`);
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  server.close();
}

void main();
