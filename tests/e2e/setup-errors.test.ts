// Set-up mistakes: each is exit 2 with one line saying what to do, before any scenario runs (no header line, no
// results), and none is judged as the client's failure.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILD_ROOT, removeDir, runCliRaw, type CliOutcome } from '../helpers.js';

/** The run refused before any scenario: exit 2, no scenario header, one error line matching `message`. */
function assertRefused(run: CliOutcome, message: RegExp): void {
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.doesNotMatch(run.stdout, /scenario\(s\)/, 'a scenario started');
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
  assert.equal(errors.length, 1, run.stderr);
  assert.match(errors[0]!, message);
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-errors-'));
});
after(() => removeDir(dir));

describe('output paths are created and probed before any scenario', () => {
  it('--out /proc/x exits 2 at once, naming the flag and what to do', async () => {
    const run = await runCliRaw(['-s', 'split-auth0', '--out', '/proc/x'], { timeoutMs: 30_000 });
    assertRefused(run, /--out \/proc\/x: \/proc is a kernel file system, not a place for results; choose a folder elsewhere/);
    assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
  });

  it('--report, --junit and --bug-report under /sys and /proc too', async () => {
    assertRefused(await runCliRaw(['-s', 'split-auth0', '--bug-report', '/proc/bugs']), /--bug-report \/proc\/bugs: \/proc is a kernel file system/);
    assertRefused(await runCliRaw(['-s', 'split-auth0', '--report', '/sys/x']), /--report \/sys\/x: \/sys is a kernel file system/);
    assertRefused(await runCliRaw(['-s', 'split-auth0', '--junit', '/proc/self/x.xml']), /--junit \/proc\/self\/x\.xml: .*choose a file elsewhere/);
  });

  it('merge, report and bisect probe their --out too', async () => {
    for (const args of [
      ['merge', dir, dir, '--out', '/proc/merged'],
      ['report', dir, '--out', '/sys/report'],
      ['bisect', '--client', 'sdk', '-s', 'split-auth0', '--out', '/proc/bisect'],
    ]) {
      const run = await runCliRaw(args);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /^error: --out \/(proc|sys)\/\w+: \/(proc|sys) is a kernel file system/, args.join(' '));
    }
  });

  it('a mkdir that never returns (/proc behind a symlink) is given up after a timeout, in under 10 s', async () => {
    const link = join(dir, 'proc-link');
    await symlink('/proc', link);
    const run = await runCliRaw(['-s', 'split-auth0', '--out', join(link, 'x')], { timeoutMs: 30_000 });
    assertRefused(run, /--out .*proc-link\/x did not finish in \d+ s .*choose a local folder/);
    assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
  });

  it('a file in the way, a folder given as a file, and a --baseline that --update-baseline cannot write', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    assertRefused(await runCliRaw(['-s', 'split-auth0', '--out', join(file, 'results')]), /--out .*a-file\/results: a file is in the way/);
    assertRefused(await runCliRaw(['-s', 'split-auth0', '--junit', dir]), /--junit .*: is a folder; give a file name/);
    assertRefused(
      await runCliRaw(['-s', 'split-auth0', '--baseline', join(file, 'baseline.yaml'), '--update-baseline']),
      /--baseline .*a-file\/baseline\.yaml: a file is in the way/,
    );
    // Probed, not changed: an existing JUnit file keeps its content until the run writes it.
    const junit = join(dir, 'kept.xml');
    await writeFile(junit, 'old');
    assertRefused(await runCliRaw(['-s', 'no-such-scenario', '--junit', junit]), /unknown scenario/);
    assert.equal(await readFile(junit, 'utf8'), 'old');
  });

  it('a folder that can be written is created before the run', async () => {
    const report = join(dir, 'made', 'report');
    // The scenario name is wrong, so nothing runs; the folders were probed first.
    const run = await runCliRaw(['--report', report, '-s', 'split-auth0', '--suite', 'security']);
    assertRefused(run, /scenario 'split-auth0' is in suite core, not in --suite security/);
    const made = await runCliRaw(['--report', report, '-s', 'split-auth0']);
    assert.equal(made.code, 0, made.stderr);
    assert.ok((await stat(join(report, 'index.html'))).isFile());
  });
});

