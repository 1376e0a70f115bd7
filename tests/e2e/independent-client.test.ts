// A client written from the specifications alone, by someone who never read the checks or the mock servers
// (tests/clients/independent-client.ts): the catalogue must not fail it, and each of its deliberate bugs must
// fail the check that names that bug. This is the guard against verdicts tuned to our own clients.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, checkOf, removeDir, runCli } from '../helpers.js';

const INDEPENDENT = join(BUILD_ROOT, 'tests', 'clients', 'independent-client.js');
const independent = (...bugs: string[]) => [process.execPath, INDEPENDENT, ...bugs.flatMap((b) => ['--bug', b])].map((w) => `'${w}'`).join(' ');

describe('independent client', () => {
  it('fails nothing in the whole catalogue (only SHOULD and backcompat findings warn)', async () => {
    const run = await runCli(['--client', independent(), '--jobs', '4'], { timeoutMs: 400_000 });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      for (const s of run.results!.scenarios) {
        assert.notEqual(s.status, 'fail', `${s.id}: ${JSON.stringify(s.checks.filter((c) => c.status === 'fail'))}`);
        assert.notEqual(s.status, 'error', `${s.id}: ${s.reason}`);
        for (const c of s.checks.filter((x) => x.status === 'warn')) {
          const advisory = (c as { advisory?: string }).advisory;
          assert.ok(c.level === 'SHOULD' || advisory, `${s.id}/${c.id}: a MUST warning needs an advisory reason`);
        }
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  const BUGS: { bug: string; scenario: string; check: string; message: RegExp }[] = [
    {
      bug: 'as-metadata-from-mcp-url',
      scenario: 'split-auth0',
      check: 'asm-from-authorization-server',
      message: /the client sent GET http:\/\/localhost:\d+\/\.well-known\/oauth-authorization-server\/example-server to the MCP server/,
    },
    { bug: 'no-pkce', scenario: 'split-auth0', check: 'pkce-s256', message: /code_challenge/ },
    { bug: 'no-resource', scenario: 'split-auth0', check: 'resource-parameter', message: /resource/ },
    { bug: 'ignore-resource-metadata', scenario: 'www-authenticate-only', check: 'prm-uses-header-url', message: /resource_metadata of the 401 challenge/ },
    { bug: 'no-issuer-check', scenario: 'metadata-issuer-mismatch', check: 'asm-issuer-validated', message: /issuer/ },
    {
      bug: 'stop-after-oauth-metadata-404',
      scenario: 'google-oidc-root',
      check: 'asm-well-known-order',
      message: /expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration after GET/,
    },
    { bug: 'wrong-auth-method', scenario: 'dcr-client-secret-basic', check: 'token-endpoint-auth-method', message: /client_secret_basic/ },
    { bug: 'no-iss-check', scenario: 'iss-wrong', check: 'iss-validated', message: /iss=/ },
  ];
  for (const { bug, scenario, check, message } of BUGS) {
    it(`--bug ${bug} fails ${check} on ${scenario}, naming the request`, async () => {
      // 2026-07-28 forced: iss-wrong belongs only to it, and every other bug is a MUST there too.
      const run = await runCli(['--client', independent(bug), '-s', scenario, '--spec-version', '2026-07-28']);
      try {
        assert.equal(run.code, 1, run.stdout + run.stderr);
        const verdict = checkOf(run, scenario, check);
        assert.equal(verdict.status, 'fail', JSON.stringify(verdict));
        assert.equal(verdict.level, 'MUST');
        assert.match(verdict.message, message);
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});
