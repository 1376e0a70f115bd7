// run --versions and bisect end to end. Without the registry: a private client cache holding fake `sdk` versions (the
// project's own SDK, or one whose client cannot even load) and, for bisect, an `npm` on PATH that lists fake versions
// and refuses every install. With the registry (skipped, saying so, when it is unreachable): a real bisect of the SDK
// between 1.15.1 and 1.17.0 on split-auth0.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BUILD_ROOT, CLI, removeDir, runCli, SCRIPTED_CLIENT } from '../helpers.js';

const exec = promisify(execFile);
const REAL_SDK = join(BUILD_ROOT, '..', 'node_modules', '@modelcontextprotocol', 'sdk');
const SDK_FOLDER = '@modelcontextprotocol+sdk';

/** A cached `sdk@version`: the project's own SDK (good) or one whose client module throws on import (bad). */
async function fakeSdk(cache: string, version: string, kind: 'good' | 'broken'): Promise<void> {
  const dir = join(cache, 'clients', `${SDK_FOLDER}@${version}`);
  const pkg = join(dir, 'node_modules', '@modelcontextprotocol', 'sdk');
  await mkdir(join(pkg, '..'), { recursive: true });
  if (kind === 'good') await symlink(REAL_SDK, pkg);
  else {
    await mkdir(join(pkg, 'dist', 'esm', 'client'), { recursive: true });
    await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@modelcontextprotocol/sdk', version, type: 'module' }));
    await writeFile(join(pkg, 'dist', 'esm', 'client', 'index.js'), `throw new Error('fake sdk ${version}: this client cannot even load');\n`);
  }
  await writeFile(join(dir, '.installed'), 'fake\n');
}

/** The HTML report's overview: one set (matrix row) per results folder. */
async function reportRows(indexHtml: string): Promise<string[]> {
  const html = await readFile(indexHtml, 'utf8');
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json, 'no report data in index.html');
  return (JSON.parse(json) as { sets: { client: { name: string } }[] }).sets.map((s) => s.client.name);
}

/** The cache `dir` and, first on PATH, an `npm` whose `view` prints `viewOutput` (a shell word) and that installs nothing. */
async function withFakeNpm(dir: string, viewOutput: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  await writeFile(
    join(bin, 'npm'),
    `#!/bin/sh\nif [ "$1" = view ]; then echo ${viewOutput}; exit 0; fi\necho "npm error 404 (the test's fake npm installs nothing)" >&2\nexit 1\n`,
    { mode: 0o755 },
  );
  return { MCP_OAUTH_CONFORMANCE_CACHE: dir, PATH: `${bin}:${process.env.PATH}` };
}

function cli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FORCE_COLOR: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('run --versions', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'versions-'));
    await fakeSdk(dir, '9.0.0', 'good');
    await fakeSdk(dir, '9.0.1', 'good');
  });
  after(async () => {
    await removeDir(dir);
  });

  it('runs two cached versions into one report with a row per version, JUnit and results per version folder', { timeout: 240_000 }, async () => {
    const report = join(dir, 'report');
    const run = await runCli(
      ['--client', 'sdk', '--versions', '9.0.1,9.0.0', '-s', 'split-auth0', '--isolation', 'off', '--report', report, '--junit', 'junit.xml'],
      {
        env: { MCP_OAUTH_CONFORMANCE_CACHE: dir },
        timeoutMs: 240_000,
      },
    );
    try {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /2 version\(s\): sdk@9\.0\.0, sdk@9\.0\.1/);
      for (const version of ['9.0.0', '9.0.1']) {
        const folder = join(run.outDir, `sdk@${version}`);
        const results = JSON.parse(await readFile(join(folder, 'results.json'), 'utf8')) as {
          client: { name: string };
          scenarios: { id: string; status: string }[];
        };
        assert.equal(results.client.name, `sdk@${version}`);
        assert.deepEqual(
          results.scenarios.map((s) => `${s.id} ${s.status}`),
          ['split-auth0 pass'],
        );
        assert.match(await readFile(join(folder, 'junit.xml'), 'utf8'), /<testsuite name="split-auth0@/);
      }
      assert.deepEqual(await reportRows(join(report, 'index.html')), ['sdk@9.0.0', 'sdk@9.0.1']);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('runs a command client per {version}, and the exit code is the worst', { timeout: 120_000 }, async () => {
    const command = `'${process.execPath}' '${SCRIPTED_CLIENT}' --fault {version}`;
    const report = join(dir, 'report-command');
    const run = await runCli(['--client', command, '--versions', 'asm-from-mcp-url,no-scope', '-s', 'split-auth0', '--report', report]);
    try {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /version-asm-from-mcp-url: exit 1 \(a MUST failed\)/);
      assert.match(run.stdout, /version-no-scope: exit 0 \(every MUST passed\)/);
      assert.equal((await reportRows(join(report, 'index.html'))).length, 2);
    } finally {
      await removeDir(run.outDir);
    }
  });

  it('refuses a command client without {version}, and a range for it', async () => {
    const run = await runCli(['--client', 'node x.js', '--versions', '1,2']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /needs \{version\} in the command/);
    await removeDir(run.outDir);
    const reference = await runCli(['--client', 'reference', '--versions', '1,2']);
    assert.equal(reference.code, 2);
    assert.match(reference.stderr, /--versions needs a real client/);
    await removeDir(reference.outDir);
  });
});

