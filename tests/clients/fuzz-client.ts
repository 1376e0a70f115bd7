// A hostile MCP client for the test suite: it finds the scenario's servers the way a client does, then
// throws malformed, oversized, slow, never-finished and concurrent traffic at every endpoint, and sends
// the harness's user agent into redirect loops. Loopback only, bounded in count and time.
//   node fuzz-client.js [--report DIR] <mcp-server-url>   (writes DIR/<scenario>.json)
// It never completes a flow, so the verdict must blame it; the report says what the servers answered.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { asMetadataProbeUrls, prmProbeUrls } from '../../scenarios/well-known.js';

const DEADLINE = Date.now() + 20_000;
const REQUEST_TIMEOUT_MS = 4_000;
/** Hundreds of requests at once on a loaded 2-core machine can take long; slow is not unanswered. */
const CONCURRENT_TIMEOUT_MS = 30_000;
const CONCURRENT = 300;
const OVERSIZED = 2 * 1024 * 1024;

const args = process.argv.slice(2);
const reportDir = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined;
const mcpUrl = args[args.length - 1] ?? '';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
function assertLoopback(url: string): void {
  if (!LOOPBACK.test(new URL(url).hostname)) throw new Error(`refusing to contact ${url}: not loopback`);
}

/** What the fuzz client writes to its report file (tests/e2e/hostile.test.ts reads it). */
export interface FuzzReport {
  requests: number;
  statuses: Record<string, number[]>;
  errors: Record<string, number>;
  loopHits: number;
  stillServing?: boolean;
  endpoints?: Record<string, string>;
}
const report: FuzzReport = { requests: 0, statuses: {}, errors: {}, loopHits: 0 };

function note(kind: string, status: number): void {
  (report.statuses[kind] ??= []).push(status);
}

async function send(kind: string, url: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<number> {
  assertLoopback(url);
  if (Date.now() > DEADLINE) return -1;
  report.requests += 1;
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer().catch(() => undefined);
    note(kind, response.status);
    return response.status;
  } catch (error) {
    const name = `${kind}: ${(error as Error).name}`;
    report.errors[name] = (report.errors[name] ?? 0) + 1;
    return 0;
  }
}

/** Writes raw bytes to a server and returns what it answered first (status line), or '' if nothing. */
function raw(kind: string, url: string, chunks: (Buffer | string)[], options: { delayMs?: number; keepOpen?: boolean } = {}): Promise<string> {
  assertLoopback(url);
  const target = new URL(url);
  report.requests += 1;
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port) });
    let answer = '';
    const done = () => {
      const status = Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      note(kind, status);
      if (!options.keepOpen) socket.destroy();
      resolve(answer.split('\r\n')[0] ?? '');
    };
    const timer = setTimeout(done, options.keepOpen ? 300 : REQUEST_TIMEOUT_MS);
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      clearTimeout(timer);
      done();
    });
    socket.on('error', () => undefined);
    const send = async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      }
    };
    socket.on('connect', () => void send());
  });
}

