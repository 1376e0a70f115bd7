// A scenario's verdict is a pure function of what its run recorded (harness/run/verdict.ts): the same evidence gives
// the same verdict and is left as it was, and each way a run goes wrong gets its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import type { Scenario } from '../../scenarios/types.js';
import type { ClientOutcome } from '../../harness/run/client-process.js';
import { clientRun, scenarioVerdict, type RunEvidence, type VerdictOptions } from '../../harness/run/verdict.js';
import { ONE_RS_ONE_AS, type Step } from '../synthetic-trace.js';

const { AS, MCP, PRM, topology, trace } = ONE_RS_ONE_AS;
const scenario: Scenario = SCENARIOS.find((s) => s.id === 'split-auth0')!;
const options: VerdictOptions = { specVersion: '2025-11-25', timeoutMs: 1234 };

function evidence(steps: Step[], outcome: Partial<ClientOutcome> = {}, more: Partial<RunEvidence> = {}): RunEvidence {
  const ended: ClientOutcome = { exitCode: 1, signal: null, timedOut: false, durationMs: 10, stdout: '', stderr: 'cannot reach the server', ...outcome };
  return {
    scenario,
    topology,
    trace: trace(...steps),
    outcome: ended,
    client: clientRun({ command: 'client', args: [MCP], env: {}, cwd: '/' }, ended),
    drive: undefined,
    modelTurns: undefined,
    tlsFailures: [],
    consentDenied: false,
    timings: { setupMs: 1, clientMs: 2, judgeMs: 0, teardownMs: 0 },
    ...more,
  };
}

const unauthorized: Step = { method: 'POST', url: MCP, status: 401 };

describe('the verdict of a run', () => {
  it('is the same for the same evidence, which it leaves as it was', () => {
    const given = evidence([unauthorized, { method: 'GET', url: PRM, status: 200 }]);
    const before = JSON.stringify(given);
    assert.deepEqual(scenarioVerdict(given, options), scenarioVerdict(given, options));
    assert.equal(JSON.stringify(given), before);
  });

  it('is the command’s error when the client could not start, with no checks and no timings', () => {
    const verdict = scenarioVerdict(evidence([], { startError: 'spawn client ENOENT' }), options);
    assert.equal(verdict.status, 'error');
    assert.equal(verdict.reason, 'the client could not start (spawn client ENOENT); check the --client command');
    assert.deepEqual(verdict.checks, []);
    assert.equal(verdict.timings, undefined);
    assert.ok(verdict.account, 'a scenario that did not pass is accounted for');
  });

  it('says the client sent no request, quoting what it said', () => {
    const verdict = scenarioVerdict(evidence([]), options);
    assert.notEqual(verdict.status, 'pass');
    assert.match(verdict.reason ?? '', /the client exited \(code 1\) without sending any request; it said: .*cannot reach the server/);
  });

  it('says the client timed out, and a refused TLS handshake before that', () => {
    const timedOut = evidence([unauthorized], { timedOut: true, exitCode: null, signal: 'SIGKILL' });
    assert.match(scenarioVerdict(timedOut, options).reason ?? '', /the client did not exit within 1234 ms and its process group was killed/);
    const refused = { ...timedOut, tlsFailures: [{ at: 0, origin: AS, message: 'unknown ca' }] };
    const reason = scenarioVerdict(refused, options).reason ?? '';
    assert.match(reason, /unknown ca/);
    assert.doesNotMatch(reason, /did not exit within/);
  });

  it('says the browser denied consent before a timeout', () => {
    const denied = evidence([unauthorized], { timedOut: true }, { consentDenied: true });
    assert.match(scenarioVerdict(denied, options).reason ?? '', /the browser denied consent on the consent page \(--consent deny\)/);
  });
});
