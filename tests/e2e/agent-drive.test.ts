// Agent mode with a command client: the model server runs beside the scenario's servers, the command finds it in
// MCP_CONFORMANCE_MODEL_URL, and a driver that fails the agent (never reaching the model, ignoring its tool call,
// speaking a format the server does not know) makes a harness error naming the cause, never a client failure.
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, removeDir, runCli } from '../helpers.js';

const FAKE_AGENT = join(BUILD_ROOT, 'tests', 'clients', 'fake-agent.js');
const agent = (mode: string) => `${process.execPath} ${FAKE_AGENT} --mode ${mode}`;

async function runAgent(mode: string) {
  const run = await runCli(['--client', agent(mode), '--drive', 'agent', '-s', 'split-auth0', '--jobs', '1']);
  await removeDir(run.outDir);
  const scenario = run.results?.scenarios[0];
  assert.ok(scenario, `no result: ${run.stderr}`);
  return { run, scenario };
}

describe('agent mode driver failures are harness errors', () => {
  const cases: [string, RegExp][] = [
    ['never-asks-model', /obtained an access token \(#\d+\) but never asked the model server/],
    ['ignores-tool-call', /the model asked for conformance_echo \(#\d+\) and the agent neither sent tools\/call .* nor came back/],
    ['wrong-format', /the scripted model server answered 404 to the agent's POST \/v1\/completions/],
  ];
  for (const [mode, reason] of cases) {
    it(mode, async () => {
      const { run, scenario } = await runAgent(mode);
      assert.equal(scenario.status, 'error', scenario.reason);
      assert.match(scenario.reason ?? '', reason);
      assert.ok(
        scenario.checks.every((c) => c.status === 'pass'),
        'the OAuth verdicts of the login stand beside the error',
      );
      assert.equal(run.code, 2, 'a harness error is exit code 2');
    });
  }

  it('an agent that comes back to the model after the tool call is judged on its OAuth behaviour alone', async () => {
    const { run, scenario } = await runAgent('comes-back');
    assert.equal(scenario.status, 'pass', scenario.reason);
    assert.equal(run.code, 0);
  });

  it('an agent silent between its login and its first model turn is not ended for quiet (settled scenarios)', async () => {
    const { run, scenario } = await runAgent('slow-start');
    assert.equal(scenario.status, 'pass', scenario.reason);
    assert.equal(run.code, 0);
  });
});

describe('--drive auto', () => {
  it('runs the model server only for scenarios whose verdict needs the session, and says which drive each ran', async () => {
    // An agent that never asks its model is a harness error wherever the model server runs (see above): under auto
    // split-auth0 (settled by the login) runs without it and passes, step-up (a 403 after the first token) runs with it.
    const junit = join(await mkdtemp(join(tmpdir(), 'mcp-oauth-conformance-junit-')), 'junit.xml');
    const run = await runCli(['--client', agent('never-asks-model'), '--drive', 'auto', '-s', 'split-auth0', '-s', 'step-up', '--jobs', '1', '--junit', junit]);
    const xml = await readFile(junit, 'utf8');
    await removeDir(run.outDir);
    await removeDir(dirname(junit));
    const byId = new Map(run.results?.scenarios.map((s) => [s.id, s]));
    const split = byId.get('split-auth0');
    const stepUp = byId.get('step-up');
    assert.ok(split && stepUp, run.stderr);
    assert.equal(run.results?.client.drive, 'auto');
    assert.deepEqual([split.drive, split.status], ['login', 'pass'], split.reason);
    assert.equal(stepUp.drive, 'agent');
    assert.equal(stepUp.status, 'error');
    assert.match(stepUp.reason ?? '', /never asked the model server for a turn/);
    assert.match(run.stdout, /split-auth0 +pass .*· login drive/);
    assert.match(run.stdout, /step-up +error .*· agent drive/);
    assert.match(xml, /<testsuite name="split-auth0@[^"]*"[^]*?<property name="drive" value="login"\/>/);
    assert.match(xml, /<testsuite name="step-up@[^"]*"[^]*?<property name="drive" value="agent"\/>/);
  });
});

describe('--drive', () => {
  const refusals: [string[], RegExp][] = [
    [['--drive', 'agent'], /the reference client is a library client with no model/],
    [['--client', 'mcp-remote@0.15.1', '--drive', 'agent'], /mcp-remote is driven one way only/],
    [['--client', 'node x.js', '--drive', 'login'], /a command client runs as given; only --drive agent/],
    [['--drive', 'chat'], /argument 'chat' is invalid/],
  ];
  for (const [args, message] of refusals) {
    it(`refuses ${args.join(' ')}`, async () => {
      const run = await runCli([...args, '-s', 'split-auth0']);
      await removeDir(run.outDir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    });
  }
});
