// Which revision a client is judged at: what it negotiated, previews of newer revisions, and the suite policy
// (interop and backcompat failures are warnings unless strict), down to the exit code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { judge, judgeScenario } from '../../scenarios/judge.js';
import { clientProtocolVersion, compareRevisions, revisionSpoken, scenarioRevision } from '../../scenarios/revision.js';
import type { Exchange, ResolvedTopology, Scenario, Trace } from '../../scenarios/types.js';
import { exitCodeOf, scenarioStatus, summarize } from '../../reports/results.js';

const RS = 'http://localhost:4000';
const MCP = `${RS}/mcp`;
const topology: ResolvedTopology = {
  resourceServers: [{ id: 'mcp', origin: RS, mcpUrl: MCP, prmUrls: [], authorizationServers: [] }],
  authorizationServers: [],
};

function post(body: unknown, headers: Record<string, string> = {}, status = 401): Exchange {
  return {
    seq: 1,
    at: 0,
    server: 'mcp',
    role: 'resource-server',
    from: 'client',
    method: 'POST',
    url: MCP,
    requestHeaders: { 'content-type': 'application/json', ...headers },
    requestBody: JSON.stringify(body),
    status,
    responseHeaders: {},
    responseBody: '',
  };
}

const traceOf = (...exchanges: Exchange[]): Trace => ({ exchanges: exchanges.map((ex, i) => ({ ...ex, seq: i + 1, at: i })) });
const initialize = (protocolVersion: string) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 't', version: '1' } },
});
const byId = (id: string): Scenario => {
  const found = SCENARIOS.find((s) => s.id === id);
  assert.ok(found, id);
  return found;
};

describe('revision negotiation', () => {
  for (const version of ['2025-06-18', '2025-11-25', '2026-07-28'] as const) {
    it(`a client whose initialize says ${version} is judged at ${version}`, () => {
      const trace = traceOf(post(initialize(version)));
      assert.equal(clientProtocolVersion(trace, topology), version);
      assert.equal(revisionSpoken(version).specVersion, version);
    });
  }

  it('a 2026-07-28 request without initialize names its revision in _meta or the MCP-Protocol-Version header', () => {
    const meta = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } } };
    assert.equal(clientProtocolVersion(traceOf(post(meta)), topology), '2026-07-28');
    const bare = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    assert.equal(clientProtocolVersion(traceOf(post(bare, { 'mcp-protocol-version': '2026-07-28' })), topology), '2026-07-28');
  });

  it('a 2026-07-28 client that opens with server/discover is judged at 2026-07-28, also when it then falls back to initialize', () => {
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' };
    const discover = (status: number) => post({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } }, headers, status);
    const call = post(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' }, _meta: meta } },
      { ...headers, 'mcp-method': 'tools/call', 'mcp-name': 'echo' },
      200,
    );
    assert.equal(clientProtocolVersion(traceOf(discover(401), discover(200), call), topology), '2026-07-28');
    // Only the header (a discover without _meta) still names the revision.
    assert.equal(clientProtocolVersion(traceOf(post({ jsonrpc: '2.0', id: 1, method: 'server/discover' }, headers)), topology), '2026-07-28');
    // Claude Code 2.1.332 in invalid-token-loop: discover refused for the token, then initialize at 2025-11-25. The
    // client implements 2026-07-28 (it offered it first), so that is its revision whatever the fallback.
    assert.equal(clientProtocolVersion(traceOf(discover(401), discover(401), post(initialize('2025-11-25'), {}, 401)), topology), '2026-07-28');
  });

  it('the newest revision offered counts; requests to other servers and undated values do not', () => {
    const elsewhere = { ...post(initialize('2026-07-28')), url: 'http://127.0.0.1:5000/mcp', server: 'as' };
    const trace = traceOf(
      elsewhere,
      post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-protocol-version': '2025-06-18' }),
      post(initialize('2025-11-25')),
    );
    assert.equal(clientProtocolVersion(trace, topology), '2025-11-25');
    assert.equal(clientProtocolVersion(traceOf(post(initialize('latest')), post(initialize('2025-06-18'))), topology), '2025-06-18');
    assert.equal(clientProtocolVersion(traceOf(post(initialize('latest'))), topology), 'latest');
  });

  it('a client that never initializes is judged at the newest revision, and the reason says so', () => {
    const trace = traceOf({ ...post(''), method: 'GET' });
    assert.equal(clientProtocolVersion(trace, topology), null);
    const judged = revisionSpoken(null);
    assert.equal(judged.specVersion, '2026-07-28');
    assert.match(judged.why, /never sent initialize/);
  });

  it('a revision older than any judged here is judged at the oldest; an unknown newer one at the newest before it', () => {
    assert.equal(revisionSpoken('2025-03-26').specVersion, '2025-06-18');
    assert.match(revisionSpoken('2025-03-26').why, /older than any revision/);
    assert.equal(revisionSpoken('2026-01-01').specVersion, '2025-11-25');
    assert.equal(revisionSpoken('2099-01-01').specVersion, '2026-07-28');
  });

  it('revisions order by date', () => {
    assert.ok(compareRevisions('2025-06-18', '2025-11-25') < 0);
    assert.ok(compareRevisions('2026-07-28', '2025-11-25') > 0);
    assert.equal(compareRevisions('2025-11-25', '2025-11-25'), 0);
  });
});

