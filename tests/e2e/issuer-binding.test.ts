// SEP-2352 (2026-07-28): when the MCP server moves to another authorization server within one run, the client
// registers there and presents nothing of the old one. The reference client passes; a client whose credential store
// drops the SDK's issuer stamp sends the old refresh token to the new server and fails, the request named.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, checkOf, removeDir, runCli, scriptedClient } from '../helpers.js';

const SCENARIO = 'authorization-server-migration';
const SINGLE_SLOT_CLIENT = `node ${join(BUILD_ROOT, 'tests', 'clients', 'single-slot-client.js')}`;

describe('authorization server migration', () => {
  it('the reference client re-registers with the new authorization server and passes', async () => {
    const run = await runCli(['--scenario', SCENARIO]);
    try {
      const check = checkOf(run, SCENARIO, 'authorization-server-binding');
      assert.equal(check.status, 'pass', check.message);
      assert.match(check.message, /re-registered with http:\/\/127\.0\.0\.1:\d+, sent it nothing of http:\/\/127\.0\.0\.1:\d+/);
      assert.equal(run.code, 0, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that keeps one set of credentials for every server fails, naming the request to the new server', async () => {
    // The SDK it is built on negotiates 2025-11-25, where this 2026-07-28 scenario is only a preview: force the revision.
    const run = await runCli(['--client', SINGLE_SLOT_CLIENT, '--scenario', SCENARIO, '--timeout', '20000', '--spec-version', '2026-07-28']);
    try {
      const check = checkOf(run, SCENARIO, 'authorization-server-binding');
      assert.equal(check.status, 'fail', check.message);
      assert.match(
        check.message,
        /POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token to the authorization server as2 \(answered \d+\) carried the (refresh token|client_id) from http:\/\/127\.0\.0\.1:\d+/,
      );
      assert.equal(run.code, 1, run.stdout);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that never re-discovers after the 401 fails as not having reached the decision', async () => {
    const run = await runCli(['--client', scriptedClient(), '--scenario', SCENARIO]);
    try {
      const check = checkOf(run, SCENARIO, 'authorization-server-binding');
      assert.equal(check.status, 'fail', check.message);
      assert.match(
        check.message,
        /after POST http:\/\/localhost:\d+\/mcp to the MCP server \(answered 401\) \("the authorization server has changed"\).*never fetched the changed protected resource metadata/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });
});
