import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SCENARIOS } from '../../scenarios/catalogue/index.js';
import type { SpecVersion } from '../../scenarios/types.js';
import { assertAllPass, assertBrokenRun, isRunning, removeDir, runCli, scriptedClient } from '../helpers.js';

describe('reference client', () => {
  for (const spec of ['2025-06-18', '2025-11-25', '2026-07-28']) {
    it(`passes every scenario at ${spec}`, async () => {
      // The catalogue's scenarios of that revision (a newer one's would run as previews, which are no verdict): four
      // at once, and time for a loaded machine.
      const ofRevision = SCENARIOS.filter((s) => s.specVersions.includes(spec as SpecVersion)).flatMap((s) => ['-s', s.id]);
      const run = await runCli(['--spec-version', spec, '--jobs', '4', ...ofRevision], { timeoutMs: 400_000 });
      try {
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.ok(run.results);
        assert.ok(run.results.scenarios.length >= 4);
        // Scenarios of a newer revision than the one forced run as previews: the client speaks the older
        // revision there, so they show what it lacks and are not its verdict.
        for (const scenario of run.results.scenarios.filter((s) => !s.preview)) {
          assert.equal(scenario.status, 'pass', `${scenario.id}: ${JSON.stringify(scenario.checks.filter((c) => c.status !== 'pass'))}`);
          // Security negatives (the client must stop) have no authorized-request check; every other scenario must pass it.
          const authorized = scenario.checks.find((c) => c.id === 'authorized-request');
          if (authorized) assert.equal(authorized.status, 'pass', scenario.id);
        }
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});

describe('scripted client without faults', () => {
  it('passes the core scenarios (so each fault below is the only cause of its failure)', async () => {
    const core = ['split-auth0', 'path-suffixed', 'www-authenticate-only', 'okta-path-issuer'];
    const run = await runCli(['--client', scriptedClient(), ...core.flatMap((id) => ['--scenario', id])]);
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

/** Each deliberately broken client fails the named check, with a message that names what it sent. */
const BROKEN: { fault: string; scenario: string; check: string; status?: 'fail' | 'warn'; exit?: number; message: RegExp }[] = [
  {
    fault: 'asm-from-mcp-url',
    scenario: 'split-auth0',
    check: 'asm-from-authorization-server',
    message:
      /^expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server \(from authorization_servers\[0\] "http:\/\/127\.0\.0\.1:\d+\/"\); the client sent GET http:\/\/localhost:\d+\/example-server\/\.well-known\/oauth-authorization-server to the MCP server \(answered 401\)$/,
  },
  {
    fault: 'ignore-resource-metadata',
    scenario: 'www-authenticate-only',
    check: 'prm-uses-header-url',
    message:
      /expected GET http:\/\/localhost:\d+\/meta\/resource-metadata\.json .*the client sent GET http:\/\/localhost:\d+\/\.well-known\/oauth-protected-resource\/mcp to the MCP server/,
  },
  { fault: 'no-pkce', scenario: 'split-auth0', check: 'pkce-s256', message: /carried no code_challenge$/ },
  {
    fault: 'root-prm-first',
    scenario: 'path-suffixed',
    check: 'prm-well-known-order',
    message:
      /expected GET http:\/\/localhost:\d+\/\.well-known\/oauth-protected-resource\/v1\/tenants\/acme\/mcp; the client sent GET http:\/\/localhost:\d+\/\.well-known\/oauth-protected-resource to the MCP server \(answered 404\), out of order/,
  },
  {
    fault: 'strip-issuer-path',
    scenario: 'okta-path-issuer',
    check: 'asm-well-known-order',
    message:
      /expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server\/oauth2\/default; the client sent GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server to the authorization server \(answered 404\)/,
  },
  {
    fault: 'guess-endpoints',
    scenario: 'okta-path-issuer',
    check: 'asm-endpoints-from-metadata',
    message:
      /expected the registration_endpoint the metadata names \(http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/clients\); the client sent POST http:\/\/127\.0\.0\.1:\d+\/register/,
  },
  {
    fault: 'unregistered-client-id',
    scenario: 'path-suffixed',
    check: 'registration-dcr',
    status: 'warn',
    exit: 1,
    message: /expected POST http:\/\/127\.0\.0\.1:\d+\/connect\/register/,
  },
  {
    fault: 'wrong-auth-method',
    scenario: 'split-auth0',
    check: 'token-endpoint-auth-method',
    message:
      /^expected POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token with none \(assigned by the registration response at seq \d+\); the client sent POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token to the authorization server \(answered 401\) with an Authorization: Basic header \(client_secret_basic\)$/,
  },
  {
    fault: 'wrong-verifier',
    scenario: 'split-auth0',
    check: 'pkce-verifier',
    message: /carried a code_verifier whose S256 is not the code_challenge of GET http:\/\/127\.0\.0\.1:\d+\/authorize/,
  },
  {
    fault: 'no-resource',
    scenario: 'path-suffixed',
    check: 'resource-parameter',
    message: /^expected resource=http:\/\/localhost:\d+\/v1\/tenants\/acme\/mcp in the authorization request; GET .* carried no resource parameter$/,
  },
  { fault: 'no-state', scenario: 'split-auth0', check: 'state-present', status: 'warn', message: /carried none$/ },
  {
    fault: 'token-redirect-mismatch',
    scenario: 'split-auth0',
    check: 'redirect-uri',
    message:
      /in the token request, as in the authorization request; POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token .* carried redirect_uri=http:\/\/127\.0\.0\.1:\d+\/callback\/other/,
  },
  {
    fault: 'no-scope',
    scenario: 'www-authenticate-only',
    check: 'scope-selection',
    status: 'warn',
    message: /^expected scope="mcp:tools" \(the scope of the 401 challenge\); .* requested no scope$/,
  },
  { fault: 'token-in-query', scenario: 'split-auth0', check: 'bearer-header', message: /carried access_token in the query string/ },
  {
    fault: 'no-bearer-on-delete',
    scenario: 'split-auth0',
    check: 'bearer-header',
    message: /the client sent DELETE http:\/\/localhost:\d+\/example-server to the MCP server \(answered 401\) without an Authorization header/,
  },
  {
    fault: 'stop-after-token',
    scenario: 'split-auth0',
    check: 'authorized-request',
    message: /the client never made one: its last request was POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token/,
  },
];

describe('deliberately broken clients', () => {
  for (const broken of BROKEN) {
    it(`--fault ${broken.fault} fails ${broken.check} on ${broken.scenario}`, async () => {
      const status = broken.status ?? 'fail';
      // A failed MUST fails the run; a failed SHOULD only warns (unless the mistake also broke the flow).
      const exit = broken.exit ?? (status === 'fail' ? 1 : 0);
      await assertBrokenRun(['--client', scriptedClient(broken.fault), '--scenario', broken.scenario], { ...broken, status, exit });
    });
  }
});

describe('command line errors', () => {
  it('an unknown scenario is a usage error (exit 2) that says what to do', async () => {
    const run = await runCli(['--scenario', 'no-such-scenario']);
    await removeDir(run.outDir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown scenario 'no-such-scenario'; run 'mcp-oauth-conformance list'/);
  });

  it('a command that cannot start is a usage error (exit 2) before any scenario, not a failed client', async () => {
    const run = await runCli(['--client', '/nonexistent/client-binary --flag', '--scenario', 'split-auth0']);
    try {
      assert.equal(run.code, 2);
      assert.equal(run.results, undefined, 'no scenario ran');
      assert.match(run.stderr, /--client \/nonexistent\/client-binary: no such file; give the path of a program that runs/);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('shell operators in --client are refused with a hint', async () => {
    const run = await runCli(['--client', 'client | tee log']);
    await removeDir(run.outDir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /contains shell syntax .*put the pipeline in a script/);
  });

  it('a hanging client is killed at --timeout with its whole process tree, and judged by its traffic', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hang-'));
    const script = join(dir, 'hanging-client.sh');
    // The client and a grandchild both sleep; the pid file proves the grandchild is gone afterwards.
    await writeFile(script, `#!/bin/sh\nsleep 300 &\necho $! > ${dir}/grandchild.pid\nsleep 300\n`);
    await chmod(script, 0o755);
    const run = await runCli(['--client', script, '--scenario', 'split-auth0', '--timeout', '1000']);
    try {
      const scenario = run.results!.scenarios[0]!;
      assert.equal(scenario.status, 'fail');
      assert.match(scenario.reason ?? '', /did not exit within 1000 ms and its process group was killed/);
      assert.equal(run.code, 1);
      const pid = Number((await readFile(join(dir, 'grandchild.pid'), 'utf8')).trim());
      assert.equal(isRunning(pid), false, `grandchild ${pid} survived`);
    } finally {
      await removeDir(run.outDir);
      await removeDir(dir);
    }
  });
});
