// Without a network namespace, scenarios of a client with a fixed callback port must not overlap: the
// runner's fallback queue serializes them. (tests/e2e/real-clients.test.ts drives the real clients and the
// namespace isolation itself.)
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commandClient } from '../../harness/clients/command.js';
import { scenarioRunner } from '../../harness/run/isolation.js';
import { runScenarios } from '../../harness/run/run-scenarios.js';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import { BUILD_ROOT } from '../helpers.js';

const PROBE = join(BUILD_ROOT, 'tests', 'clients', 'namespace-probe.js');

describe('fixed-port queue without a namespace', () => {
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
    assert.ok(
      outs.some((out) => out.includes(`port ${port}: EADDRINUSE`)),
      outs.join('\n'),
    );
  });
});
