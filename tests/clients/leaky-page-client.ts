// A test client that tries to make the harness's browser leave loopback: it asks the browser (through
// $BROWSER, as CLIs do) to open a page of its own whose image, script, fetch and redirect point at
// `*.localhost` names. Chromium resolves those to 127.0.0.1 itself, so any request that escapes the
// browser's loopback-only rule reaches this very server with that Host header, and is counted.
//   node leaky-page-client.js <mcp-server-url>
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** After both URLs were opened, how long the browser gets to send whatever the page and the redirect lead to. */
const SETTLE_MS = 2000;
const GIVE_UP_MS = 25_000;
const escaped: string[] = [];
let pageLoads = 0;
let redirects = 0;

const server = createServer((req, res) => {
  const host = req.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) {
    escaped.push(`${req.method} http://${host}${req.url}`);
    res.writeHead(204).end();
    return;
  }
  if (req.url === '/page') {
    pageLoads += 1;
    const port = (server.address() as AddressInfo).port;
    const off = `http://leak.localhost:${port}`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>leaky</title>
<img src="${off}/image.png">
<script src="${off}/script.js"></script>
<script>fetch('${off}/fetch').catch(() => {});</script>`);
    return;
  }
  if (req.url === '/redirect') {
    redirects += 1;
    const port = (server.address() as AddressInfo).port;
    res.writeHead(302, { location: `http://leak.localhost:${port}/navigation` }).end();
    return;
  }
  res.writeHead(404).end();
});

server.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = process.env.BROWSER ?? 'xdg-open';
  // A page with off-loopback subresources, and a redirect off loopback.
  for (const path of ['/page', '/redirect']) {
    spawn(browser, [origin + path], { stdio: 'ignore' }).on('error', (error) => process.stderr.write(`cannot open the browser: ${error.message}\n`));
  }
  const started = Date.now();
  const poll = setInterval(() => {
    if ((pageLoads === 0 || redirects === 0) && Date.now() - started < GIVE_UP_MS) return;
    clearInterval(poll);
    setTimeout(() => {
      process.stdout.write(`${JSON.stringify({ pageLoads, redirects, escaped })}\n`);
      server.close();
      server.closeAllConnections();
    }, SETTLE_MS);
  }, 100);
});
