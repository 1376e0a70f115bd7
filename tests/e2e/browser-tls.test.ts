import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findChromium, INSTALL_HINT } from '../../harness/find-chromium.js';
import { Recorder } from '../../mock-servers/recorder.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { BrowserUserAgent } from '../../harness/user-agent/browser.js';
import { BUILD_ROOT, removeDir, runCli, type CliRun } from '../helpers.js';

// --user-agent browser (a real Chromium: Debian's /usr/bin/chromium in CI) and --tls, end to end through the CLI.

const CORE = ['split-auth0', 'path-suffixed', 'www-authenticate-only', 'okta-path-issuer'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UNTRUSTING_CLIENT = `'${process.execPath}' '${join(BUILD_ROOT, 'tests', 'clients', 'untrusting-client.js')}'`;

interface Exchange {
  from: string;
  role: string;
  method: string;
  url: string;
  status: number;
  requestHeaders: Record<string, string>;
}
interface ScenarioJson {
  id: string;
  specVersion: string;
  status: string;
  reason?: string;
  tlsErrors?: { origin: string; message: string }[];
  files?: { trace: string; screenshots?: string[] };
  checks: { id: string; status: string; message: string }[];
}

const chromium = await findChromium();
const noBrowser = chromium ? false : `no Chromium found, browser tests skipped: ${INSTALL_HINT}`;

let cache = '';
before(async () => {
  // The TLS CA is cached here, not in the user's cache folder; the first --tls run generates it.
  cache = await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-cache-'));
});
after(async () => {
  await removeDir(cache);
});

function scenarios(run: CliRun): ScenarioJson[] {
  assert.ok(run.results, `no results.json; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.results.scenarios;
}

async function traceOf(
  run: CliRun,
  scenario: ScenarioJson,
): Promise<{
  exchanges: Exchange[];
  userAgent: { detail: string }[];
  topology: { resourceServers: { origin: string }[]; authorizationServers: { origin: string }[] };
}> {
  return JSON.parse(await readFile(join(run.outDir, scenario.files!.trace), 'utf8')) as Awaited<ReturnType<typeof traceOf>>;
}

describe('--user-agent browser', { skip: noBrowser }, () => {
  it('drives the reference client through a real consent page, records the callback hop, and writes screenshots', async () => {
    const selected = [...CORE, ...(SCENARIOS.some((s) => s.id === 'forged-callback') ? ['forged-callback'] : [])];
    const run = await runCli(['--user-agent', 'browser', ...selected.flatMap((id) => ['--scenario', id])], {
      env: { MCP_OAUTH_CONFORMANCE_CACHE: cache },
      timeoutMs: 300_000,
    });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /browser: .*started in \d+ ms/);
      for (const scenario of scenarios(run)) {
        assert.equal(scenario.status, 'pass', `${scenario.id}: ${JSON.stringify(scenario.checks.filter((c) => c.status !== 'pass'))}`);
        const shots = scenario.files?.screenshots ?? [];
        for (const name of ['consent.png', 'callback.png']) {
          const file = shots.find((s) => s.endsWith(`/${name}`));
          assert.ok(file, `${scenario.id}: no ${name} among ${JSON.stringify(shots)}`);
          const png = await readFile(join(run.outDir, file));
          assert.ok(png.length > PNG_SIGNATURE.length && png.subarray(0, 8).equals(PNG_SIGNATURE), `${scenario.id}: ${name} is not a PNG`);
        }
        const trace = await traceOf(run, scenario);
        // The consent page (200) came first, then the approval redirected (302) to the client's redirect URI.
        const statuses = trace.exchanges.filter((e) => e.from === 'user-agent' && e.role === 'authorization-server').map((e) => e.status);
        assert.deepEqual(statuses.slice(0, 2), [200, 302], `${scenario.id}: user agent at the authorization server: ${statuses.join(', ')}`);
        const callbacks = trace.exchanges.filter((e) => e.role === 'client-callback');
        assert.ok(callbacks.length > 0, `${scenario.id}: no hop to the client's redirect URI in the trace`);
        for (const hop of callbacks) {
          assert.equal(hop.from, 'user-agent');
          assert.match(hop.requestHeaders['user-agent'] ?? '', /mcp-oauth-conformance-user-agent\/browser/);
        }
        const real = callbacks.filter((e) => !new URL(e.url).searchParams.get('code')?.startsWith('forged-'));
        assert.ok(
          real.some((e) => e.status === 200),
          `${scenario.id}: the real callback was not answered 200: ${JSON.stringify(real.map((e) => e.status))}`,
        );
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('denies on the consent page: the client gets access_denied, and the reason says the browser denied', async () => {
    const run = await runCli(['--user-agent', 'browser', '--consent', 'deny', '--scenario', 'split-auth0'], { env: { MCP_OAUTH_CONFORMANCE_CACHE: cache } });
    try {
      const [scenario] = scenarios(run);
      assert.ok(scenario);
      assert.notEqual(scenario.status, 'error', `the harness blamed itself: ${scenario.reason}`);
      assert.notEqual(run.code, 2, run.stdout + run.stderr);
      assert.match(scenario.reason ?? '', /denied consent on the consent page/);
      const trace = await traceOf(run, scenario);
      const callback = trace.exchanges.find((e) => e.role === 'client-callback');
      assert.ok(callback, 'the denial never reached the client');
      assert.equal(new URL(callback.url).searchParams.get('error'), 'access_denied');
      assert.ok(
        !trace.exchanges.some((e) => e.method === 'POST' && /\/token$/.test(new URL(e.url).pathname)),
        'the client exchanged a code although consent was denied',
      );
      const stderr = await readFile(join(run.outDir, `${scenario.id}@${scenario.specVersion}`, 'stderr.txt'), 'utf8');
      assert.match(stderr, /access_denied/);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('browser user agent stays on loopback', { skip: noBrowser }, () => {
  it('aborts a URL off loopback, and a redirect hop off loopback never leaves the machine', async () => {
    const hits: string[] = [];
    // .invalid never resolves: a DNS error would mean Chromium tried to reach the host itself.
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(302, { location: 'http://mcp-oauth-conformance.invalid/leak' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await BrowserUserAgent.launch();
    const navigator = browser.navigator(new Recorder(), new Set([origin]), SCENARIOS[0]!);
    try {
      assert.match(await navigator.visit('http://example.com/'), /ERR_BLOCKED_BY_CLIENT/);
      const redirected = await navigator.visit(`${origin}/start`);
      assert.match(redirected, /^could not load /);
      assert.doesNotMatch(redirected, /NAME_NOT_RESOLVED/, 'Chromium resolved the off-loopback host itself');
      assert.deepEqual(hits, ['/start']);
    } finally {
      await navigator.close();
      await browser.close();
      server.close();
    }
  });
});

describe('--tls', () => {
  it('serves every mock server over HTTPS from the run CA, which the reference client trusts through NODE_EXTRA_CA_CERTS', async () => {
    const run = await runCli(['--tls', ...CORE.flatMap((id) => ['--scenario', id])], { env: { MCP_OAUTH_CONFORMANCE_CACHE: cache } });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /TLS: CA .*ca\.pem/);
      for (const scenario of scenarios(run)) {
        assert.equal(scenario.status, 'pass', `${scenario.id}: ${JSON.stringify(scenario.checks.filter((c) => c.status !== 'pass'))}`);
        assert.equal(scenario.tlsErrors, undefined);
        const trace = await traceOf(run, scenario);
        for (const server of [...trace.topology.resourceServers, ...trace.topology.authorizationServers]) assert.match(server.origin, /^https:\/\//);
        assert.ok(trace.exchanges.filter((e) => e.role !== 'client-callback').every((e) => e.url.startsWith('https://')));
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('reports a client that does not trust the CA as a TLS failure, not as a client that sent nothing', async () => {
    const run = await runCli(['--tls', '--scenario', 'split-auth0', '--client', UNTRUSTING_CLIENT], { env: { MCP_OAUTH_CONFORMANCE_CACHE: cache } });
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const [scenario] = scenarios(run);
      assert.ok(scenario);
      assert.equal(scenario.status, 'fail');
      assert.match(
        scenario.reason ?? '',
        /^the client refused the TLS handshake 3 times \(https:\/\/localhost:\d+: .+\); make it trust the run's CA, e\.g\. NODE_EXTRA_CA_CERTS/,
      );
      assert.doesNotMatch(scenario.reason ?? '', /without sending any request/);
      assert.equal(scenario.tlsErrors?.length, 3);
      assert.match(run.stdout, /refused the TLS handshake/);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('with --user-agent browser: Chromium accepts the run certificate and the flow passes', { skip: noBrowser }, async () => {
    const run = await runCli(['--tls', '--user-agent', 'browser', '--scenario', 'split-auth0'], { env: { MCP_OAUTH_CONFORMANCE_CACHE: cache } });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const [scenario] = scenarios(run);
      assert.equal(scenario?.status, 'pass');
      assert.equal(scenario?.tlsErrors, undefined);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
