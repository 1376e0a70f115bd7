// capture <mcp-url>: a deployment on loopback is read, written as a topology file, and replayed. The round trip over
// the catalogue: every topology capture can see gives the same verdicts, for a correct client and one with the
// founding bug, on the replica as on the original. And what capture sends, and refuses, on bad deployments.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRunTls } from '../../harness/run-tls.js';
import { Recorder } from '../../mock-servers/recorder.js';
import { startTopology } from '../../mock-servers/topology.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import type { Scenario } from '../../scenarios/types.js';
import { parse } from 'yaml';
import { startThirdPartyDeployment } from '../deployments/sdk-oidc-provider.js';
import { BUILD_ROOT, removeDir, runCli, runCliRaw, scriptedClient } from '../helpers.js';

/** What capture cannot see without registering, authorizing or holding a token, so a replica cannot play it. */
function unseen(s: Scenario): string | undefined {
  const { resourceServers, authorizationServers } = s.topology;
  if (resourceServers.length > 1) return 'several MCP servers';
  if (s.context || s.userAgent) return 'credentials or a user agent of its own';
  if (resourceServers.some((r) => r.requiredScopes || r.prm?.migrateTo || r.rejectEveryToken)) return 'behaviour behind a token';
  if (
    authorizationServers.some(
      (a) =>
        a.registrationRefused ||
        a.registrationPolicy ||
        a.preRegisteredClients ||
        a.accessTokenUses ||
        a.accessTokenTtl ||
        a.tokenResponse ||
        a.encodingSensitiveCredentials ||
        a.dpop ||
        a.extensionGrants,
    )
  )
    return 'registration or token behaviour';
  if (authorizationServers.some((a) => a.authorizationResponseIss && a.authorizationResponseIss !== 'correct')) return 'the authorization response';
  if (authorizationServers.some((a) => a.otherWellKnown)) return "the authorization server's unserved URLs";
  return s.suite === 'extensions' ? 'an extension' : undefined;
}

describe('capture: the round trip over the catalogue', () => {
  const seen = SCENARIOS.filter((s) => !unseen(s));
  let dir: string;
  /** The captured scenario's id and file, by catalogue id. */
  const captured = new Map<string, { id: string; file: string }>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capture-'));
    const captureOne = async (scenario: Scenario) => {
      const recorder = new Recorder();
      const topology = await startTopology(scenario.topology, recorder);
      try {
        const file = join(dir, `${scenario.id}.yaml`);
        const run = await runCliRaw(['capture', topology.resolved.resourceServers[0]!.mcpUrl, '--out', file]);
        assert.equal(run.code, 0, `${scenario.id}: ${run.stdout}${run.stderr}`);
        const id = /\(scenario (\S+)\)/.exec(run.stdout)?.[1];
        assert.ok(id, run.stdout);
        captured.set(scenario.id, { id, file });
        // Only reads: GETs, and the one unauthenticated initialize; never a credential.
        const sent = recorder.trace().exchanges;
        assert.equal(sent.filter((ex) => ex.method === 'POST').length, 1, `${scenario.id}: ${sent.map((ex) => ex.method).join(' ')}`);
        assert.ok(
          sent.every((ex) => ['GET', 'POST'].includes(ex.method) && !ex.requestHeaders.authorization),
          `${scenario.id}: ${sent.map((ex) => ex.method).join(' ')}`,
        );
      } finally {
        await topology.close();
      }
    };
    for (let i = 0; i < seen.length; i += 4) await Promise.all(seen.slice(i, i + 4).map(captureOne));
  });
  after(async () => {
    await removeDir(dir);
  });

  it('sees most of the catalogue', () => {
    assert.ok(seen.length >= 25, `${seen.length}: ${seen.map((s) => s.id).join(' ')}`);
  });

  it('gives a correct client and one with the founding bug the same verdicts on each replica as on its original', { timeout: 600_000 }, async () => {
    const founding = scriptedClient('asm-from-mcp-url'); // metadata from the MCP server instead of the authorization server
    const replicas = [...captured.values()];
    const run = await runCli(
      [
        ...['--client', 'reference', '--client', founding, '--jobs', '4'],
        ...seen.flatMap((s) => ['-s', s.id]),
        ...replicas.flatMap((r) => ['-s', r.id, '--topology', r.file]),
      ],
      { timeoutMs: 600_000 },
    );
    try {
      for (const folder of ['reference', 'command-2']) {
        const results = JSON.parse(await readFile(join(run.outDir, folder, 'results.json'), 'utf8')) as {
          scenarios: { id: string; status: string; checks: { id: string; status: string }[] }[];
        };
        const byId = new Map(results.scenarios.map((s) => [s.id, s]));
        for (const scenario of seen) {
          const [a, b] = [byId.get(scenario.id), byId.get(captured.get(scenario.id)!.id)];
          assert.ok(a && b, `${folder} ${scenario.id}: ${run.stdout}${run.stderr}`);
          assert.equal(b.status, a.status, `${folder} ${scenario.id}: ${JSON.stringify(a.checks)} vs ${JSON.stringify(b.checks)}`);
          for (const check of a.checks) {
            const other: { status: string } | undefined = b.checks.find((c) => c.id === check.id);
            if (other) assert.equal(other.status, check.status, `${folder} ${scenario.id} ${check.id}`);
          }
        }
        assert.ok(
          results.scenarios.some((s) => s.status === (folder === 'reference' ? 'pass' : 'fail')),
          'each client passes or fails somewhere',
        );
      }
    } finally {
      await removeDir(run.outDir);
    }
  });
});