describe('run with several clients', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clients-'));
    await fakeSdk(dir, '9.0.0', 'good');
    // For --client all: an npm that names 9.9.9 the newest version of every package and installs nothing.
    env = await withFakeNpm(dir, '9.9.9');
  });
  after(async () => {
    await removeDir(dir);
  });

  it('runs each --client into its own results folder, one report row each, and exits with the worst', { timeout: 240_000 }, async () => {
    const out = join(dir, 'out');
    const report = join(dir, 'report');
    const broken = `'${process.execPath}' '${SCRIPTED_CLIENT}' --fault no-resource`;
    const run = await cli(['--client', 'sdk@9.0.0', '--client', broken, '-s', 'split-auth0', '--isolation', 'off', '--out', out, '--report', report], env);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /2 client\(s\): sdk@9\.0\.0, command-2/);
    assert.match(run.stdout, /sdk@9\.0\.0: exit 0 \(every MUST passed\)/);
    assert.match(run.stdout, /command-2: exit 1 \(a MUST failed\)/);
    const verdicts: Record<string, string> = {};
    for (const folder of ['sdk@9.0.0', 'command-2']) {
      const results = JSON.parse(await readFile(join(out, folder, 'results.json'), 'utf8')) as { scenarios: { checks: { id: string; status: string }[] }[] };
      verdicts[folder] = results.scenarios[0]!.checks.find((c) => c.id === 'resource-parameter')!.status;
    }
    assert.deepEqual(verdicts, { 'sdk@9.0.0': 'pass', 'command-2': 'fail' });
    assert.deepEqual(await reportRows(join(report, 'index.html')), ['sdk@9.0.0', broken]);
  });

  it('runs every built-in real client at its newest version with --client all; one that cannot be installed counts as 2', { timeout: 120_000 }, async () => {
    const run = await cli(['--client', 'all', '-s', 'split-auth0', '--out', join(dir, 'all')], env);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    for (const name of ['opencode', 'claude-code', 'codex', 'gemini', 'mcp-remote', 'sdk']) {
      assert.match(run.stdout, new RegExp(`${name}@9\\.9\\.9: exit 2 \\(could not be installed or started\\)`));
    }
  });

  it('refuses a mistake in any client before running the first, and what one run cannot split', async () => {
    const typo = await cli(['--client', 'reference', '--client', 'opencod', '-s', 'split-auth0'], env);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /opencode/);
    assert.doesNotMatch(typo.stdout, /split-auth0 pass/);
    for (const [args, said] of [
      [['--client', 'reference', '--client', 'reference'], /given twice/],
      [['--client', 'all', '--client', 'reference'], /give it alone/],
      [['--client', 'sdk', '--client', 'opencode', '--client-path', '/bin/true'], /--client-path names one binary/],
      [['--client', 'sdk', '--client', 'opencode', '--versions', '1,2'], /--versions runs the versions of one client/],
    ] as const) {
      const run = await cli([...args, '-s', 'split-auth0'], env);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, said);
    }
  });
});

