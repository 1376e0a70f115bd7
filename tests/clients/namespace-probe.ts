// A test client that reports the network it runs in instead of authorizing:
//   node namespace-probe.js [--outside] [--port N] <mcp-server-url>
// Prints its interfaces, whether it could bind a fixed port (default opencode's callback port; held for HOLD_MS so two
// parallel runs overlap), and with --outside (only ever inside a namespace, where nothing can leave) what
// connecting to a non-loopback address (TEST-NET-1) gave;
// then it sends one request to the MCP server so the scenario has traffic.
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

const portArg = process.argv.indexOf('--port');
const FIXED_PORT = portArg > 0 ? Number(process.argv[portArg + 1]) : 19876;
const HOLD_MS = 2000;

function connectOutside(): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '192.0.2.1', port: 80, timeout: 1000 });
    const done = (what: string) => {
      socket.destroy();
      resolve(what);
    };
    socket.on('connect', () => done('connected'));
    socket.on('timeout', () => done('timeout'));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

async function main(): Promise<void> {
  const url = process.argv[process.argv.length - 1]!;
  process.stdout.write(`interfaces: ${Object.keys(networkInterfaces()).sort().join(',')}\n`);
  const server = createServer();
  const bound = await new Promise<string>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen(FIXED_PORT, '127.0.0.1', () => resolve('bound'));
  });
  process.stdout.write(`port ${FIXED_PORT}: ${bound}\n`);
  // Never try to leave unless loopback is all there is: outside a namespace this would be real traffic.
  const onlyLoopback = Object.keys(networkInterfaces()).every((name) => name === 'lo');
  if (process.argv.includes('--outside'))
    process.stdout.write(`outside: ${onlyLoopback ? await connectOutside() : 'not tried (not in a loopback-only namespace)'}\n`);
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
  server.close();
}

void main();