describe('clients that cannot run are refused before any scenario', () => {
  it('--client opencode --client-path /nonexistent: exit 2, not a MUST failure of the client', async () => {
    const run = await runCliRaw(['--client', 'opencode', '--client-path', '/nonexistent', '-s', 'split-auth0']);
    assertRefused(run, /--client-path \/nonexistent: no such file; give the path of an installed opencode program/);
    assert.doesNotMatch(run.stdout + run.stderr, /MUST|protocol version/);
  });

  it('--client-path a file that is not executable, or a folder', async () => {
    const file = join(dir, 'not-executable');
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o644);
    assertRefused(await runCliRaw(['--client', 'opencode', '--client-path', file, '-s', 'split-auth0']), /not-executable: not executable/);
    assertRefused(await runCliRaw(['--client', 'codex', '--client-path', dir, '-s', 'split-auth0']), /: a folder, not a program/);
  });

  it('a relative --client-path is taken from where the harness was started, not from the folder the client runs in', async () => {
    const sdkFolder = join('node_modules', '@modelcontextprotocol', 'sdk');
    const run = await runCliRaw(['--client', 'sdk', '--client-path', sdkFolder, '-s', 'split-auth0'], { cwd: join(BUILD_ROOT, '..') });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 passed/);
  });

  it('--client opencod suggests opencode, once', async () => {
    const run = await runCliRaw(['--client', 'opencod', '-s', 'split-auth0']);
    assertRefused(run, /unknown client 'opencod' \(did you mean 'opencode'\?\)/);
    assert.equal((run.stdout + run.stderr).match(/opencod\b/g)?.length, 1, run.stdout + run.stderr);
  });

  it('a command that is not on PATH, or a path that does not exist', async () => {
    assertRefused(await runCliRaw(['--client', 'no-such-command-xyz --flag', '-s', 'split-auth0']), /command 'no-such-command-xyz' is not on PATH/);
    assertRefused(await runCliRaw(['--client', './no-such-client.sh', '-s', 'split-auth0']), /--client \.\/no-such-client\.sh: no such file/);
  });

  it('a real client version npm cannot install: its cause in one line, with the full log', { timeout: 120_000 }, async () => {
    // A loopback registry that knows one version of every package: npm's real ETARGET, nothing leaves the machine.
    const registry: Server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '/').slice(1));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          name,
          'dist-tags': { latest: '1.0.0' },
          versions: { '1.0.0': { name, version: '1.0.0', dist: { tarball: `http://127.0.0.1/${name}-1.0.0.tgz` } } },
        }),
      );
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    try {
      const cache = join(dir, 'install-cache');
      await mkdir(cache);
      const run = await runCliRaw(['--client', 'mcp-remote@9.9.9', '-s', 'split-auth0'], {
        env: {
          MCP_OAUTH_CONFORMANCE_CACHE: cache,
          npm_config_registry: `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`,
          npm_config_cache: join(cache, 'npm'),
          npm_config_fetch_retries: '0',
        },
      });
      assertRefused(
        run,
        /^error: npm could not install mcp-remote@9\.9\.9: No matching version found for mcp-remote@9\.9\.9 \(ETARGET\); 'npm view mcp-remote versions' lists the published ones; npm's full log: (\S+)$/,
      );
      const log = /npm's full log: (\S+)/.exec(run.stderr)![1]!;
      assert.match(await readFile(log, 'utf8'), /ETARGET/);
    } finally {
      registry.close();
    }
  });
});

describe('unknown names get a suggestion', () => {
  it('scenarios, suites and baseline checks', async () => {
    assertRefused(await runCliRaw(['-s', 'split-auth1']), /unknown scenario 'split-auth1' \(did you mean 'split-auth0'\?\)/);
    assertRefused(await runCliRaw(['--suite', 'securty']), /expected one of .* \(did you mean 'security'\?\)/);
    const baseline = join(dir, 'baseline.yaml');
    await writeFile(baseline, 'expected-failures:\n  - scenario: split-auth0\n    check: authorized-requests\n    reason: typo\n');
    assertRefused(
      await runCliRaw(['-s', 'split-auth0', '--baseline', baseline]),
      /unknown check 'authorized-requests' \(did you mean 'authorized-request'\?\)/,
    );
  });
});
