// Real clients driven end to end through their built-in adapters: the harness installs each pinned version on
// demand (npm, into its client cache; the only time anything leaves the machine) and runs every scenario in
// its own loopback-only network namespace where the system allows one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { cachedPackage } from '../../harness/clients/install.js';
import { commandClient } from '../../harness/clients/command.js';
import { namespaceSupport, scenarioRunner } from '../../harness/isolation.js';
import { runScenarios } from '../../harness/runner.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { BUILD_ROOT, checkOf, removeDir, runCli, type CliRun } from '../helpers.js';

/** The founding-bug pair: opencode bundling SDK 1.15.1 (AS metadata path built from the MCP URL), and a release after the fix. */
const OPENCODE_BUGGY = '1.0.185';
const OPENCODE_FIXED = '1.1.11';
const MCP_REMOTE = '0.15.1';
const OPENCODE_PACKAGE = `opencode-${process.platform}-${process.arch}`;
/** An install (opencode's binary package is ~135 MB) plus the run. */
const INSTALL_AND_RUN_MS = 10 * 60_000;
const DISCOVERY_CHECKS = ['prm-uses-header-url', 'asm-from-authorization-server', 'asm-well-known-order', 'asm-endpoints-from-metadata'];
const PROBE = join(BUILD_ROOT, 'tests', 'clients', 'namespace-probe.js');

/** Why these tests cannot run here: a pinned client is neither cached nor installable (npm registry unreachable). */
async function unavailable(): Promise<string | undefined> {
  const cached = [cachedPackage(OPENCODE_PACKAGE, OPENCODE_BUGGY), cachedPackage(OPENCODE_PACKAGE, OPENCODE_FIXED), cachedPackage('mcp-remote', MCP_REMOTE)];
  if (cached.every(Boolean)) return undefined;
  try {
    await promisify(execFile)('npm', ['view', `mcp-remote@${MCP_REMOTE}`, 'version'], { timeout: 60_000 });
    return undefined;
  } catch (error) {
    return `the npm registry is unreachable, so the real clients cannot be installed (${(error as Error).message.split('\n')[0]})`;
  }
}

const skip = await unavailable();

function clientStdout(run: CliRun, scenario: string, spec = '2026-07-28'): Promise<string> {
  return readFile(join(run.outDir, `${scenario}@${spec}`, 'stdout.txt'), 'utf8').catch(() => '');
}

describe('opencode: the founding bug and its fix', { skip, timeout: 2 * INSTALL_AND_RUN_MS }, () => {
  it(`opencode@${OPENCODE_BUGGY} fails split-auth0, naming the URL it requested wrongly`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_BUGGY}`, '--scenario', 'split-auth0'], { timeoutMs: INSTALL_AND_RUN_MS });
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /client opencode@1\.0\.185/);
      const fromAs = checkOf(run, 'split-auth0', 'asm-from-authorization-server');
      assert.equal(fromAs.status, 'fail');
      // It asks the root of the MCP server's origin for the authorization server's metadata.
      assert.match(fromAs.message, /^expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server .*the client sent GET http:\/\/localhost:\d+\/\.well-known\/oauth-authorization-server to the MCP server/);
      const order = checkOf(run, 'split-auth0', 'asm-well-known-order');
      assert.equal(order.status, 'fail');
      // ... after putting the MCP URL's path on the authorization server's origin.
      assert.match(order.message, /the client sent GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server\/example-server to the authorization server/);
      assert.equal(checkOf(run, 'split-auth0', 'authorized-request').status, 'fail');
    } finally {
      await removeDir(run.outDir);
    }
  });

  it(`opencode@${OPENCODE_FIXED} passes split-auth0's discovery checks and makes an authorized MCP request`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_FIXED}`, '--scenario', 'split-auth0'], { timeoutMs: INSTALL_AND_RUN_MS });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      for (const check of [...DISCOVERY_CHECKS, 'authorized-request']) assert.equal(checkOf(run, 'split-auth0', check).status, 'pass', check);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('mcp-remote over the whole catalogue', { skip, timeout: 2 * INSTALL_AND_RUN_MS }, () => {
  it(`mcp-remote@${MCP_REMOTE} gets a verdict on every scenario and is warned for its default scope`, async () => {
    const run = await runCli(['--client', `mcp-remote@${MCP_REMOTE}`], { timeoutMs: 2 * INSTALL_AND_RUN_MS });
    try {
      assert.ok(run.code === 0 || run.code === 1, run.stdout + run.stderr);
      assert.ok(run.results!.scenarios.length >= 10);
      for (const s of run.results!.scenarios) assert.notEqual(s.status, 'error', `${s.id}: ${s.reason}`);
      assert.equal(checkOf(run, 'split-auth0', 'authorized-request').status, 'pass');
      // Its known deviation: "openid email profile" where neither the challenge nor the metadata defines a scope.
      const scope = checkOf(run, 'split-auth0', 'scope-selection');
      assert.equal(scope.level, 'SHOULD');
      assert.equal(scope.status, 'warn');
      assert.match(scope.message, /requested scope="openid email profile"/);
      // The proxy answered the host's initialize and tools/list on stdout: it really ran, then was ended.
      const stdout = await clientStdout(run, 'split-auth0');
      assert.match(stdout, /"id":1,"result":\{"protocolVersion"/);
      assert.match(stdout, /"id":2,"result":\{"tools"/);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('isolation', () => {
  const support = namespaceSupport();

  it('a namespace gives each scenario only loopback, no route out, and its own port space', { skip: support.available ? false : support.reason }, async () => {
    const run = await runCli(['--client', `node ${PROBE} --outside`, '--isolation', 'namespace', '--jobs', '2', '--scenario', 'split-auth0', '--scenario', 'path-suffixed']);
    try {
      for (const id of ['split-auth0', 'path-suffixed']) {
        const out = await clientStdout(run, id);
        assert.match(out, /^interfaces: lo$/m, out);
        // Both held the fixed port at once: each run has its own network namespace.
        assert.match(out, /^port 19876: bound$/m, out);
        assert.match(out, /^outside: (ENETUNREACH|EHOSTUNREACH|timeout)$/m, out);
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  /** A port no other test holds (not opencode's 19876, which other tests bind on the host). */
  function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
  }

  /** Two scenarios at once, outside any namespace, through the runner's fallback for a client with (or without) a fixed port. */
  async function twoAtOnce(port: number, serialize: boolean): Promise<string[]> {
    const probe = commandClient(`${process.execPath} ${PROBE} --port ${port}`);
    const fixedPorts = serialize ? [port] : [];
    const client = { ...probe, name: 'probe', plan: probe.plan.bind(probe), fixedPorts };
    const { runOne } = scenarioRunner(client, { mode: 'off' });
    const scenarios = ['split-auth0', 'path-suffixed'].map((id) => SCENARIOS.find((s) => s.id === id)!);
    const results = await runScenarios(scenarios, { client, specVersion: '2026-07-28', timeoutMs: 30_000, jobs: 2, runOne });
    return results.map((r) => r.client?.stdout ?? '');
  }

  it('without a namespace, scenarios of a client with a fixed port run one at a time', async () => {
    const port = await freePort();
    const outs = await twoAtOnce(port, true);
    for (const out of outs) assert.match(out, new RegExp(`^port ${port}: bound$`, 'm'), outs.join('\n'));
  });

  it('without that serialization the same two runs collide on the port', async () => {
    const port = await freePort();
    const outs = await twoAtOnce(port, false);
    assert.ok(outs.some((out) => out.includes(`port ${port}: EADDRINUSE`)), outs.join('\n'));
  });
});
