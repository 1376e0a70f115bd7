import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAllPass, assertBrokenRun, checkOf, removeDir, runCli, scriptedClient } from '../helpers.js';

/** The discovery scenarios of the catalogue: provider shapes, then the security negatives. */
const SHAPES = [
  'prm-root-fallback',
  'prm-root-origin-resource',
  'several-authorization-servers',
  'google-oidc-root',
  'keycloak-realm',
  'entra-v2-tenant',
  'okta-org-vs-custom',
  'auth0-oidc-only',
  'well-known-html',
  'well-known-redirect',
  'colocated-authorization-server',
  'legacy-2025-03-26',
  'legacy-default-endpoints',
];
const NEGATIVES = ['metadata-issuer-mismatch', 'prm-resource-mismatch', 'pkce-methods-missing', 'authorization-url-not-http', 'token-isolation'];
const only = (ids: string[]) => ids.flatMap((id) => ['--scenario', id]);

describe('reference client on the discovery scenarios', () => {
  for (const spec of ['2025-06-18', '2025-11-25', '2026-07-28']) {
    it(`passes every one at ${spec}, and refuses each negative only after fetching its document`, async () => {
      const run = await runCli(['--spec-version', spec, '--jobs', '4', ...only([...SHAPES, ...NEGATIVES])]);
      try {
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.equal(run.results!.scenarios.length, SHAPES.length + NEGATIVES.length);
        // At 2025-06-18 the scenarios that need 2025-11-25 rules (no resource_metadata in the 401, OIDC-only
        // metadata, code_challenge_methods_supported) are previews of 2025-11-25, outside the verdict.
        for (const scenario of run.results!.scenarios)
          assert.equal(scenario.preview ?? false, spec === '2025-06-18' && scenario.specVersion === '2025-11-25', scenario.id);
        if (spec === '2025-06-18') assert.equal(run.results!.scenarios.find((s) => s.id === 'pkce-methods-missing')?.preview, true);
        for (const scenario of run.results!.scenarios.filter((s) => !s.preview)) {
          assert.equal(scenario.status, 'pass', `${scenario.id}: ${JSON.stringify(scenario.checks.filter((c) => c.status !== 'pass'))}`);
          if (SHAPES.includes(scenario.id)) assert.equal(scenario.checks.find((c) => c.id === 'authorized-request')?.status, 'pass', scenario.id);
        }
        const negative = (scenario: string, check: string) => checkOf(run, scenario, check);
        assert.match(negative('metadata-issuer-mismatch', 'asm-issuer-validated').message, /^fetched metadata with a foreign issuer/);
        assert.match(negative('prm-resource-mismatch', 'prm-resource-validated').message, /^fetched protected resource metadata naming another server/);
        assert.match(negative('authorization-url-not-http', 'authorization-url-scheme').message, /never asked the browser to open it$/);
        if (spec !== '2025-06-18') assert.equal(negative('pkce-methods-missing', 'pkce-support-verified').status, 'pass');
        else
          assert.equal(
            negative('pkce-methods-missing', 'pkce-support-verified').status,
            'fail',
            'a 2025-06-18 client need not refuse it, so the preview of 2025-11-25 fails',
          );
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});

/** Each deliberately broken client fails the named check, with a message that names the wrong request. */
const BROKEN: { faults: string[]; scenario: string; check: string; message: RegExp }[] = [
  {
    faults: ['trust-prm-resource'],
    scenario: 'prm-resource-mismatch',
    check: 'prm-resource-validated',
    message:
      /^expected no authorization or token request after GET http:\/\/localhost:\d+\/\.well-known\/oauth-protected-resource\/mcp to the MCP server \(answered 200\), whose resource "https:\/\/other-mcp\.example\.com\/mcp" is not http:\/\/localhost:\d+\/mcp .*; the client sent GET http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/,
  },
  {
    faults: ['trust-metadata-issuer'],
    scenario: 'metadata-issuer-mismatch',
    check: 'asm-issuer-validated',
    message:
      /whose issuer "http:\/\/127\.0\.0\.1:\d+\/another-tenant" is not "http:\/\/127\.0\.0\.1:\d+" \(RFC 8414 §3\.3: the metadata must not be used\); the client sent POST http:\/\/127\.0\.0\.1:\d+\/oauth\/register to the authorization server/,
  },
  {
    faults: ['strip-issuer-path', 'trust-metadata-issuer'],
    scenario: 'okta-org-vs-custom',
    check: 'asm-issuer-validated',
    message:
      /^expected no request to the endpoints of GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server to the authorization server \(answered 200\), whose issuer "http:\/\/127\.0\.0\.1:\d+" is not "http:\/\/127\.0\.0\.1:\d+\/oauth2\/default".*GET http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/authorize\?/,
  },
  {
    faults: ['ignore-pkce-support'],
    scenario: 'pkce-methods-missing',
    check: 'pkce-support-verified',
    message:
      /^expected no authorization request after GET http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/v2\.0\/\.well-known\/openid-configuration .*lacks code_challenge_methods_supported.*the client sent GET http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/oauth2\/v2\.0\/authorize\?.*Microsoft Entra ID/,
  },
  {
    faults: ['open-any-scheme'],
    scenario: 'authorization-url-not-http',
    check: 'authorization-url-scheme',
    message:
      /^expected the client to refuse authorization_endpoint javascript:alert\(document\.domain\)\/\/ .*; it asked the browser to open javascript:alert\(document\.domain\)\/\/\?response_type=code/,
  },
  {
    faults: ['token-to-other-server'],
    scenario: 'token-isolation',
    check: 'token-not-sent-elsewhere',
    message:
      /^expected the token from POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token to the authorization server as-a \(answered 200\) only on requests to http:\/\/localhost:\d+\/mcp; the client sent it with POST http:\/\/localhost:\d+\/b\/mcp to the MCP server mcp-b/,
  },
];

describe('deliberately broken clients on the discovery negatives', () => {
  for (const broken of BROKEN) {
    it(`--fault ${broken.faults.join(' --fault ')} fails ${broken.check} on ${broken.scenario}`, async () => {
      await assertBrokenRun(['--client', scriptedClient(...broken.faults), '--scenario', broken.scenario], { ...broken, status: 'fail', exit: 1 });
    });
  }

  it('the scripted client without faults refuses every negative and passes it', async () => {
    const run = await runCli(['--client', scriptedClient(), '--jobs', '4', ...only(NEGATIVES.filter((id) => id !== 'token-isolation'))]);
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client without the 2025-03-26 fallback is warned on legacy-default-endpoints (optional, SHOULD)', async () => {
    const run = await runCli(['--client', scriptedClient(), '--scenario', 'legacy-default-endpoints']);
    try {
      const check = checkOf(run, 'legacy-default-endpoints', 'legacy-discovery');
      assert.equal(check.status, 'warn', check.message);
      assert.match(
        check.message,
        /^expected GET http:\/\/localhost:\d+\/\.well-known\/oauth-authorization-server \(2025-03-26: metadata at the MCP server's origin, its path discarded\); the client fetched no authorization server metadata$/,
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that dies before fetching the document fails each negative check, saying it never got that far', async () => {
    const dies = `'${process.execPath}' -e 'process.exit(3)'`;
    const run = await runCli(['--client', dies, '--jobs', '4', ...only(NEGATIVES)]);
    try {
      assert.equal(run.code, 1, run.stdout);
      const cases: [string, string][] = [
        ['metadata-issuer-mismatch', 'asm-issuer-validated'],
        ['prm-resource-mismatch', 'prm-resource-validated'],
        ['pkce-methods-missing', 'pkce-support-verified'],
        ['authorization-url-not-http', 'authorization-url-scheme'],
        ['token-isolation', 'token-not-sent-elsewhere'],
      ];
      for (const [scenario, id] of cases) {
        const check = checkOf(run, scenario, id);
        assert.equal(check.status, 'fail', `${scenario}/${id}: ${check.message}`);
        assert.match(check.message, /the client never fetched .*so it never reached the decision this scenario tests/);
      }
    } finally {
      await removeDir(run.outDir);
    }
  });
});