describe('previews', () => {
  it('a scenario of the client revision is judged there; one only of a newer revision is a preview at that revision', () => {
    assert.deepEqual(scenarioRevision(byId('split-auth0'), '2025-11-25'), { specVersion: '2025-11-25', preview: false });
    assert.deepEqual(scenarioRevision(byId('iss-wrong'), '2025-11-25'), { specVersion: '2026-07-28', preview: true });
    assert.deepEqual(scenarioRevision(byId('cimd'), '2025-06-18'), { specVersion: '2025-11-25', preview: true });
  });

  it('a scenario only of older revisions does not apply', () => {
    const old: Scenario = { ...byId('split-auth0'), specVersions: ['2025-06-18'] };
    assert.equal(scenarioRevision(old, '2026-07-28'), undefined);
    const judgement = judgeScenario({ trace: traceOf(post(initialize('2026-07-28'))), scenario: old, topology }, 'auto');
    assert.ok('skipReason' in judgement);
  });

  it('a failed preview never changes the exit code', () => {
    assert.equal(exitCodeOf([{ status: 'pass' }, { status: 'fail', preview: true }]), 0);
    assert.equal(exitCodeOf([{ status: 'fail' }, { status: 'pass', preview: true }]), 1);
    assert.equal(exitCodeOf([{ status: 'error', preview: true }]), 2);
    const counts = summarize([{ status: 'pass' }, { status: 'fail', preview: true }]);
    assert.equal(counts.total, 1);
    assert.equal(counts.fail, 0);
    assert.equal(counts.preview.fail, 1);
  });
});

