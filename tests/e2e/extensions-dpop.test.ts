// The DPoP scenarios of the extensions suite (SEP-1932, RFC 9449), run through the CLI with real processes: the
// reference client and the DPoP test client pass both, a client without DPoP is skipped with the reason, and each
// check fails a test client with one fault, naming the request.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertBrokenRun, BUILD_ROOT, checkOf, removeDir, runCli, scriptedClient, type BrokenOutcome } from '../helpers.js';

const DPOP_CLIENT = join(BUILD_ROOT, 'tests', 'clients', 'dpop-client.js');
const dpopClient = (...faults: string[]) => [process.execPath, DPOP_CLIENT, ...faults.flatMap((f) => ['--fault', f])].map((w) => `'${w}'`).join(' ');

const SCENARIOS = ['dpop', 'dpop-nonce'];
const CHECKS = ['dpop-token-request-proof', 'dpop-auth-scheme', 'dpop-fresh-proof', 'dpop-as-nonce', 'dpop-rs-nonce'];
const ORIGIN = 'http:\\/\\/(127\\.0\\.0\\.1|localhost):\\d+';
const re = (source: string) => new RegExp(source.replaceAll('ORIGIN', ORIGIN));

describe('DPoP: correct clients pass, a client without DPoP is skipped', { concurrency: 3 }, () => {
  for (const [name, client] of [
    ['the reference client', []],
    ['the DPoP test client', ['--client', dpopClient()]],
  ] as const) {
    it(`${name} passes dpop and dpop-nonce, every check judged`, async () => {
      const run = await runCli([...client, ...SCENARIOS.flatMap((s) => ['--scenario', s])]);
      try {
        assert.equal(run.code, 0, run.stdout + run.stderr);
        for (const scenario of SCENARIOS) {
          const checks = scenario === 'dpop' ? CHECKS.slice(0, 3) : CHECKS;
          for (const id of checks) assert.equal(checkOf(run, scenario, id).status, 'pass', `${scenario} ${id}: ${checkOf(run, scenario, id).message}`);
        }
        assert.match(
          checkOf(run, 'dpop-nonce', 'dpop-rs-nonce').message,
          /^1 use_dpop_nonce answer\(s\) from the MCP server, each followed by a proof with its nonce$/,
        );
      } finally {
        await removeDir(run.outDir);
      }
    });
  }

  it('a client without DPoP completes with bearer tokens and both scenarios are skipped, saying why', async () => {
    const run = await runCli(['--client', scriptedClient(), ...SCENARIOS.flatMap((s) => ['--scenario', s])]);
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      for (const scenario of run.results!.scenarios) {
        assert.equal(scenario.status, 'skip', scenario.id);
        assert.match(
          scenario.reason ?? '',
          /the client sent no DPoP proof and no Authorization: DPoP: it does not implement DPoP \(SEP-1932, an optional extension\)/,
        );
        assert.ok(scenario.checks.every((c) => c.status === 'skip'));
      }
    } finally {
      await removeDir(run.outDir);
    }
  });
});

const BROKEN: (BrokenOutcome & { fault: string })[] = [
  {
    fault: 'no-token-proof',
    scenario: 'dpop',
    check: 'dpop-token-request-proof',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected a valid DPoP proof on POST ORIGIN\\/oauth\\/token \\(RFC 9449 §5: every token request, whatever its grant\\); the client sent POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 200\\) without a DPoP header$',
    ),
  },
  {
    fault: 'token-proof-wrong-htu',
    scenario: 'dpop',
    check: 'dpop-token-request-proof',
    status: 'fail',
    exit: 1,
    message: re(
      '; the proof of POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\) is invalid: htu is ORIGIN\\/mcp, not ORIGIN\\/oauth\\/token$',
    ),
  },
  {
    fault: 'bearer-scheme',
    scenario: 'dpop',
    check: 'dpop-auth-scheme',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected Authorization: DPoP <token> for the token issued with token_type DPoP by #\\d+ \\(RFC 9449 §7\\.1\\); the client sent POST ORIGIN\\/mcp to the MCP server \\(answered 401\\) with Authorization: Bearer …$',
    ),
  },
  {
    fault: 'reuse-proof',
    scenario: 'dpop',
    check: 'dpop-fresh-proof',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected a proof of its own on every request with Authorization: DPoP \\(RFC 9449 §4\\.2, §7\\); POST ORIGIN\\/mcp to the MCP server \\(answered 401\\) reused the jti of the proof of #\\d+$',
    ),
  },
  {
    fault: 'ignore-as-nonce',
    scenario: 'dpop-nonce',
    check: 'dpop-as-nonce',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the request to be sent again with a DPoP proof whose nonce is the DPoP-Nonce of POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\) \\(RFC 9449 §8\\); the client sent POST ORIGIN\\/oauth\\/token to the authorization server \\(answered 400\\) without a nonce$',
    ),
  },
  {
    fault: 'ignore-rs-nonce',
    scenario: 'dpop-nonce',
    check: 'dpop-rs-nonce',
    status: 'fail',
    exit: 1,
    message: re(
      '^expected the request to be sent again with a DPoP proof whose nonce is the DPoP-Nonce of POST ORIGIN\\/mcp to the MCP server \\(answered 401\\) \\(RFC 9449 §9\\); the client sent POST ORIGIN\\/mcp to the MCP server \\(answered 401\\) without a nonce$',
    ),
  },
];

describe('each DPoP check fails a client with one fault, naming the request', { concurrency: 3 }, () => {
  for (const { fault, ...expected } of BROKEN) {
    it(`${expected.check}: ${fault}`, () => assertBrokenRun(['--client', dpopClient(fault), '--scenario', expected.scenario], expected));
  }
});