function requestHead(method: string, url: string, headers: string[]): string {
  const target = new URL(url);
  return `${method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
}

async function firstJson(urls: string[]): Promise<{ url: string; document: Record<string, unknown> } | undefined> {
  for (const url of urls) {
    assertLoopback(url);
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
    const document = response?.ok ? ((await response.json().catch(() => undefined)) as Record<string, unknown> | undefined) : undefined;
    if (document) return { url, document };
  }
  return undefined;
}

async function discover(): Promise<Record<string, string>> {
  const first = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const challenge = first.headers.get('www-authenticate') ?? '';
  const headerUrl = challenge.match(/resource_metadata="([^"]*)"/)?.[1];
  const prmUrls = headerUrl ? [headerUrl] : prmProbeUrls(mcpUrl);
  const prm = await firstJson(prmUrls);
  const issuer = String((prm?.document.authorization_servers as string[] | undefined)?.[0] ?? new URL(mcpUrl).origin);
  const asUrls = asMetadataProbeUrls(issuer);
  const found = await firstJson(asUrls);
  const metadata = found?.document ?? {};
  const origin = new URL(issuer).origin;
  return {
    mcp: mcpUrl,
    prm: prm?.url ?? prmUrls[0]!,
    metadata: found?.url ?? asUrls[0]!,
    registration: String(metadata.registration_endpoint ?? `${origin}/register`),
    authorization: String(metadata.authorization_endpoint ?? `${origin}/authorize`),
    token: String(metadata.token_endpoint ?? `${origin}/token`),
    unknown: `${origin}/no/such/path`,
  };
}

const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0x28, 0x22, 0x7d]);
const MALFORMED_BODIES = ['{"jsonrpc":', '{{{', 'null', '[]', '"x"', '{"redirect_uris":5,"grant_types":{}}', '['.repeat(50_000), '\u0000\u0001'];
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  '',
  'garbage/;;;',
];
const AUTHORIZATIONS = [
  'Bearer',
  'Bearer ',
  'Basic !!!not-base64',
  `Bearer ${'x'.repeat(8000)}`,
  'bearer\ttoken',
  'Bearer a b c',
  'DPoP abc',
  'Negotiate YII=',
  'Basic Og==',
  `Basic ${Buffer.from('\u00ff:\u00fe', 'latin1').toString('base64')}`,
];

async function malformed(endpoints: Record<string, string>): Promise<void> {
  const posts = [endpoints.mcp!, endpoints.registration!, endpoints.token!, endpoints.prm!, endpoints.unknown!];
  for (const url of posts) {
    for (const body of MALFORMED_BODIES) await send('malformed-json', url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const type of CONTENT_TYPES) await send('content-type', url, { method: 'POST', headers: type ? { 'content-type': type } : {}, body: '{"a":1}' });
    await send('invalid-utf8', url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: INVALID_UTF8 });
    await send('invalid-utf8', url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([Buffer.from('grant_type='), INVALID_UTF8]),
    });
    await send('oversized', url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(OVERSIZED, 0x61) });
    await send('large-accepted', url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"a":"${'b'.repeat(900 * 1024)}"}` });
  }
  for (const authorization of AUTHORIZATIONS) {
    await send('authorization', endpoints.mcp!, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{}' });
    await send('authorization', endpoints.token!, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=x',
    });
  }
  const token = endpoints.token!;
  for (const body of [
    'grant_type=authorization_code&code=nope&code=again',
    'grant_type=refresh_token&refresh_token=%FF%FE',
    'grant_type=%00',
    'code_verifier=' + 'a'.repeat(100_000),
  ]) {
    await send('token-garbage', token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
  const authorize = new URL(endpoints.authorization!);
  for (const query of [
    '%FF%FE=%C3%28',
    'response_type=token&redirect_uri=javascript:alert(1)',
    'client_id=' + 'z'.repeat(6000),
    'redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2F&response_type=code',
  ]) {
    await send('authorize-garbage', `${authorize.origin}${authorize.pathname}?${query}`);
  }
}

async function rawAbuse(endpoints: Record<string, string>): Promise<void> {
  for (const url of [endpoints.mcp!, endpoints.token!]) {
    await raw('garbage', url, ['GARBAGE\r\n\r\n']);
    await raw('invalid-utf8', url, [Buffer.concat([Buffer.from('GET /\xff\xfe', 'latin1'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')])]);
    await raw('huge-header', url, [requestHead('GET', url, [`X-Big: ${'b'.repeat(20_000)}`])]);
    await raw('authorization', url, [requestHead('POST', url, ['Authorization: Bearer one', 'Authorization: Bearer two', 'Content-Length: 2']), '{}']);
    await raw('authorization', url, [
      Buffer.concat([
        Buffer.from(
          requestHead('POST', url, ['Content-Length: 2']).replace('Content-Length', 'Authorization: Bearer \xf0\x9f\xa4\xa1\r\nContent-Length'),
          'latin1',
        ),
        Buffer.from('{}'),
      ]),
    ]);
    // A body that trickles in, and one that is announced but never finishes (left open until the client exits).
    await raw('slow-body', url, [requestHead('POST', url, ['Content-Type: application/json', 'Content-Length: 10']), ...'{"a":"12"}'.split('')], {
      delayMs: 100,
    });
    await raw('never-finished', url, [requestHead('POST', url, ['Content-Type: application/json', 'Content-Length: 5000000']), '{"a":'], { keepOpen: true });
    await raw('never-finished', url, [requestHead('POST', url, ['Content-Type: application/json', 'Transfer-Encoding: chunked']), '5\r\n{"a":\r\n'], {
      keepOpen: true,
    });
    await raw('never-finished', url, ['POST / HTTP/1.1\r\nHost: x\r\n'], { keepOpen: true });
  }
}

async function concurrent(endpoints: Record<string, string>): Promise<void> {
  const targets: [string, RequestInit][] = [
    [endpoints.prm!, {}],
    [endpoints.mcp!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"initialize"}' }],
    [endpoints.token!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' }],
    [endpoints.registration!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["http://127.0.0.1:1/cb"]}' }],
    [endpoints.metadata!, {}],
  ];
  await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) => send('concurrent', targets[i % targets.length]![0], targets[i % targets.length]![1], CONCURRENT_TIMEOUT_MS)),
  );
}

/** A redirect URI that redirects to itself forever: the user agent must give up, not loop. */
async function redirectLoops(endpoints: Record<string, string>): Promise<void> {
  const loop = createServer((req, res) => {
    report.loopHits += 1;
    res.writeHead(302, { location: `/loop?n=${report.loopHits}&from=${encodeURIComponent(req.url ?? '')}`.slice(0, 200) }).end();
  });
  await new Promise<void>((resolve) => loop.listen(0, '127.0.0.1', resolve));
  const loopUrl = `http://127.0.0.1:${(loop.address() as AddressInfo).port}/loop`;
  const registration = await fetch(endpoints.registration!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [loopUrl], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'] }),
  }).catch(() => undefined);
  const clientId = registration?.ok ? String(((await registration.json()) as { client_id?: string }).client_id) : 'fuzz-client';
  const authorization = new URL(endpoints.authorization!);
  authorization.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: loopUrl,
    code_challenge: createHash('sha256').update(randomBytes(32)).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'fuzz',
    resource: mcpUrl,
  }).toString();
  const browser = process.env.BROWSER || 'xdg-open';
  const open = (...urls: string[]) =>
    new Promise<void>((resolve) =>
      spawn(browser, urls, { stdio: 'ignore' })
        .on('exit', () => resolve())
        .on('error', () => resolve()),
    );
  await open(authorization.href);
  await open(loopUrl);
  await open(); // a launcher called without a URL
  await open('file:///etc/passwd');
  await open('javascript:alert(1)');
  // Both loops take the user agent a fraction of a second on an idle machine. On a loaded one the traffic above may
  // already have run past DEADLINE, and a loop server closed mid-loop reads as a refused redirect URI, not a loop:
  // so the loops get their own bound.
  const waitUntil = Date.now() + 10_000;
  while (report.loopHits < 19 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  loop.closeAllConnections();
  loop.close();
}

async function main(): Promise<void> {
  const endpoints = await discover();
  report.endpoints = endpoints;
  await malformed(endpoints);
  await rawAbuse(endpoints);
  await concurrent(endpoints);
  await redirectLoops(endpoints);
  // Every server still answers after all that.
  const prm = await fetch(endpoints.prm!, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
  const metadata = await fetch(endpoints.metadata!, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
  report.stillServing = prm?.status === 200 && metadata?.status === 200;
}

main()
  .catch((error: Error) => {
    report.errors[`fatal: ${error.message}`] = 1;
  })
  .finally(() => {
    if (reportDir) writeFileSync(join(reportDir, `${process.env.MCP_CONFORMANCE_SCENARIO_ID ?? 'unknown'}.json`), `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`fuzz client: ${report.requests} hostile requests sent\n`);
    // It never completes a flow; the verdict must say so whatever this exit code is.
    process.exit(1);
  });