describe('bisect', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bisect-'));
    // 9.0.0–9.0.4 cannot load their client (bad), 9.0.5 and 9.0.6 are the real SDK (good); 9.0.3 is not in the
    // cache and the fake npm refuses to install anything.
    for (const v of ['9.0.0', '9.0.1', '9.0.2', '9.0.4']) await fakeSdk(dir, v, 'broken');
    for (const v of ['9.0.5', '9.0.6']) await fakeSdk(dir, v, 'good');
    env = await withFakeNpm(dir, `'${JSON.stringify(['9.0.0', '9.0.1', '9.0.2', '9.0.3', '9.0.4', '9.0.5', '9.0.6', '9.1.0-beta.1'])}'`);
  });
  after(async () => {
    await removeDir(dir);
  });

  it('finds the first good version, skipping one that cannot be installed, within ceil(log2 n)+2 probes', { timeout: 300_000 }, async () => {
    const out = join(dir, 'out');
    const run = await cli(['bisect', '--client', 'sdk', '--bad', '9.0.0', '--good', '9.0.6', '-s', 'split-auth0', '--isolation', 'off', '--out', out], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /7 published version\(s\) from 9\.0\.0 \(bad\) to 9\.0\.6 \(good\)/);
    assert.match(run.stdout, /at most 5 version\(s\) probed/);
    assert.match(run.stdout, /sdk@9\.0\.3: skipped — cannot be installed or driven: npm could not install @modelcontextprotocol\/sdk@9\.0\.3/);
    assert.match(run.stdout, /skipped 9\.0\.3 \(like git bisect skip\)/);
    assert.match(run.stdout, /first good: sdk@9\.0\.5 \(last bad: sdk@9\.0\.4\); both verified by runs, 5 version\(s\) probed/);
    assert.match(run.stdout, /split-auth0: fail in 9\.0\.4 → pass in 9\.0\.5/);
    assert.match(run.stdout, /- authorized-request fails in 9\.0\.4, not in 9\.0\.5/);
    const summary = JSON.parse(await readFile(join(out, 'bisect.json'), 'utf8')) as {
      steps: { version: string; verdict: string }[];
      outcome: { kind: string; first: string; last: string };
    };
    assert.deepEqual(
      summary.steps.map((s) => `${s.version} ${s.verdict}`),
      ['9.0.0 bad', '9.0.6 good', '9.0.3 skip', '9.0.4 bad', '9.0.5 good'],
    );
    assert.deepEqual([summary.outcome.kind, summary.outcome.first, summary.outcome.last], ['found', '9.0.5', '9.0.4']);
    for (const v of ['9.0.0', '9.0.4', '9.0.5', '9.0.6']) assert.ok(existsSync(join(out, `sdk@${v}`, 'results.json')), `results of ${v}`);
    assert.deepEqual(await reportRows(join(out, 'index.html')), ['sdk@9.0.0', 'sdk@9.0.4', 'sdk@9.0.5', 'sdk@9.0.6']);
  });

  it('judges by one check with --check, and refuses a check the scenario does not judge', { timeout: 300_000 }, async () => {
    const refused = await cli(['bisect', '--client', 'sdk', '--bad', '9.0.0', '--good', '9.0.6', '-s', 'split-auth0', '--check', 'legacy-discovery'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--check legacy-discovery is not a check of split-auth0/);
    const noVersion = await cli(['bisect', '--client', 'sdk', '--bad', '9.0.0', '--good', '8.0.0', '-s', 'split-auth0'], env);
    assert.equal(noVersion.code, 2);
    assert.match(noVersion.stderr, /8\.0\.0 is not a published version of @modelcontextprotocol\/sdk/);
  });
});

describe('bisect against the registry', () => {
  it('finds the SDK release between 1.15.1 and 1.17.0 that fixed split-auth0', { timeout: 900_000 }, async (t) => {
    const reachable = await exec('npm', ['view', '@modelcontextprotocol/sdk@1.16.0', 'version'], { timeout: 30_000 }).then(
      () => undefined,
      (error: Error) => error.message.split('\n')[0],
    );
    if (reachable) {
      t.skip(`the npm registry is unreachable (${reachable})`);
      return;
    }
    const out = await mkdtemp(join(tmpdir(), 'bisect-real-'));
    try {
      const run = await cli(
        ['bisect', '--client', 'sdk', '--good', '1.17.0', '--bad', '1.15.1', '-s', 'split-auth0', '--timeout', '60000', '--out', out],
        {},
        900_000,
      );
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const summary = JSON.parse(await readFile(join(out, 'bisect.json'), 'utf8')) as {
        versions: string[];
        steps: unknown[];
        outcome: { kind: string; first: string; last: string };
      };
      assert.equal(summary.outcome.kind, 'found');
      const [first, last] = [summary.versions.indexOf(summary.outcome.first), summary.versions.indexOf(summary.outcome.last)];
      assert.equal(first, last + 1, 'first good and last bad are neighbours');
      assert.ok(summary.steps.length <= Math.ceil(Math.log2(summary.versions.length)) + 2);
      for (const v of [summary.outcome.first, summary.outcome.last]) assert.ok(existsSync(join(out, `sdk@${v}`, 'results.json')), `results of ${v} on disk`);
      assert.match(
        run.stdout,
        new RegExp(`first good: sdk@${summary.outcome.first.replace(/\./g, '\\.')} \\(last bad: sdk@${summary.outcome.last.replace(/\./g, '\\.')}\\)`),
      );
    } finally {
      await removeDir(out);
    }
  });
});