/** A one-route server on loopback standing for a deployment that is not what capture expects. */
async function deployment(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

describe('capture: a deployment that is not a protected MCP endpoint', () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.closeAllConnections();
    for (const s of servers) s.close();
  });
  const cases: [string, Parameters<typeof createServer>[1], RegExp][] = [
    [
      'not an MCP endpoint (an HTML 404)',
      (_req, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
      /not a protected MCP endpoint: an initialize was answered 404 \(text\/html\)/,
    ],
    ['a server error', (_req, res) => void res.writeHead(500).end('boom'), /answered 500/],
    [
      'no authorization needed',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":1,"result":{}}'),
      /needs no authorization/,
    ],
    ['a redirect loop', (req, res) => void res.writeHead(307, { location: req.url ?? '/' }).end(), /redirects more than 5 times/],
    [
      'a 10 MB answer',
      (_req, res) => void res.writeHead(401, { 'content-type': 'application/json' }).end('x'.repeat(10 * 1024 * 1024)),
      /more than 1048576 bytes/,
    ],
    ['no answer at all', () => undefined, /did not answer within 2000 ms/],
  ];
  for (const [name, handler, said] of cases) {
    it(`${name}: exit 2, one line, within the timeout`, { timeout: 30_000 }, async () => {
      const { url, server } = await deployment(handler);
      servers.push(server);
      const run = await runCliRaw(['capture', url, '--timeout', '2000', '--out', join(tmpdir(), `never-written-${process.pid}.yaml`)], { timeoutMs: 20_000 });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, said);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.ok(run.ms < 15_000, `${run.ms} ms`);
    });
  }

  it('a host that refuses the connection: exit 2 naming it', async () => {
    const { url, server } = await deployment(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    const run = await runCliRaw(['capture', url]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('a URL that is not one, or carries credentials', async () => {
    for (const [arg, said] of [
      ['mcp.example.com/mcp', /is not a URL/],
      ['ftp://127.0.0.1/mcp', /not an http\(s\) URL/],
      ['http://user:secret@127.0.0.1:1/mcp', /carries credentials; pass them with --header/],
    ] as const) {
      const run = await runCliRaw(['capture', arg]);
      assert.equal(run.code, 2, arg);
      assert.match(run.stderr, said);
      assert.doesNotMatch(run.stderr, /secret/);
    }
  });
});

describe('capture: HTTPS with a private CA', () => {
  it('refuses a certificate it cannot trust, and reads the deployment with --ca', { timeout: 60_000 }, async () => {
    const tls = await createRunTls();
    const scenario = SCENARIOS.find((s) => s.id === 'split-auth0')!;
    const topology = await startTopology(scenario.topology, new Recorder(), { tls: { key: tls.key, cert: tls.cert } });
    const dir = await mkdtemp(join(tmpdir(), 'capture-tls-'));
    try {
      const url = topology.resolved.resourceServers[0]!.mcpUrl;
      assert.match(url, /^https:/);
      const untrusted = await runCliRaw(['capture', url, '--out', join(dir, 'x.yaml')]);
      assert.equal(untrusted.code, 2);
      assert.match(untrusted.stderr, /cannot reach localhost:\d+: .*(CERT|SELF_SIGNED|ISSUER)/i);
      const trusted = await runCliRaw(['capture', url, '--ca', tls.caFile, '--out', join(dir, 'captured.yaml')]);
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.match(trusted.stdout, /authorization server https:\/\/127\.0\.0\.1:\d+\/ found/);
      const missing = await runCliRaw(['capture', url, '--ca', join(dir, 'no-such-ca.pem')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--ca .*no-such-ca\.pem: ENOENT/);
    } finally {
      await topology.close();
      await tls.remove();
      await removeDir(dir);
    }
  });
});

describe('capture: --header', () => {
  it('is sent with every request and never printed or written', async () => {
    const recorder = new Recorder();
    const scenario = SCENARIOS.find((s) => s.id === 'split-auth0')!;
    const topology = await startTopology(scenario.topology, recorder);
    const dir = await mkdtemp(join(tmpdir(), 'capture-header-'));
    try {
      const file = join(dir, 'captured.yaml');
      const run = await runCliRaw(['capture', topology.resolved.resourceServers[0]!.mcpUrl, '--header', 'X-Api-Key: sk-very-secret', '--out', file]);
      assert.equal(run.code, 0, run.stderr);
      const exchanges = recorder.trace().exchanges;
      assert.ok(exchanges.length > 5);
      assert.ok(exchanges.every((ex) => ex.requestHeaders['x-api-key'] === 'sk-very-secret'));
      assert.doesNotMatch(run.stdout + run.stderr + (await readFile(file, 'utf8')), /sk-very-secret/);
      const bad = await runCliRaw(['capture', topology.resolved.resourceServers[0]!.mcpUrl, '--header', 'no colon here']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not 'Name: value'/);
    } finally {
      await topology.close();
      await removeDir(dir);
    }
  });
});

describe('capture: a deployment of third-party parts (oidc-provider behind the official SDK)', () => {
  it('reads it with GETs and one POST, and its replay passes the reference client, as the example file', { timeout: 180_000 }, async () => {
    const deployment = await startThirdPartyDeployment();
    const dir = await mkdtemp(join(tmpdir(), 'capture-third-party-'));
    try {
      const file = join(dir, 'captured.yaml');
      const capture = await runCliRaw(['capture', deployment.mcpUrl, '--id', 'sdk-oidc-provider', '--out', file]);
      assert.equal(capture.code, 0, capture.stdout + capture.stderr);
      // The deployment's own log, not ours.
      assert.equal(deployment.log.filter((r) => r.method === 'POST').length, 1, JSON.stringify(deployment.log));
      assert.ok(
        deployment.log.every((r) => (r.method === 'GET' || r.url === '/mcp') && !r.authorization),
        JSON.stringify(deployment.log),
      );
      assert.match(capture.stdout, /2025-11-25, 2026-07-28: .*authorization server http:\/\/127\.0\.0\.1:\d+ found/);
      // The committed example is this capture (scripts/capture-example.ts): the same scenario, ports and dates aside.
      const example = parse(await readFile(join(BUILD_ROOT, '..', 'examples', 'captured-sdk-oidc-provider.yaml'), 'utf8')) as {
        scenarios: { description: string }[];
      };
      const fresh = parse(await readFile(file, 'utf8')) as { scenarios: { description: string }[] };
      const shape = (doc: typeof fresh) => JSON.stringify({ ...doc.scenarios[0], description: undefined }).replace(/127-0-0-1-\d+/g, 'host');
      assert.equal(shape(fresh), shape(example));
      const replay = await runCli(['--topology', file, '--client', 'reference'], { timeoutMs: 120_000 });
      try {
        assert.equal(replay.results?.scenarios[0]?.status, 'pass', replay.stdout + replay.stderr);
      } finally {
        await removeDir(replay.outDir);
      }
    } finally {
      await deployment.close();
      await removeDir(dir);
    }
  });
});
