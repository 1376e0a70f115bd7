// The extensions suite's browserless grants, run for real: the reference client and an independent extension client
// pass every scenario, a client without the extensions is skipped with the reason, and each broken client fails the
// check its fault breaks, naming the request. Faults that touch different scenarios share one run to keep it fast.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertAllPass, BUILD_ROOT, checkOf, removeDir, runCli, scriptedClient } from '../helpers.js';

const SCENARIOS = ['client-credentials-basic', 'client-credentials-jwt', 'wif-jwt-bearer', 'wif-jwt-bearer-refused', 'enterprise-managed-authorization'];
const ALL = SCENARIOS.flatMap((s) => ['--scenario', s]);
const CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'extension-grant-client.js');
const extensionClient = (...faults: string[]) => [process.execPath, CLIENT, ...faults.flatMap((f) => ['--fault', f])].map((w) => `'${w}'`).join(' ');

const ORIGIN = 'http:\\/\\/127\\.0\\.0\\.1:\\d+';
const TOKEN = `POST ${ORIGIN}\\/oauth\\/token to the authorization server`;
const re = (source: string) => new RegExp(source.replaceAll('TOKEN', TOKEN).replaceAll('ORIGIN', ORIGIN));

describe('extensions suite: client credentials, workload identity federation, enterprise-managed authorization', () => {
  it('the reference client passes --suite extensions', async () => {
    const run = await runCli(['--suite', 'extensions']);
    try {
      assertAllPass(run);
      for (const id of SCENARIOS)
        assert.ok(
          run.results!.scenarios.some((s) => s.id === id),
          `${id} ran`,
        );
      assert.match(
        checkOf(run, 'wif-jwt-bearer-refused', 'wif-no-retry').message,
        re('^stopped after TOKEN \\(answered 400\\) was refused with unauthorized_client$'),
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('an independent client written to the official context fields passes every scenario', async () => {
    const run = await runCli(['--client', extensionClient(), ...ALL]);
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it("the SDK adapter drives the SDK's own ClientCredentialsProvider and PrivateKeyJwtProvider (the project's SDK, cached as sdk@9.9.9)", async () => {
    const cache = await mkdtemp(join(tmpdir(), 'extensions-sdk-'));
    const dir = join(cache, 'mcp-oauth-conformance', 'clients', '@modelcontextprotocol+sdk@9.9.9');
    await mkdir(join(dir, 'node_modules', '@modelcontextprotocol'), { recursive: true });
    await symlink(join(BUILD_ROOT, '..', 'node_modules', '@modelcontextprotocol', 'sdk'), join(dir, 'node_modules', '@modelcontextprotocol', 'sdk'));
    await writeFile(join(dir, '.installed'), 'the project SDK\n');
    const run = await runCli(['--client', 'sdk@9.9.9', '--scenario', 'client-credentials-basic', '--scenario', 'client-credentials-jwt'], {
      env: { XDG_CACHE_HOME: cache },
    });
    try {
      assertAllPass(run);
    } finally {
      await removeDir(run.outDir);
      await removeDir(cache);
    }
  });

  it('a client without the extensions (the authorization code flow) is skipped, saying what it sent instead, and ended once its callback cannot come', async () => {
    const run = await runCli(['--client', scriptedClient(), ...ALL]);
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      for (const s of run.results!.scenarios) {
        assert.equal(s.status, 'skip', `${s.id}: ${JSON.stringify(s.checks)}`);
        assert.match(
          s.reason ?? '',
          re(
            '^not reached: every check skipped \\(does not implement [a-z -]+: it sent GET ORIGIN\\/oauth\\/authorize to the authorization server \\(answered 400\\) instead\\)',
          ),
        );
        for (const c of s.checks) assert.equal(c.status, 'skip');
        // It waits for a callback the refused authorization request cannot bring: ended after the short quiet period.
        assert.match(
          s.client?.settled ?? '',
          /^the authorization server answered the authorization request 400 without a redirect, so no callback can come, then quiet/,
        );
      }
    } finally {
      await removeDir(run.outDir);
    }
  });

  const BROKEN: { faults: string[]; expect: { scenario: string; check: string; status: 'fail' | 'warn'; message: RegExp }[] }[] = [
    {
      faults: ['cc-secret-post', 'assertion-wrong-aud', 'wif-expired', 'wif-retry', 'ema-no-resource'],
      expect: [
        {
          scenario: 'client-credentials-basic',
          check: 'client-credentials-basic-auth',
          status: 'fail',
          message: re(
            '^expected an Authorization: Basic header with the client_id and client_secret of MCP_CONFORMANCE_CONTEXT; TOKEN \\(answered 401\\) had none$',
          ),
        },
        {
          scenario: 'client-credentials-jwt',
          check: 'client-credentials-jwt-assertion',
          status: 'fail',
          message: re(
            '^expected a valid RFC 7523 client assertion; TOKEN \\(answered 401\\) carried a client_assertion with aud="http:\\/\\/localhost:\\d+\\/mcp", which names neither the issuer ORIGIN nor the token endpoint$',
          ),
        },
        {
          scenario: 'wif-jwt-bearer',
          check: 'wif-assertion',
          status: 'fail',
          message: re('^expected an unexpired assertion; TOKEN \\(answered 400\\) carried one that expired \\d+ s before the request$'),
        },
        {
          scenario: 'wif-jwt-bearer-refused',
          check: 'wif-no-retry',
          status: 'warn',
          message: re(
            '^expected no further token request once TOKEN \\(answered 400\\) was refused with invalid_grant; the client then sent TOKEN \\(answered 400\\) with grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer$',
          ),
        },
        {
          scenario: 'enterprise-managed-authorization',
          check: 'ema-token-exchange',
          status: 'fail',
          message: re(
            "^expected an RFC 8693 exchange of the id_token for an ID-JAG \\(SEP-990 §4\\); POST ORIGIN\\/token to the enterprise identity provider \\(answered 400\\) carried resource=\\(none\\), not the MCP server's resource identifier http:\\/\\/localhost:\\d+\\/mcp$",
          ),
        },
      ],
    },
    {
      faults: ['cc-password-grant', 'assertion-replay', 'wif-wrong-audience', 'ema-id-token-as-assertion'],
      expect: [
        {
          scenario: 'client-credentials-basic',
          check: 'client-credentials-grant',
          status: 'fail',
          message: re('^expected grant_type=client_credentials \\(the only grant the metadata lists\\); TOKEN \\(answered 400\\) carried grant_type=password$'),
        },
        {
          scenario: 'client-credentials-jwt',
          check: 'client-credentials-jwt-assertion',
          status: 'fail',
          message: re(
            '^expected a valid RFC 7523 client assertion; TOKEN \\(answered 401\\) carried a client_assertion whose jti [0-9a-f-]+ request #\\d+ used already$',
          ),
        },
        {
          scenario: 'wif-jwt-bearer',
          check: 'wif-assertion',
          status: 'fail',
          message: re(
            '^expected an assertion whose aud names the authorization server ORIGIN; TOKEN \\(answered 400\\) carried aud="https:\\/\\/wrong-audience\\.invalid"$',
          ),
        },
        {
          scenario: 'enterprise-managed-authorization',
          check: 'ema-token-exchange',
          status: 'fail',
          message: re(
            '^expected a token exchange at the enterprise IdP \\(ORIGIN\\/token\\) before the jwt-bearer grant; the client sent TOKEN \\(answered 400\\) without one$',
          ),
        },
        {
          scenario: 'enterprise-managed-authorization',
          check: 'ema-jwt-bearer',
          status: 'fail',
          message: re('^expected the ID-JAG the enterprise IdP issued as the assertion; TOKEN \\(answered 400\\) carried an assertion that is not the ID-JAG$'),
        },
      ],
    },
    {
      faults: ['wif-client-credentials'],
      expect: [
        {
          scenario: 'wif-jwt-bearer',
          check: 'wif-jwt-bearer-grant',
          status: 'fail',
          message: re(
            '^expected grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer \\(the only grant the metadata lists\\); TOKEN \\(answered 400\\) carried grant_type=client_credentials$',
          ),
        },
      ],
    },
  ];

  for (const broken of BROKEN) {
    it(`a client with ${broken.faults.join(', ')} fails the check each fault breaks`, async () => {
      const scenarios = [...new Set(broken.expect.map((e) => e.scenario))];
      const run = await runCli(['--client', extensionClient(...broken.faults), ...scenarios.flatMap((s) => ['--scenario', s])]);
      try {
        assert.equal(run.code, 1, run.stdout + run.stderr);
        for (const e of broken.expect) {
          const check = checkOf(run, e.scenario, e.check);
          assert.equal(check.status, e.status, `${e.scenario} ${e.check}: ${check.message}`);
          assert.match(check.message, e.message);
        }
      } finally {
        await removeDir(run.outDir);
      }
    });
  }
});
