// Real processes: a client whose discovery follows redirects as fetch does by default is not failed for the login
// page a well-known URL redirects to, and a client that stops probing after the first 404 is told the URL it should
// have tried next.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Exchange } from '../../scenarios/types.js';
import { checkOf, removeDir, runCli, SCRIPTED_CLIENT, scriptedClient } from '../helpers.js';

const followingClient = [process.execPath, SCRIPTED_CLIENT, '--follow-redirects'].map((w) => `'${w}'`).join(' ');

describe('redirect hops with real processes', () => {
  it('a client following the 302 to the login page passes well-known-redirect; the trace and results mark the hops', async () => {
    const run = await runCli(['--client', followingClient, '--scenario', 'well-known-redirect', '--spec-version', '2025-11-25']);
    try {
      const scenario = run.results?.scenarios.find((s) => s.id === 'well-known-redirect');
      assert.ok(scenario, run.stdout + run.stderr);
      assert.equal(
        checkOf(run, 'well-known-redirect', 'asm-endpoints-from-metadata').status,
        'pass',
        checkOf(run, 'well-known-redirect', 'asm-endpoints-from-metadata').message,
      );
      const failedMusts = scenario.checks.filter((c) => c.level === 'MUST' && c.status === 'fail');
      assert.deepEqual(failedMusts, [], run.stdout);
      assert.equal(run.code, 0, run.stdout + run.stderr);

      const trace = JSON.parse(await readFile(join(run.outDir, 'well-known-redirect@2025-11-25', 'trace.json'), 'utf8')) as { exchanges: Exchange[] };
      const hops = trace.exchanges.filter((ex) => ex.from === 'client' && ex.redirectedFrom !== undefined);
      assert.ok(
        hops.length >= 2,
        `the PRM and the metadata probes were each followed to the login page: ${JSON.stringify(trace.exchanges.map((ex) => [ex.seq, ex.url, ex.status, ex.redirectedFrom]))}`,
      );
      for (const hop of hops) {
        const redirect = trace.exchanges.find((ex) => ex.seq === hop.redirectedFrom)!;
        assert.equal(redirect.status, 302);
        assert.match(redirect.url, /\/\.well-known\//);
        assert.equal(new URL(redirect.responseHeaders['location']!, redirect.url).href, hop.url);
        assert.match(hop.url, /\/login\?next=/);
      }
      const results = JSON.parse(await readFile(join(run.outDir, 'results.json'), 'utf8')) as {
        scenarios: { redirectHops?: { seq: number; redirectedFrom: number }[] }[];
      };
      assert.deepEqual(
        results.scenarios[0]!.redirectHops?.filter((h) => hops.some((ex) => ex.seq === h.seq)),
        hops.map((ex) => ({ seq: ex.seq, redirectedFrom: ex.redirectedFrom })),
      );
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('a client that stops after the RFC 8414 URL answered 404 fails asm-well-known-order, naming openid-configuration', async () => {
    const run = await runCli(['--client', scriptedClient('rfc8414-only'), '--scenario', 'google-oidc-root', '--spec-version', '2025-11-25']);
    try {
      const check = checkOf(run, 'google-oidc-root', 'asm-well-known-order');
      assert.equal(check.status, 'fail', check.message);
      assert.equal(check.level, 'MUST');
      assert.match(
        check.message,
        /^expected GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration after GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server answered 404; the client sent no further metadata request \(its last request was GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server to the authorization server \(answered 404\)\)$/,
      );
      assert.equal(run.code, 1);
    } finally {
      await removeDir(run.outDir);
    }
  });
});