describe('suites', () => {
  const nothing = traceOf(post(initialize('2025-11-25')));

  it('every scenario belongs to one suite, and each suite has scenarios', () => {
    for (const suite of ['core', 'providers', 'security', 'interop', 'backcompat'])
      assert.ok(
        SCENARIOS.some((s) => s.suite === suite),
        suite,
      );
  });

  for (const id of ['well-known-redirect', 'legacy-default-endpoints']) {
    it(`a failed MUST in ${id} is a warning with the reason, and a failure with --strict`, () => {
      const scenario = byId(id);
      const lenient = judge({ trace: nothing, scenario, topology: resolvedFor(scenario), specVersion: '2025-11-25' });
      const must = lenient.find((v) => v.id === 'authorized-request');
      assert.equal(must?.status, 'warn');
      assert.equal(must?.level, 'MUST');
      assert.match(must?.advisory ?? '', new RegExp(`^${scenario.suite} scenario`));
      assert.equal(exitCodeOf([{ status: scenarioStatus(lenient) }]), 0);
      const strict = judge({ trace: nothing, scenario, topology: resolvedFor(scenario), specVersion: '2025-11-25' }, { strict: true });
      assert.equal(strict.find((v) => v.id === 'authorized-request')?.status, 'fail');
      assert.equal(exitCodeOf([{ status: scenarioStatus(strict) }]), 1);
    });
  }

  it('a core scenario fails on a failed MUST, strict or not', () => {
    const scenario = byId('split-auth0');
    const verdicts = judge({ trace: nothing, scenario, topology: resolvedFor(scenario), specVersion: '2025-11-25' });
    assert.equal(verdicts.find((v) => v.id === 'authorized-request')?.status, 'fail');
    assert.equal(exitCodeOf([{ status: scenarioStatus(verdicts) }]), 1);
  });

  it('a check a scenario judges at most at SHOULD warns with the reason (completing the flow after a forged callback)', () => {
    const scenario = byId('forged-callback');
    const verdicts = judge({ trace: nothing, scenario, topology: resolvedFor(scenario), specVersion: '2025-11-25' });
    const flow = verdicts.find((v) => v.id === 'authorized-request');
    assert.equal(flow?.level, 'SHOULD');
    assert.equal(flow?.status, 'warn');
    assert.match(flow?.advisory ?? '', /forged callback/);
  });
});

describe('a driver that stops after the token', () => {
  const scenario = byId('split-auth0');
  const topologyOf = resolvedFor(scenario);
  const why = 'the login command never uses the token';
  const token: Exchange = {
    ...post({}),
    server: scenario.topology.authorizationServers[0]!.id,
    role: 'authorization-server',
    url: topologyOf.authorizationServers[0]!.endpoints.token,
    requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
    requestBody: 'grant_type=authorization_code&code=c',
    status: 200,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: JSON.stringify({ access_token: 'at', token_type: 'Bearer' }),
  };

  it('is not failed on authorized-request once a token was issued, saying why', () => {
    const verdicts = judge(
      { trace: traceOf(post(initialize('2025-11-25')), token), scenario, topology: topologyOf, specVersion: '2025-11-25' },
      { stopsAfterToken: why },
    );
    const flow = verdicts.find((v) => v.id === 'authorized-request');
    assert.equal(flow?.status, 'skip');
    assert.match(flow?.message ?? '', /the login command never uses the token; the client obtained a token \(#2\)/);
  });

  it('still fails authorized-request when no token was issued', () => {
    const verdicts = judge(
      { trace: traceOf(post(initialize('2025-11-25'))), scenario, topology: topologyOf, specVersion: '2025-11-25' },
      { stopsAfterToken: why },
    );
    assert.equal(verdicts.find((v) => v.id === 'authorized-request')?.status, 'fail');
  });
});

/** A resolved topology with the scenario's ids on made-up loopback origins, enough for checks to name URLs. */
function resolvedFor(scenario: Scenario): ResolvedTopology {
  return {
    resourceServers: scenario.topology.resourceServers.map((rs) => ({
      id: rs.id,
      origin: RS,
      mcpUrl: `${RS}${rs.mcpPath}`,
      prmUrls: [],
      authorizationServers: rs.prm?.authorizationServers ?? [],
    })),
    authorizationServers: scenario.topology.authorizationServers.map((as, i) => {
      const origin = as.colocatedWith ? RS : `http://127.0.0.1:${5000 + i}`;
      return {
        id: as.id,
        origin,
        issuer: `${origin}${as.issuerPath}`,
        endpoints: { authorization: `${origin}${as.endpoints.authorization}`, token: `${origin}${as.endpoints.token}` },
        metadataUrls: {},
      };
    }),
  };
}
