// Real clients, installed on demand by the harness itself (npm, into the client cache) and driven end to
// end, each scenario in its own loopback-only network namespace.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILD_ROOT, checkOf, CLI, removeDir, runCli, type CliRun } from '../helpers.js';
import { namespaceSupport } from '../../harness/run/isolation.js';
import { cachedPackage } from '../../harness/clients/install.js';
import type { Exchange, Trace } from '../../scenarios/types.js';

/** The founding-bug pair: opencode bundling SDK 1.15.1 (AS metadata path built from the MCP URL) and the release after its fix. */
const OPENCODE_BUGGY = '1.0.185';
const OPENCODE_FIXED = '1.1.11';
/** The state regression users reported against 1.1.25 (opencode issue 9510): its redirect URI refuses its own state. */
const OPENCODE_STATE_REGRESSION = '1.1.27';
const INSTALL_AND_RUN_MS = 5 * 60_000;
const netns = namespaceSupport();
const PROBE = join(BUILD_ROOT, 'tests', 'clients', 'namespace-probe.js');

/** Why the real clients cannot be installed here: not cached, and the npm registry does not answer. */
function registryUnavailable(): string | false {
  const opencode = `opencode-${process.platform}-${process.arch}`;
  if (cachedPackage(opencode, OPENCODE_BUGGY) && cachedPackage(opencode, OPENCODE_FIXED)) return false;
  const probe = spawnSync('npm', ['view', 'mcp-remote', 'version'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0
    ? false
    : `the npm registry is unreachable, so the real clients cannot be installed (${(probe.stderr || probe.error?.message || '').split('\n')[0]})`;
}
const installSkip = registryUnavailable();

/** What the client printed in one scenario (the --out folder's stdout.txt). */
/** The client's stdout of a scenario, in the folder of the revision it was judged at. */
async function clientStdout(run: CliRun, id: string): Promise<string> {
  const spec = run.results?.scenarios.find((s) => s.id === id)?.specVersion;
  return readFile(join(run.outDir, `${id}@${spec}`, 'stdout.txt'), 'utf8').catch(() => '');
}

describe('opencode, founding bug', { skip: installSkip, timeout: 2 * INSTALL_AND_RUN_MS }, () => {
  it(`opencode@${OPENCODE_BUGGY} fails split-auth0, naming the wrong metadata URL`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_BUGGY}`, '--drive', 'login', '--scenario', 'split-auth0'], { timeoutMs: INSTALL_AND_RUN_MS });
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const check = checkOf(run, 'split-auth0', 'asm-from-authorization-server');
      assert.equal(check.status, 'fail');
      const mcpOrigin = /the client sent GET (http:\/\/[^/]+)\/\.well-known\/oauth-authorization-server to the MCP server/.exec(check.message);
      assert.ok(mcpOrigin, check.message);
      assert.equal(checkOf(run, 'split-auth0', 'authorized-request').status, 'fail');
      // The cause first, then the client's own words (the founding report's "HTTP 401 trying to load well-known OAuth metadata").
      assert.match(run.stdout, /✘ split-auth0 .*\n {4}cause: ✘ MUST\s+asm-from-authorization-server: /);
      assert.match(run.stdout, /said \(stdout\): HTTP 401 trying to load well-known OAuth metadata/);
      // The upstream report of this bug (scenarios/known-bugs.ts), on the failed check's line and in results.json.
      assert.equal(check.known?.url, 'https://github.com/anomalyco/opencode/issues/7228');
      assert.match(run.stdout, /asm-from-authorization-server: .*\(known: https:\/\/github\.com\/anomalyco\/opencode\/issues\/7228, fixed in 1\.1\.11\)/);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it(`opencode@${OPENCODE_STATE_REGRESSION}: its redirect URI refusing its own state is the cause, quoted, not the registration before it`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_STATE_REGRESSION}`, '--drive', 'login', '--scenario', 'split-auth0'], {
      timeoutMs: INSTALL_AND_RUN_MS,
    });
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(
        run.stdout,
        /✘ split-auth0 .*\n {4}cause: the client's redirect URI refused the authorization response: .*with 400 ".*Invalid or expired state parameter - potential CSRF attack/,
      );
      const scenario = run.results?.scenarios.find((s) => s.id === 'split-auth0') as { account?: { cause?: { kind: string } } } | undefined;
      assert.equal(scenario?.account?.cause?.kind, 'refusal');
      assert.deepEqual((checkOf(run, 'split-auth0', 'authorized-request') as { violations?: number[] }).violations, []);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it(`opencode@${OPENCODE_FIXED} passes split-auth0 with an authorized MCP request`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_FIXED}`, '--drive', 'login', '--scenario', 'split-auth0'], { timeoutMs: INSTALL_AND_RUN_MS });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(checkOf(run, 'split-auth0', 'asm-from-authorization-server').status, 'pass');
      assert.equal(checkOf(run, 'split-auth0', 'authorized-request').status, 'pass');
      assert.match(run.stdout, /client opencode@1\.1\.11/);
      assert.doesNotMatch(run.stdout, /known:/);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

/** The recorded exchanges of a scenario (the --out folder's trace.json). */
async function exchanges(run: CliRun, id: string): Promise<Exchange[]> {
  const spec = run.results?.scenarios.find((s) => s.id === id)?.specVersion;
  return (JSON.parse(await readFile(join(run.outDir, `${id}@${spec}`, 'trace.json'), 'utf8')) as Trace).exchanges;
}

/** Requests to an MCP server carrying a JSON-RPC tools/call. */
function toolCalls(trace: Exchange[]): Exchange[] {
  return trace.filter((ex) => ex.role === 'resource-server' && ex.from === 'client' && /"method"\s*:\s*"tools\/call"/.test(ex.requestBody));
}

describe('opencode, agent mode', { skip: installSkip, timeout: INSTALL_AND_RUN_MS }, () => {
  it(`opencode@${OPENCODE_FIXED} makes an authorized tool call for the scripted model, and is judged on step-up`, async () => {
    const run = await runCli(['--client', `opencode@${OPENCODE_FIXED}`, '--drive', 'agent', '--scenario', 'split-auth0', '--scenario', 'step-up'], {
      timeoutMs: INSTALL_AND_RUN_MS,
    });
    try {
      const split = run.results?.scenarios.find((s) => s.id === 'split-auth0');
      assert.equal(split?.status, 'pass', run.stdout + run.stderr);
      const trace = await exchanges(run, 'split-auth0');
      const model = trace.filter((ex) => ex.role === 'model');
      assert.ok(model.length >= 2 && model.every((ex) => ex.server === 'model' && ex.status === 200), 'the model turns are recorded as the model server');
      const call = toolCalls(trace).find((ex) => ex.status === 200);
      assert.ok(call, 'a tools/call answered 200');
      assert.match(call.requestHeaders.authorization ?? '', /^Bearer /);
      assert.ok(
        model.some((ex) => ex.seq > call.seq && ex.requestBody.includes('"role":"tool"')),
        'the tool result went back to the model',
      );

      // Step-up is judged on what opencode did with the 403, never skipped for a reason of the driver.
      assert.notEqual(run.results?.scenarios.find((s) => s.id === 'step-up')?.status, 'error', run.stdout);
      assert.ok(['pass', 'warn', 'fail'].includes(checkOf(run, 'step-up', 'step-up').status));
      assert.ok(
        toolCalls(await exchanges(run, 'step-up')).some((ex) => ex.status === 403),
        'the scripted tool call met the 403 insufficient_scope',
      );
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('mcp-remote', { skip: installSkip, timeout: INSTALL_AND_RUN_MS }, () => {
  it('completes the flow as a stdio proxy and is warned for its default scope', async () => {
    const run = await runCli(['--client', 'mcp-remote@0.15.1', '--scenario', 'split-auth0'], { timeoutMs: INSTALL_AND_RUN_MS });
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(checkOf(run, 'split-auth0', 'authorized-request').status, 'pass');
      const scope = checkOf(run, 'split-auth0', 'scope-selection');
      assert.equal(scope.status, 'warn');
      assert.match(scope.message, /scope="openid email profile"/);
      // It answered the host's tools/list and its echo tool call on stdout: the proxy really ran, then was shut down by closing stdin.
      const stdout = await clientStdout(run, 'split-auth0');
      assert.match(stdout, /"id":2/);
      assert.match(stdout, /"id":3,"result":\{"content":\[\{"type":"text","text":"conformance"\}\]\}/);
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('network namespace isolation', { skip: netns.available ? false : netns.reason }, () => {
  it('gives each scenario only loopback and its own port space', async () => {
    const run = await runCli([
      '--client',
      `node ${PROBE} --outside`,
      '--isolation',
      'namespace',
      '--jobs',
      '2',
      '--scenario',
      'split-auth0',
      '--scenario',
      'path-suffixed',
    ]);
    try {
      for (const id of ['split-auth0', 'path-suffixed']) {
        const out = await clientStdout(run, id);
        assert.match(out, /^interfaces: lo$/m, out);
        // Both runs held the same fixed port at the same time: each has its own namespace.
        assert.match(out, /^port 19876: bound$/m, out);
        assert.match(out, /^outside: (ENETUNREACH|EHOSTUNREACH|timeout)$/m, out);
      }
    } finally {
      await removeDir(run.outDir);
    }
  });
});

describe('namespace worker cleanup', { skip: netns.available ? false : netns.reason }, () => {
  it('SIGTERM ends the worker, its client and its folders', async () => {
    const marker = `adapters-cleanup-${process.pid}`;
    // The run's own TMPDIR: every folder of the worker (and of the client in it) is created below it.
    const tmp = mkdtempSync(join(tmpdir(), 'adapters-cleanup-'));
    const child = spawn(
      process.execPath,
      [CLI, '--client', `node -e "setTimeout(()=>{},60000)" ${marker}`, '--isolation', 'namespace', '--scenario', 'split-auth0', '--timeout', '60000'],
      { stdio: 'ignore', env: { ...process.env, TMPDIR: tmp } },
    );
    const running = () =>
      spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((pid) => pid && Number(pid) !== child.pid);
    try {
      for (let i = 0; i < 100 && running().length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(running().length >= 1, 'the client never started');
      assert.ok(readdirSync(tmp).some((name) => name.startsWith('mcp-oauth-conformance-worker-')));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('close', resolve));
      assert.deepEqual(running(), []);
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      child.kill('SIGKILL');
      await removeDir(tmp);
    }
  });

  it("starts the next scenario's worker ahead, and leaves none behind after the run or after SIGTERM", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'adapters-spares-'));
    // Processes whose environment names a folder below the run's TMPDIR: its workers and what they started.
    const inRun = () =>
      readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`TMPDIR=${tmp}/`);
          } catch {
            return false;
          }
        });
    const scenarios = ['-s', 'split-auth0', '-s', 'path-suffixed', '-s', 'dcr-none', '--jobs', '1', '--isolation', 'namespace'];
    try {
      const done = await runCli(['--client', 'reference', ...scenarios], { env: { TMPDIR: tmp } });
      assert.equal(done.code, 0, done.stdout + done.stderr);
      const waits = done.results!.scenarios.map((sc) => (sc as { timings?: { workerWaitMs?: number } }).timings?.workerWaitMs);
      // The first waited for its worker to load; the others found theirs loaded while the one before ran.
      assert.ok((waits[0] ?? 0) > 0, JSON.stringify(waits));
      assert.deepEqual(waits.slice(1), [0, 0]);
      assert.deepEqual(readdirSync(tmp), []);
      await removeDir(done.outDir);

      const marker = `spares-cleanup-${process.pid}`;
      const child = spawn(process.execPath, [CLI, '--client', `node -e "setTimeout(()=>{},60000)" ${marker}`, ...scenarios, '--timeout', '60000'], {
        stdio: 'ignore',
        env: { ...process.env, TMPDIR: tmp },
      });
      try {
        // The first scenario's client runs; the second scenario's worker waits beside it in a folder of its own.
        for (let i = 0; i < 100 && readdirSync(tmp).filter((name) => name.startsWith('mcp-oauth-conformance-worker-')).length < 2; i++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(readdirSync(tmp).filter((name) => name.startsWith('mcp-oauth-conformance-worker-')).length, 2);
        child.kill('SIGTERM');
        await new Promise((resolve) => child.on('close', resolve));
        // The namespaces' processes die with their first process, which the kernel kills a moment after `unshare`.
        for (let i = 0; i < 50 && inRun().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(inRun(), []);
        assert.deepEqual(readdirSync(tmp), []);
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      await removeDir(tmp);
    }
  });
});
