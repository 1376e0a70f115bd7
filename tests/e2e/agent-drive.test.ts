// Agent mode's driver failures, with command clients beside the scripted model server: an agent that never gets
// the model's tool call made is reported as a harness error naming the cause, never as the client's failure.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, removeDir, runCli, SCRIPTED_CLIENT, type CliRun } from '../helpers.js';

const MODEL_ONLY_AGENT = join(BUILD_ROOT, 'tests', 'clients', 'model-only-agent.js');

function scenario(run: CliRun, id: string) {
  const found = run.results?.scenarios.find((s) => s.id === id);
  assert.ok(found, `no ${id} in results; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return found;
}

describe('agent mode: driver failures are harness errors', () => {
  it('a client that obtains a token but never asks the model for a turn', async () => {
    // The scripted client is a complete OAuth client with no model: in agent mode nothing of it is an agent.
    const run = await runCli(['--client', `${process.execPath} ${SCRIPTED_CLIENT}`, '--drive', 'agent', '--scenario', 'split-auth0']);
    try {
      const result = scenario(run, 'split-auth0');
      assert.equal(result.status, 'error', run.stdout);
      assert.match(
        result.reason ?? '',
        /^harness error in agent mode: the agent obtained an access token \(#\d+\) but never asked the model server for a turn/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('an agent the model asks for a tool call that neither calls it nor comes back', async () => {
    const run = await runCli(['--client', `${process.execPath} ${MODEL_ONLY_AGENT}`, '--drive', 'agent', '--scenario', 'split-auth0']);
    try {
      const result = scenario(run, 'split-auth0');
      assert.equal(result.status, 'error', run.stdout);
      assert.match(
        result.reason ?? '',
        /^harness error in agent mode: the model asked for conformance_echo \(#1\) and the agent neither sent tools\/call to an MCP server nor came back to the model/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });
});
